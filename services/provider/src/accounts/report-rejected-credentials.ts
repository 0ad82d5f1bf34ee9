import { encodeEvent, EventTypes, Topics } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import type { ProviderAccount, ProviderAccountStore } from '@checkout/provider-accounts';

/**
 * A provider refused a merchant account's credentials (401/403): asking again cannot help, so the
 * account is marked `credentials_rejected` (routing skips it from then on) and its merchant told
 * through a ProviderAccountCredentialsRejected event (a webhook). Only the call that marked it
 * publishes; the provider's message is kept, never the credentials.
 */
export class ReportRejectedCredentials {
  constructor(
    private readonly store: Pick<ProviderAccountStore, 'markCredentialsRejected'>,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
    private readonly logger: Logger,
  ) {}

  async execute(account: ProviderAccount, providerMessage: string, sessionId: string): Promise<void> {
    if (account.applicationId === null) {
      // The deployment's own credentials: its operators hear of it from the logs and the alerts, not a merchant.
      this.logger.error({ accountId: account._id, provider: account.provider, sessionId }, 'the provider refused the platform account\'s credentials');
      return;
    }
    const now = new Date();
    const reason = `${account.provider} refused the credentials: ${providerMessage}`.slice(0, 500);
    if (!(await this.store.markCredentialsRejected(account._id, account.credentialsVersion, reason, now))) return;
    await this.publisher.publish(Topics.providerAccountStatus, [
      encodeEvent(EventTypes.providerAccountCredentialsRejected, this.eventSource, account._id, {
        accountId: account._id,
        applicationId: account.applicationId,
        livemode: account.mode === 'live',
        provider: account.provider,
        credentialsVersion: account.credentialsVersion,
        reason,
        sessionId,
        rejectedAt: now.toISOString(),
      }),
    ]);
    this.logger.warn({ accountId: account._id, provider: account.provider, sessionId }, 'provider account credentials rejected; account skipped until its credentials are replaced');
  }
}
