import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { subscribeValidated, type EventBus, type Logger } from '@checkout/platform';
import type { SessionStore } from '@checkout/sessions';
import { RetrySchedule, type WebhookStores } from '@checkout/webhooks';
import { DeliverWebhooks } from './deliver-webhooks';
import { NotificationsTelemetry } from './notifications-telemetry';
import { RecordMerchantEvent } from './record-merchant-event';
import { RecordAccountEvent } from './record-account-event';
import { PurgeWebhookHistory } from './purge-webhook-history';
import { ReplayWebhooks } from './replay-webhooks';
import type { ProviderAccount } from '@checkout/provider-accounts';
import type { WebhookSender } from './webhook-sender';

export interface NotificationsAdapters {
  bus: EventBus;
  sessions: SessionStore;
  webhooks: WebhookStores;
  /** Provider accounts as stored (never their secrets): what an account event must match. */
  providerAccounts: { find(accountId: string): Promise<ProviderAccount | null> };
  sender: WebhookSender;
}

export interface NotificationsOptions {
  retryDelaysMs: readonly number[];
  disableAfterMs: number;
  staleAttemptMs: number;
  pollIntervalMs: number;
  batchSize: number;
  eventRetentionDays: number;
  purgeIntervalMs: number;
}

export interface RunningNotifications {
  deliveries: DeliverWebhooks;
  stop(): Promise<void>;
}

/** Wires the notifications service: status changes in, events and deliveries stored, webhooks out. The same for the service and the embedded mode. */
export async function startNotifications(adapters: NotificationsAdapters, options: NotificationsOptions, logger: Logger): Promise<RunningNotifications> {
  const telemetry = new NotificationsTelemetry();
  const deliveries = new DeliverWebhooks(
    adapters.webhooks,
    adapters.sender,
    { schedule: new RetrySchedule(options.retryDelaysMs), disableAfterMs: options.disableAfterMs, staleAttemptMs: options.staleAttemptMs, batchSize: options.batchSize },
    telemetry,
    logger,
  ).start(options.pollIntervalMs);
  const record = new RecordMerchantEvent(adapters.sessions, adapters.webhooks, telemetry, logger, () => deliveries.poke());
  const recordAccount = new RecordAccountEvent(adapters.providerAccounts, adapters.webhooks, telemetry, logger, () => deliveries.poke());
  const changes = await subscribeValidated(adapters.bus, {
    groupId: ConsumerGroups.notifications,
    topics: [Topics.sessionStatus, Topics.sessionErasure, Topics.providerAccountStatus],
    validator: new ContractValidator(),
    logger,
    handlers: {
      [EventTypes.sessionStatusChanged]: (event) => record.execute(event.data),
      [EventTypes.sessionCustomerErased]: (event) => record.executeErasure(event.data),
      [EventTypes.providerAccountCredentialsRejected]: (event) => recordAccount.execute(event.data),
    },
  });
  const replays = new ReplayWebhooks(adapters.webhooks, logger, () => deliveries.poke(), options.staleAttemptMs).start(options.pollIntervalMs);
  const purge = options.purgeIntervalMs > 0 ? new PurgeWebhookHistory(adapters.webhooks, options.eventRetentionDays, logger).start(options.purgeIntervalMs) : undefined;
  return {
    deliveries,
    stop: async () => {
      await changes.stop();
      await replays.stop();
      await Promise.all([deliveries.stop(), purge?.stop()]);
    },
  };
}
