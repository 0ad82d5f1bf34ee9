import express, { type Router } from 'express';
import { ConsumerGroups, ContractValidator, deadLetterTopic, EventTypes, Topics } from '@checkout/contracts';
import { runEvery, subscribeValidated, type EventBus, type Logger } from '@checkout/platform';
import { CustomerDataErasure, SessionLifecycle, type SessionStore } from '@checkout/sessions';
import { CreateCheckout } from './create-checkout';
import { ProviderTelemetry } from './provider-telemetry';
import { sandboxPages } from './http/sandbox-pages';
import { shopperReturnRoutes } from './http/shopper-return-routes';
import { ShopperReturnUrls } from './http/shopper-return-urls';
import { webhookRoutes } from './http/webhook-routes';
import { AnnounceUnannouncedMoves } from './lifecycle/announce-unannounced-moves';
import { CloseCheckoutAtProvider } from './lifecycle/close-checkout-at-provider';
import { ExpireOverdueSessions } from './lifecycle/expire-overdue-sessions';
import { EraseRetainedCustomerData } from './lifecycle/erase-retained-customer-data';
import { FailDeadLetteredSessions } from './lifecycle/fail-dead-lettered-sessions';
import { RecordProviderWebhook } from './lifecycle/record-provider-webhook';
import { ReturnShopper } from './lifecycle/return-shopper';
import type { ProviderAccountStore } from '@checkout/provider-accounts';
import { SandboxWebhookSender, type SandboxCheckouts } from '@checkout/providers';
import type { AccountClients } from './accounts/account-clients';
import { ReportRejectedCredentials } from './accounts/report-rejected-credentials';

/** A session still PROCESSING this long after its creation counts as stuck (checkout.sessions.stuck_processing), counted this often. */
const STUCK_AFTER_MS = 60_000;
const STUCK_COUNT_INTERVAL_MS = 30_000;

export interface ProviderAdapters {
  bus: EventBus;
  store: SessionStore;
  /** Every provider account's client (buildAccountClients). */
  accounts: AccountClients;
  accountStore: ProviderAccountStore;
  sandboxCheckouts: SandboxCheckouts;
  /** Whether the deployment runs the sandbox (PROVIDERS): its pages are served then. */
  sandboxEnabled: boolean;
}

export interface ProviderOptions {
  eventSource: string;
  /** Public base URL of this service, where providers send shoppers back (`<base>/return/{provider}/{sessionId}`). */
  returnBaseUrl: string;
  sandboxWebhookUrl: string;
  sandboxWebhookSecret: string;
  sweepIntervalMs: number;
  announceIntervalMs: number;
  customerDataRetentionDays: number;
  retentionSweepIntervalMs: number;
}

export interface RunningProvider {
  /** /webhooks/{provider} and the sandbox pages, for whichever HTTP server the mode runs. */
  router: Router;
  stop(): Promise<void>;
}

/** Wires the provider service's use cases to bus, stores and HTTP; the same for the service and the embedded mode. */
export async function startProvider(adapters: ProviderAdapters, options: ProviderOptions, logger: Logger): Promise<RunningProvider> {
  const { bus, store, accounts } = adapters;
  // Routing learns the platform accounts' modes from here: this service alone holds their credentials.
  await adapters.accountStore.publishPlatformAccounts(accounts.platformAccounts());
  const validator = new ContractValidator();
  const telemetry = new ProviderTelemetry();
  telemetry.observeStuckSessions();
  const sessions = new SessionLifecycle(store, bus, options.eventSource);
  const createCheckout = new CreateCheckout(store, sessions, accounts, new ReportRejectedCredentials(adapters.accountStore, bus, options.eventSource, logger), new ShopperReturnUrls(options.returnBaseUrl), telemetry, logger);
  const checkouts = await subscribeValidated(bus, {
    groupId: ConsumerGroups.provider,
    topics: [Topics.sessionRouted],
    validator,
    logger,
    handlers: { [EventTypes.sessionRouted]: (event) => createCheckout.execute(event.data) },
  });
  const closeAtProvider = new CloseCheckoutAtProvider(accounts, logger);
  const lifecycle = await subscribeValidated(bus, {
    groupId: ConsumerGroups.providerLifecycle,
    topics: [Topics.sessionStatus],
    validator,
    logger,
    handlers: {
      [EventTypes.sessionStatusChanged]: async (event) => {
        await closeAtProvider.execute(event.data);
        telemetry.sessionStatusChanged(event.data);
      },
    },
  });
  const failDeadLettered = new FailDeadLetteredSessions(sessions, logger);
  const deadLetters = await bus.subscribe({
    groupId: ConsumerGroups.providerDeadLetters,
    topics: [deadLetterTopic(Topics.sessionRequested), deadLetterTopic(Topics.sessionRouted)],
    handler: (message) => failDeadLettered.execute(message),
  });
  const sweeper = options.sweepIntervalMs > 0 ? new ExpireOverdueSessions(store, sessions, logger).start(options.sweepIntervalMs) : undefined;
  const relay = new AnnounceUnannouncedMoves(sessions, telemetry, logger).start(options.announceIntervalMs);
  const retention =
    options.retentionSweepIntervalMs > 0
      ? new EraseRetainedCustomerData(new CustomerDataErasure(store, bus, options.eventSource), options.customerDataRetentionDays, logger).start(options.retentionSweepIntervalMs)
      : undefined;
  const countStuck = async () => telemetry.stuckSessionsCounted(await store.countProcessing(new Date(Date.now() - STUCK_AFTER_MS)));
  void countStuck().catch(() => undefined);
  const stuckWatch = runEvery(STUCK_COUNT_INTERVAL_MS, countStuck, (error) => logger.warn({ err: error }, 'could not count the sessions stuck PROCESSING; will retry'));

  const router = express.Router();
  router.use(webhookRoutes(new RecordProviderWebhook(accounts, store, sessions, telemetry, logger)));
  router.use(shopperReturnRoutes(new ReturnShopper(store, accounts, logger)));
  if (adapters.sandboxEnabled) {
    router.use(sandboxPages(adapters.sandboxCheckouts, new SandboxWebhookSender(options.sandboxWebhookUrl, options.sandboxWebhookSecret, logger), options.sandboxWebhookSecret));
  }
  return {
    router,
    stop: async () => {
      await Promise.all([sweeper?.stop(), relay.stop(), retention?.stop(), stuckWatch.stop()]);
      await Promise.all([checkouts.stop(), lifecycle.stop(), deadLetters.stop()]);
    },
  };
}
