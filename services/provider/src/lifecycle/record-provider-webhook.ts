import type { Logger } from '@checkout/platform';
import { platformAccountId } from '@checkout/provider-accounts';
import type { WebhookNotice } from '@checkout/providers';
import type { SessionDocument, SessionLifecycle, SessionStore } from '@checkout/sessions';
import type { AccountClients } from '../accounts/account-clients';
import type { ProviderTelemetry } from '../provider-telemetry';

export class UnknownProviderError extends Error {}

export interface WebhookResult {
  acknowledgement: string;
  /** Sessions this notification moved; zero for a redelivery or an event we do not act on. */
  changed: number;
}

/** Why a signed notification does not belong to the session it names; null when it does. */
function mismatchOf(notice: WebhookNotice, session: SessionDocument, providerId: string, accountId: string, merchantAccount: string | undefined): string | null {
  if (session.provider?.name !== providerId) return 'other_provider';
  if ((session.provider.accountId ?? platformAccountId(providerId)) !== accountId) return 'other_account';
  if (notice.providerReference && notice.providerReference !== session.provider.reference) return 'other_checkout';
  if (notice.merchantAccount !== undefined && notice.merchantAccount !== merchantAccount) return 'other_merchant_account';
  if (notice.amount && notice.amount.currency !== session.currency) return 'currency';
  if (notice.amount && notice.amount.valueMinor !== session.amount.totalMinor) return 'amount';
  return null;
}

/**
 * POST /webhooks/{provider}/{accountId} (and /webhooks/{provider} for the platform account): the
 * signature is verified with that account's secret before anything else is read; a notification
 * must then match its session (that account's checkout; for Adyen also the merchant account, amount
 * and currency it signs), or it is recorded and ignored. Each moves its session out of PENDING at
 * most once (a redelivery changes nothing) and every move is published as SessionStatusChanged (a
 * payment reported for a session already expired completes it late rather than being dropped); one
 * that cannot be published is taken back and the request fails, so that the provider delivers again.
 */
export class RecordProviderWebhook {
  constructor(
    private readonly accounts: Pick<AccountClients, 'clientFor'>,
    private readonly store: SessionStore,
    private readonly lifecycle: SessionLifecycle,
    private readonly telemetry: ProviderTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(providerId: string, accountId: string | undefined, rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<WebhookResult> {
    const account = accountId ?? platformAccountId(providerId);
    // A disabled account's notifications are still taken: its open sessions complete.
    const client = await this.accounts.clientFor(account);
    if (!client || client.provider.id !== providerId) throw new UnknownProviderError(`no ${providerId} account ${account} is configured`);
    const { provider } = client;
    const { notices } = provider.parseWebhook({ rawBody, headers });
    let changed = 0;
    for (const notice of notices) {
      const session = notice.sessionId ? await this.store.find(notice.sessionId) : await this.store.findByProviderReference(provider.id, notice.providerReference);
      if (!session) {
        this.logger.warn({ provider: provider.id, accountId: account, eventId: notice.eventId }, 'webhook for an unknown checkout; ignored');
        continue;
      }
      const mismatch = mismatchOf(notice, session, provider.id, account, provider.merchantAccount);
      if (mismatch) {
        this.telemetry.webhookMismatch(provider.id, mismatch);
        this.logger.warn({ sessionId: session._id, provider: provider.id, accountId: account, eventId: notice.eventId, mismatch }, 'signed webhook does not match its session; recorded and ignored');
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
