import type { Logger } from '@checkout/platform';
import type { SessionLifecycle, SessionStore } from '@checkout/sessions';
import type { PaymentProvider } from '@checkout/providers';
import type { ProviderTelemetry } from '../provider-telemetry';

export class UnknownProviderError extends Error {}

export interface WebhookResult {
  acknowledgement: string;
  /** Sessions this notification moved; zero for a redelivery or an event we do not act on. */
  changed: number;
}

/**
 * POST /webhooks/{provider}: the signature is verified before anything else is read; each
 * notification moves its session out of PENDING at most once (a redelivery changes nothing) and
 * every move is published as SessionStatusChanged (a payment reported for a session already
 * expired completes it late rather than being dropped); one that cannot be published is taken back and
 * the request fails, so that the provider delivers the notification again.
 */
export class RecordProviderWebhook {
  constructor(
    private readonly providers: ReadonlyMap<string, PaymentProvider>,
    private readonly store: SessionStore,
    private readonly lifecycle: SessionLifecycle,
    private readonly telemetry: ProviderTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(providerId: string, rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<WebhookResult> {
    const provider = this.providers.get(providerId);
    if (!provider) throw new UnknownProviderError(`no provider ${providerId} is configured`);
    const { notices } = provider.parseWebhook({ rawBody, headers });
    let changed = 0;
    for (const notice of notices) {
      const session = await this.store.findByProviderReference(provider.id, notice.providerReference);
      if (!session) {
        this.logger.warn({ provider: provider.id, eventId: notice.eventId }, 'webhook for an unknown checkout; ignored');
        continue;
      }
      if (session.status === 'EXPIRED' && notice.status === 'COMPLETED') {
        // Paid after we expired it: the money moved, so the session records it and the merchant hears.
        const late = await this.lifecycle.close(session._id, { from: 'EXPIRED', to: 'COMPLETED', reason: 'webhook', paymentReference: notice.paymentReference ?? null });
        if (late) {
          changed += 1;
          this.telemetry.completedLate(provider.id);
          this.logger.warn({ sessionId: late._id, provider: provider.id }, 'payment reported for an expired session; recorded as completed late');
        }
        continue;
      }
      const moved = await this.lifecycle.close(session._id, {
        from: 'PENDING',
        to: notice.status,
        reason: 'webhook',
        ...(notice.status === 'COMPLETED' ? { paymentReference: notice.paymentReference ?? null } : {}),
      });
      if (!moved) {
        this.logger.info({ sessionId: session._id, status: session.status, notice: notice.status }, 'webhook for a session no longer pending; nothing to change');
        continue;
      }
      changed += 1;
      this.logger.info({ sessionId: moved._id, provider: provider.id, status: notice.status }, 'session status changed by webhook');
    }
    return { acknowledgement: provider.webhookAcknowledgement, changed };
  }
}
