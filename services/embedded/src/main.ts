import { telemetry } from './telemetry';
import { closeServer, configWith, createLogger, GracefulShutdown, Health, InMemoryEventBus, loadConfigOrExit, pickConfig } from '@checkout/platform';
import {
  buildVerificationKeys,
  DEVELOPMENT_AUDIENCE,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_JWT_SECRET,
  gatewayOptionsOf,
  gatewaySettings,
  InMemoryIdempotencyStore,
  LocalOutcomeBroadcast,
  memoryRateLimits,
  OutcomeWaiters,
  signDevToken,
  startGateway,
} from '@checkout/gateway';
import { buildAccountClients, providerOptionsOf, providerSettings, startProvider } from '@checkout/provider';
import { InMemorySandboxCheckouts } from '@checkout/providers';
import { InMemorySessionStore } from '@checkout/sessions';
import { HttpWebhookSender, notificationsOptionsOf, notificationsSettings, startNotifications, unsafeNotificationsSettings } from '@checkout/notifications';
import { InMemoryWebhookStores } from '@checkout/webhooks';
import { InMemoryProviderSignals, offeredProviders, routingOptionsOf, routingSettings, startRouting } from '@checkout/routing';
import { AccountDirectory, CachedAccountDirectory, InMemoryProviderAccountStore } from '@checkout/provider-accounts';
import { observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { metrics } from '@opentelemetry/api';
import { readyBanner } from './banner';
import { EMBEDDED_SETTINGS_OF, embeddedSettings } from './config';

const DEMO_APPLICATION = 'demo-merchant';

/** `npm start`: the four services in one process, over in-memory adapters of the same ports. */
async function main(): Promise<void> {
  // The one process is a development setup: the public development secrets, the sandbox only,
  // http redirect URLs on localhost, and webhooks to local receivers.
  const development = { nodeEnv: 'development' } as const;
  const config = loadConfigOrExit('checkout', embeddedSettings, (c) => unsafeNotificationsSettings({ ...c, ...development, allowPrivateNetworks: true }));
  const logger = createLogger({ service: 'checkout-embedded', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const baseUrl = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const gatewayConfig = configWith(gatewaySettings, {
    ...pickConfig(config, EMBEDDED_SETTINGS_OF.gateway),
    ...development,
    host: config.host,
    allowHttpLocalhostRedirects: true,
    allowHttpLocalhostWebhooks: true,
    jwtHs256Secret: DEVELOPMENT_JWT_SECRET,
  });
  const routingConfig = configWith(routingSettings, { ...pickConfig(config, EMBEDDED_SETTINGS_OF.routing), ...development, providers: ['sandbox'] });
  const providerConfig = configWith(providerSettings, { ...pickConfig(config, EMBEDDED_SETTINGS_OF.provider), ...development, providers: ['sandbox'], sandboxPublicUrl: baseUrl });
  const notificationsConfig = configWith(notificationsSettings, { ...pickConfig(config, EMBEDDED_SETTINGS_OF.notifications), ...development, allowPrivateNetworks: true });

  const bus = new InMemoryEventBus(logger);
  observeConsumerLag(metrics.getMeter(ScopeName.embedded), bus);
  const sessions = new InMemorySessionStore();
  const webhooks = new InMemoryWebhookStores();
  const waiters = new OutcomeWaiters();
  const health = new Health([]);

  // Provider accounts in memory, their credentials sealed under a keyring made for this process alone.
  const providerAccounts = new InMemoryProviderAccountStore();
  const accountDirectory = new CachedAccountDirectory(new AccountDirectory(providerAccounts, offeredProviders(routingConfig.providers)), routingConfig.accountsCacheMs);
  const routing = await startRouting(bus, new InMemoryProviderSignals(), accountDirectory, routingOptionsOf(routingConfig), logger);
  const sandboxCheckouts = new InMemorySandboxCheckouts();
  const accounts = buildAccountClients(providerConfig, sandboxCheckouts, providerAccounts, logger);
  const provider = await startProvider({ bus, store: sessions, accounts, accountStore: providerAccounts, sandboxCheckouts, sandboxEnabled: true }, providerOptionsOf(providerConfig), logger);
  const { options: notificationsOptions, sender: senderOptions } = notificationsOptionsOf(notificationsConfig);
  const webhookSender = new HttpWebhookSender(senderOptions);
  const notifications = await startNotifications({ bus, sessions, webhooks, providerAccounts, sender: webhookSender }, notificationsOptions, logger);
  const { options: gatewayOptions, rateLimits, idempotencyTtlMs } = gatewayOptionsOf(gatewayConfig);
  const gateway = await startGateway(
    {
      bus,
      webhooks,
      providerAccounts,
      idempotency: new InMemoryIdempotencyStore(idempotencyTtlMs),
      sessions,
      broadcast: new LocalOutcomeBroadcast(waiters),
      waiters,
      keys: buildVerificationKeys(gatewayConfig),
      rateLimits: memoryRateLimits(rateLimits),
      health,
      metrics: telemetry.metrics,
    },
    { ...gatewayOptions, extraRoutes: [provider.router] },
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

  const tokenOf = (mode: 'test' | 'live') =>
    signDevToken({
      applicationId: DEMO_APPLICATION,
      mode,
      scopes: ['sessions:write', 'sessions:read', 'webhooks:write', 'webhooks:read', 'provider-accounts:write', 'provider-accounts:read'],
      expiresInSeconds: 86_400,
      secret: DEVELOPMENT_JWT_SECRET,
      issuer: DEVELOPMENT_ISSUER,
      audience: DEVELOPMENT_AUDIENCE,
    });
  // The embedded mode has the sandbox only, which serves test sessions only: the curl uses a test
  // token; the console gets both, so that its live side can be seen (empty).
  const token = tokenOf('test');
  process.stdout.write(readyBanner(baseUrl, token, DEMO_APPLICATION, tokenOf('live')));
}

main().catch((error: unknown) => {
  process.stderr.write(`checkout: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
