import { apiTime, encodeEvent, EventTypes, Topics, type IdempotencyReference, type ProviderAttempt, type SessionFailed, type SessionRouted } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import { outcomeOf, type SessionDocument, type SessionRouting, type SessionStore } from '@checkout/sessions';
import { Attr, withSpan } from '@checkout/telemetry';
import type { ProviderTelemetry } from './provider-telemetry';
import { callBudget, ProviderError, type CreateCheckoutInput, type PaymentProvider } from './providers/payment-provider';

export interface CreateCheckoutSettings {
  eventSource: string;
}

/**
 * SessionRouted → a checkout at the best candidate that answers, failing over to the next on a
 * timeout, 5xx, 429 or connection error (never on a request the provider rejected), then the
 * session written back to MongoDB and SessionReady or SessionFailed published.
 * A redelivered event finds the session already decided and publishes that decision again.
 */
export class CreateCheckout {
  constructor(
    private readonly store: SessionStore,
    private readonly providers: ReadonlyMap<string, PaymentProvider>,
    private readonly publisher: EventPublisher,
    private readonly settings: CreateCheckoutSettings,
    private readonly telemetry: ProviderTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(routed: SessionRouted): Promise<void> {
    const session = await this.store.find(routed.sessionId);
    if (!session || session.applicationId !== routed.applicationId) {
      await this.publishFailure({
        sessionId: routed.sessionId,
        applicationId: routed.applicationId,
        currency: routed.currency,
        code: 'session_not_found',
        detail: 'The routed session is not stored.',
        attempts: [],
        ...(routed.idempotency ? { idempotency: routed.idempotency } : {}),
      });
      return;
    }
    if (session.status !== 'PROCESSING') return this.publishDecision(session);

    const attempts: ProviderAttempt[] = [];
    const routing = (selectedProvider: string, score: number): SessionRouting => ({
      selectedProvider,
      score,
      candidates: routed.candidates,
      rejected: routed.rejected,
    });
    for (const candidate of routed.candidates) {
      const provider = this.providers.get(candidate.provider);
      const startedAt = Date.now();
      if (!provider) {
        attempts.push({ provider: candidate.provider, outcome: 'failed', latencyMs: 0, errorCode: 'not_configured', at: new Date().toISOString() });
        continue;
      }
      try {
        const created = await this.attempt(provider, checkoutInput(session), candidate.timeoutMs, attempts.length + 1);
        this.telemetry.providerCalled(provider.id, (Date.now() - startedAt) / 1000);
        attempts.push({ provider: provider.id, outcome: 'succeeded', latencyMs: Date.now() - startedAt, at: new Date().toISOString() });
        const changes = { routing: routing(provider.id, candidate.score), provider: { name: provider.id, reference: created.reference }, checkoutUrl: created.checkoutUrl, attempts };
        const updated = (await this.store.move(session._id, { from: 'PROCESSING', to: 'PENDING', changes }))?.session ?? (await this.store.find(session._id));
        this.logger.info({ sessionId: session._id, provider: provider.id, attempts: attempts.length }, 'checkout created');
        return this.publishDecision(updated ?? session);
      } catch (error) {
        const failure = asProviderError(error);
        this.telemetry.providerCalled(provider.id, (Date.now() - startedAt) / 1000, failure.code);
        attempts.push({ provider: provider.id, outcome: 'failed', latencyMs: Date.now() - startedAt, errorCode: failure.code, at: new Date().toISOString() });
        this.logger.warn({ sessionId: session._id, provider: provider.id, code: failure.code, kind: failure.kind }, 'provider attempt failed');
        if (failure.kind === 'rejected') break;
      }
    }

    const detail = `Every candidate provider failed: ${attempts.map((a) => `${a.provider} (${a.errorCode})`).join(', ')}.`;
    const best = routed.candidates[0];
    const changes = { failure: { code: 'provider_unavailable' as const, detail }, attempts, routing: best ? routing(best.provider, best.score) : null };
    const updated = (await this.store.move(session._id, { from: 'PROCESSING', to: 'FAILED', changes }))?.session ?? (await this.store.find(session._id));
    await this.publishDecision(updated ?? session);
  }

  /** One call to one provider, in its own span, within the catalog's timeout for that provider. */
  private attempt(provider: PaymentProvider, input: CreateCheckoutInput, timeoutMs: number, attempt: number) {
    const attributes = { [Attr.sessionId]: input.sessionId, [Attr.provider]: provider.id, [Attr.attemptNumber]: attempt, [Attr.attemptTimeoutMs]: timeoutMs };
    return withSpan(this.telemetry.tracer, 'checkout.provider.attempt', attributes, async (span) => {
      try {
        const created = await provider.createCheckout(input, callBudget(timeoutMs));
        span.setAttribute(Attr.attemptOutcome, 'succeeded');
        return created;
      } catch (error) {
        span.setAttributes({ [Attr.attemptOutcome]: 'failed', [Attr.errorCode]: asProviderError(error).code });
        throw error;
      }
    });
  }

  /** Publishes what the stored session says: a checkout (SessionReady) or a failure. */
  private async publishDecision(session: SessionDocument): Promise<void> {
    const outcome = outcomeOf(session);
    if (outcome?.kind === 'ready') {
      await this.publisher.publish(Topics.sessionOutcome, [
        encodeEvent(EventTypes.sessionReady, this.settings.eventSource, session._id, {
          sessionId: session._id,
          applicationId: session.applicationId,
          currency: session.currency,
          attempts: session.attempts,
          status: 'PENDING',
          checkoutUrl: outcome.checkoutUrl,
          provider: outcome.provider,
          providerReference: outcome.providerReference,
          score: outcome.score,
          createdAt: apiTime(session.createdAt),
          expiresAt: apiTime(session.expiresAt),
          idempotency: idempotencyOf(session),
        }),
      ]);
      return;
    }
    await this.publishFailure({
      sessionId: session._id,
      applicationId: session.applicationId,
      currency: session.currency,
      code: 'provider_unavailable',
      detail: outcome?.detail ?? 'No provider checkout could be created.',
      attempts: session.attempts,
      idempotency: idempotencyOf(session),
    });
  }

  private publishFailure(failed: SessionFailed): Promise<void> {
    return this.publisher.publish(Topics.sessionOutcome, [
      encodeEvent(EventTypes.sessionFailed, this.settings.eventSource, failed.sessionId, failed),
    ]);
  }
}

function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return new ProviderError('retryable', 'connection_error', (error as Error).message ?? String(error));
}

function idempotencyOf(session: SessionDocument): IdempotencyReference {
  return { keyHash: session.idempotencyKeyHash, fingerprint: session.requestFingerprint };
}

function checkoutInput(session: SessionDocument): CreateCheckoutInput {
  return {
    sessionId: session._id,
    orderReference: session.orderReference,
    currency: session.currency,
    totalMinor: session.amount.totalMinor,
    shippingMinor: session.amount.shippingMinor,
    taxMinor: session.amount.taxMinor,
    lineItems: session.orderItems,
    customerEmail: session.customer.email,
    locale: session.locale,
    billingCountry: session.customer.billingAddress?.country ?? null,
    successUrl: session.redirectUrls.success,
    cancelUrl: session.redirectUrls.failure,
    expiresAt: session.expiresAt,
  };
}
