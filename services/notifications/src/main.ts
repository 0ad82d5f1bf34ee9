import { telemetry } from './telemetry';
import { connectInfrastructure, createLogger, GracefulShutdown, Health, keyringOf, loadConfigOrExit, startHealthServer } from '@checkout/platform';
import { MongoSessionStore } from '@checkout/sessions';
import { ScopeName } from '@checkout/telemetry';
import { MongoWebhookStores } from '@checkout/webhooks';
import { MongoProviderAccountReader } from '@checkout/provider-accounts';
import { metrics } from '@opentelemetry/api';
import { notificationsOptionsOf, notificationsSettings, unsafeNotificationsSettings } from './config';
import { HttpWebhookSender } from './http/http-webhook-sender';
import { startNotifications } from './start-notifications';

async function main(): Promise<void> {
  const config = loadConfigOrExit('notifications', notificationsSettings, unsafeNotificationsSettings);
  const logger = createLogger({ service: 'notifications', level: config.logLevel });
  const { options, sender: senderOptions } = notificationsOptionsOf(config);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const { mongo, bus, checks, closeOnShutdown } = await connectInfrastructure('notifications', config, { redis: false, mongo: true }, logger, metrics.getMeter(ScopeName.notifications));
  const webhooks = new MongoWebhookStores(mongo.db, keyringOf(config));
  await webhooks.ensureIndexes();
  const health = new Health(checks);
  health.observe(metrics.getMeter(ScopeName.notifications));
  const healthServer = await startHealthServer(health, config.healthPort, '0.0.0.0', telemetry.metrics);

  const sender = new HttpWebhookSender(senderOptions);
  const notifications = await startNotifications({ bus, sessions: new MongoSessionStore(mongo.db), webhooks, providerAccounts: new MongoProviderAccountReader(mongo.db), sender }, options, logger);

  shutdown
    .add('report not ready', async () => health.startDraining())
    .add('stop consuming and sending', () => notifications.stop())
    .add('close the webhook sender', async () => sender.close());
  closeOnShutdown(shutdown);
  shutdown.add('close health server', async () => void healthServer.close()).add('flush telemetry', () => telemetry.shutdown());
  logger.info({ retrySchedule: config.retrySchedule, allowPrivateNetworks: config.allowPrivateNetworks }, 'notifications consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`notifications: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
