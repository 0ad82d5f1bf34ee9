import { isLive, type ProviderAttempt, type RankedCandidate, type SessionRouted } from '@checkout/contracts';
import { isPlatformAccountId, platformAccountId, servedMode } from '@checkout/provider-accounts';
import { DependencyUnavailable, type Logger } from '@checkout/platform';
import type { SessionDocument, SessionLifecycle, SessionRouting, SessionStore } from '@checkout/sessions';
import { Attr, withSpan } from '@checkout/telemetry';
import type { ShopperReturnUrls } from './http/shopper-return-urls';
import type { ProviderTelemetry } from './provider-telemetry';
import type { AccountClient, AccountClients } from './accounts/account-clients';
import type { ReportRejectedCredentials } from './accounts/report-rejected-credentials';
import { callBudget, classifyProviderFailure, failsOver, ProviderError, unanswered, type CallBudget, type CreateCheckoutInput, type PaymentProvider } from '@checkout/providers';

/**
 * SessionRouted → a checkout at the best candidate account that answers, failing over to the next
 * unless a provider refused the request itself (`failsOver`: another would refuse it too); an
 * account disabled since routing, or whose credentials the provider refuses, is skipped (the
 * latter marked and its merchant told). Then the session is decided through its lifecycle, which writes it back and publishes SessionReady or
 * SessionFailed. A routing with no candidate fails the session `no_eligible_provider`; this service
 * is the one writer of every PROCESSING outcome. A redelivered event finds the session already
 * decided and publishes that decision again.
 */
export class CreateCheckout {
  constructor(
    private readonly store: SessionStore,
    private readonly lifecycle: SessionLifecycle,
    private readonly accounts: AccountClients,
    private readonly rejectedCredentials: ReportRejectedCredentials,
    private readonly returnUrls: ShopperReturnUrls,
    private readonly telemetry: ProviderTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(routed: SessionRouted): Promise<void> {
    const session = await this.store.find(routed.sessionId);
    if (!session || session.applicationId !== routed.applicationId) return this.lifecycle.announceNotStored(routed);
    if (session.status !== 'PROCESSING') return this.lifecycle.announceOutcome(session);
    if (routed.candidates.length === 0) {
      const failure = { code: 'no_eligible_provider' as const, detail: noEligibleProviderDetail(routed.rejected) };
      await this.lifecycle.decide(session, { from: 'PROCESSING', to: 'FAILED', changes: { failure, attempts: [], routing: null } });
      this.logger.info({ sessionId: session._id, rejected: routed.rejected }, 'no eligible provider');
      return;
    }

    const attempts: ProviderAttempt[] = [];
    const routing = (selectedProvider: string, score: number): SessionRouting => ({
      selectedProvider,
      score,
      candidates: routed.candidates,
      rejected: routed.rejected,
    });
    for (const candidate of routed.candidates) {
      const accountId = accountOf(candidate);
      const resolved = await this.accounts.clientFor(accountId);
      const unusable = unusableReason(resolved, session);
      if (!resolved || unusable) {
        // Gone, another application's, or disabled or refused since routing chose it: no call is made.
        attempts.push({ provider: candidate.provider, account: accountId, outcome: 'failed', latencyMs: 0, errorCode: unusable ?? 'account_not_found', at: new Date().toISOString() });
        continue;
      }
      const { account, provider } = resolved;
      const startedAt = Date.now();
      try {
        const created = await this.attempt(provider, accountId, checkoutInput(session, this.returnUrls.of(provider.id, session._id), callBudget(candidate.timeoutMs)), attempts.length + 1);
        this.telemetry.providerCalled(provider.id, account.mode, (Date.now() - startedAt) / 1000);
        attempts.push({ provider: provider.id, account: accountId, outcome: 'succeeded', latencyMs: Date.now() - startedAt, at: new Date().toISOString() });
        const changes = { routing: routing(provider.id, candidate.score), provider: { name: provider.id, reference: created.reference, accountId }, checkoutUrl: created.checkoutUrl, attempts };
        await this.lifecycle.decide(session, { from: 'PROCESSING', to: 'PENDING', changes });
        this.logger.info({ sessionId: session._id, provider: provider.id, accountId, attempts: attempts.length }, 'checkout created');
        return;
      } catch (error) {
        // One of our own stores failed (an adapter that keeps state in our database): not the
        // provider's fault, and no reason to fail the session; the message is delivered again.
        if (error instanceof DependencyUnavailable) throw error;
        const failure = asProviderError(error);
        this.telemetry.providerCalled(provider.id, account.mode, (Date.now() - startedAt) / 1000, failure.code);
        attempts.push({ provider: provider.id, account: accountId, outcome: 'failed', latencyMs: Date.now() - startedAt, errorCode: failure.code, at: new Date().toISOString() });
        this.logger.warn({ sessionId: session._id, provider: provider.id, accountId, code: failure.code, kind: failure.kind }, 'provider attempt failed');
        if (failure.kind === 'credentials') await this.rejectedCredentials.execute(account, failure.message, session._id);
        if (!failsOver(failure)) break;
      }
    }

    const detail = `Every candidate provider failed: ${attempts.map((a) => `${nameOf(a.provider, a.account)} (${a.errorCode})`).join(', ')}.`;
    const best = routed.candidates[0]!;
    const changes = { failure: { code: 'provider_unavailable' as const, detail }, attempts, routing: routing(best.provider, best.score) };
    await this.lifecycle.decide(session, { from: 'PROCESSING', to: 'FAILED', changes });
  }

  /** One call to one provider, in its own span, within the catalog's timeout for that provider. */
  private attempt(provider: PaymentProvider, accountId: string, input: CreateCheckoutInput, attempt: number) {
    const attributes = { [Attr.sessionId]: input.sessionId, [Attr.provider]: provider.id, [Attr.providerAccount]: accountId, [Attr.attemptNumber]: attempt, [Attr.attemptTimeoutMs]: input.budget.timeoutMs };
    return withSpan(this.telemetry.tracer, 'checkout.provider.attempt', attributes, async (span) => {
      try {
        const created = await provider.createCheckout(input);
        span.setAttribute(Attr.attemptOutcome, 'succeeded');
        return created;
      } catch (error) {
        span.setAttributes({ [Attr.attemptOutcome]: 'failed', [Attr.errorCode]: asProviderError(error).code });
        throw error;
      }
    });
  }
}

/** Why an account cannot open this session's checkout now (an attempt's error code), or null when it can. */
function unusableReason(resolved: AccountClient | null, session: SessionDocument): string | null {
  if (!resolved) return 'account_not_found';
  const { account } = resolved;
  if (account.applicationId !== null && account.applicationId !== session.applicationId) return 'account_not_found';
  // Routing sends a session to its own mode's accounts only; this holds even if a routing said otherwise.
  if ((servedMode(account) === 'live') !== isLive(session)) return 'account_wrong_mode';
  return account.status === 'enabled' ? null : `account_${account.status}`;
}

/** The candidate's account; a routing from before accounts named only the provider: the platform's account. */
function accountOf(candidate: RankedCandidate): string {
  return candidate.account ?? platformAccountId(candidate.provider);
}

/** A provider as the merchant knows it: with the account's id when it is one of the merchant's own. */
function nameOf(provider: string, account: string | undefined): string {
  return account && !isPlatformAccountId(account) ? `${provider} account ${account}` : provider;
}

/** Why routing found no provider, for the merchant: each provider (or account of its own) with its reasons. */
function noEligibleProviderDetail(rejected: SessionRouted['rejected']): string {
  return `No provider can take this payment: ${rejected.map((r) => `${nameOf(r.provider, r.account)} ${r.reasons.join(', ')}`).join('; ')}.`;
}

/** An adapter's error as thrown, or anything else classified as the adapters classify an unanswered call. */
function asProviderError(error: unknown): ProviderError {
  return error instanceof ProviderError ? error : classifyProviderFailure(unanswered(error));
}

/** The whole order, as the merchant sent it, for the provider; `returnUrl` is our return endpoint for this session at that provider. */
function checkoutInput(session: SessionDocument, returnUrl: string, budget: CallBudget): CreateCheckoutInput {
  // A PROCESSING session's customer is never erased (erasure waits for the decision); an empty shopper otherwise.
  const customer = session.customer ?? { firstName: '', lastName: '', email: '' };
  return {
    sessionId: session._id,
    orderReference: session.orderReference,
    paymentMethod: session.paymentMethod,
    currency: session.currency,
    totalMinor: session.amount.totalMinor,
    shippingMinor: session.amount.shippingMinor,
    taxMinor: session.amount.taxMinor,
    lineItems: session.orderItems,
    shopper: {
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      phone: customer.phone ?? null,
      billingAddress: customer.billingAddress ?? null,
      shippingAddress: customer.shippingAddress ?? null,
    },
    shipping: session.shipping,
    locale: session.locale,
    metadata: Object.fromEntries(Object.entries(session.additionalInformation).map(([key, value]) => [key, String(value)])),
    successUrl: session.redirectUrls.success,
    failureUrl: session.redirectUrls.failure,
    returnUrl,
    expiresAt: session.expiresAt,
    budget,
  };
}
