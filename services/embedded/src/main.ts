import { telemetry } from './telemetry';
import {
  closeServer,
  createLogger,
  GracefulShutdown,
  Health,
  InMemoryEventBus,
  loadConfigOrExit,
} from '@checkout/platform';
import {
  DEVELOPMENT_AUDIENCE,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_JWT_SECRET,
  InMemoryIdempotencyStore,
  LocalOutcomeBroadcast,
  memoryRateLimits,
  OutcomeWaiters,
  signDevToken,
  startGateway,
  StaticVerificationKeys,
} from '@checkout/gateway';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET as SANDBOX_WEBHOOK_SECRET, InMemorySandboxCheckouts, SandboxProvider, startProvider } from '@checkout/provider';
import { InMemorySessionStore } from '@checkout/sessions';
import { HttpWebhookSender, startNotifications, unsafeNotificationsSettings } from '@checkout/notifications';
import { InMemoryWebhookStores } from '@checkout/webhooks';
import { InMemoryProviderSignals, loadCatalog, loadRules, startRouting } from '@checkout/routing';
import { observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { metrics } from '@opentelemetry/api';
import { readyBanner } from './banner';
import { embeddedSettings } from './config';

const DEMO_APPLICATION = 'demo-merchant';

/** `npm start`: the four services in one process, over in-memory adapters of the same ports. */
async function main(): Promise<void> {
  // The one process is a development setup: webhooks may go to local receivers.
  const config = loadConfigOrExit('checkout', embeddedSettings, (c) =>
    unsafeNotificationsSettings({ nodeEnv: 'development', allowPrivateNetworks: true, staleAttemptMs: c.staleAttemptMs, timeoutMs: c.webhookTimeoutMs }),
  );
  const logger = createLogger({ service: 'checkout-embedded', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const baseUrl = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const bus = new InMemoryEventBus(logger);
  observeConsumerLag(metrics.getMeter(ScopeName.embedded), bus);
  const sessions = new InMemorySessionStore();
  const webhooks = new InMemoryWebhookStores();
  const waiters = new OutcomeWaiters();
  const health = new Health([]);

  const catalog = loadCatalog(config.catalogFile);
  const routing = await startRouting(
    bus,
    new InMemoryProviderSignals(),
    { catalog, rules: loadRules(config.rulesFile, catalog), enabled: new Set(['sandbox']), probeShare: 0.1, eventSource: 'urn:checkout:routing' },
    logger,
  );
  const sandboxCheckouts = new InMemorySandboxCheckouts();
  const sandbox = new SandboxProvider(sandboxCheckouts, { publicUrl: baseUrl, webhookSecret: SANDBOX_WEBHOOK_SECRET, webhookToleranceSeconds: 300 });
  const provider = await startProvider(
    { bus, store: sessions, providers: new Map([[sandbox.id, sandbox]]), sandboxCheckouts },
    {
      eventSource: 'urn:checkout:provider',
      sandboxWebhookUrl: `${baseUrl}/webhooks/sandbox`,
      sandboxWebhookSecret: SANDBOX_WEBHOOK_SECRET,
      sweepIntervalMs: 10_000,
      announceIntervalMs: 5_000,
    },
    logger,
  );
  // Local receivers are what a developer points webhooks at: private addresses allowed here.
  const webhookSender = new HttpWebhookSender({ timeoutMs: config.webhookTimeoutMs, allowPrivateNetworks: true });
  const notifications = await startNotifications(
    { bus, sessions, webhooks, sender: webhookSender },
    { retryDelaysMs: config.retrySchedule, disableAfterMs: config.disableAfterMs, staleAttemptMs: config.staleAttemptMs, pollIntervalMs: config.pollIntervalMs, batchSize: config.batchSize },
    logger,
  );
  const gateway = await startGateway(
    {
      bus,
      webhooks,
      idempotency: new InMemoryIdempotencyStore(86_400_000),
      sessions,
      broadcast: new LocalOutcomeBroadcast(waiters),
      waiters,
      keys: new StaticVerificationKeys({ hs256Secret: DEVELOPMENT_JWT_SECRET }),
      // Stripe's live-mode budgets, in this one process.
      rateLimits: memoryRateLimits({ writes: { perSecond: 100, burst: 50 }, reads: { perSecond: 100, burst: 50 } }),
      health,
      metrics: telemetry.metrics,
    },
    {
      port: config.port,
      host: config.host,
      jwt: { issuer: DEVELOPMENT_ISSUER, audience: DEVELOPMENT_AUDIENCE, clockToleranceSeconds: 30 },
      waitBudgetMs: config.waitBudgetMs,
      staleRequestMs: 10_000, // never reached in one process: a gateway that dies takes its in-memory keys with it
      sessionTtlMs: 3_600_000,
      bodyLimitBytes: 65_536,
      allowHttpLocalhostRedirects: true,
      eventSource: 'urn:checkout:gateway',
      extraRoutes: [provider.router],
    },
    logger,
  );

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await closeServer(gateway.server);
    })
    .add('stop consumers', async () => {
      await Promise.all([gateway.outcomes.stop(), provider.stop(), routing.stop(), notifications.stop()]);
      webhookSender.close();
    })
    .add('close bus', () => bus.close())
    .add('flush telemetry', () => telemetry.shutdown());

  const token = signDevToken({
    applicationId: DEMO_APPLICATION,
    scopes: ['sessions:write', 'sessions:read', 'webhooks:write', 'webhooks:read'],
    expiresInSeconds: 86_400,
    secret: DEVELOPMENT_JWT_SECRET,
    issuer: DEVELOPMENT_ISSUER,
    audience: DEVELOPMENT_AUDIENCE,
  });
  process.stdout.write(readyBanner(baseUrl, token, DEMO_APPLICATION));
}

main().catch((error: unknown) => {
  process.stderr.write(`checkout: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
