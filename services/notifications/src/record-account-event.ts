import type { ProviderAccountCredentialsRejected } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { accountView, type ProviderAccount } from '@checkout/provider-accounts';
import { merchantEventId, type MerchantEventDocument, type WebhookStores } from '@checkout/webhooks';
import type { NotificationsTelemetry } from './notifications-telemetry';
import { recordMerchantEvent } from './queue-deliveries';

/**
 * A provider refused a merchant account's credentials (ProviderAccountCredentialsRejected): the
 * merchant event `provider_account.credentials_rejected`, and its deliveries. As for sessions, the
 * stored account is the truth, not the event: it must show those credentials rejected.
 */
export class RecordAccountEvent {
  constructor(
    private readonly accounts: { find(accountId: string): Promise<ProviderAccount | null> },
    private readonly stores: WebhookStores,
    private readonly telemetry: NotificationsTelemetry,
    private readonly logger: Logger,
    private readonly deliveriesDue: () => void,
  ) {}

  async execute(rejected: ProviderAccountCredentialsRejected): Promise<void> {
    const account = await this.accounts.find(rejected.accountId);
    if (!account || account.applicationId !== rejected.applicationId || account.status !== 'credentials_rejected' || account.credentialsVersion !== rejected.credentialsVersion) {
      this.logger.warn({ accountId: rejected.accountId, stored: account?.status ?? 'none' }, 'credentials rejection the stored account does not show; no event');
      return;
    }
    const type = 'provider_account.credentials_rejected' as const;
    const event: MerchantEventDocument = {
      _id: merchantEventId(`${account._id}:${account.credentialsVersion}`, type),
      applicationId: rejected.applicationId,
      livemode: account.mode === 'live',
      type,
      accountId: account._id,
      data: { object: accountView(account) },
      createdAt: new Date(rejected.rejectedAt),
    };
    const queued = await recordMerchantEvent(this.stores, this.telemetry, event, this.deliveriesDue);
    this.logger.info({ accountId: account._id, eventId: event._id, queued }, 'merchant event recorded');
  }
}
