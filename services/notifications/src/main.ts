import { telemetry } from './telemetry';
import { allTopics } from '@checkout/contracts';
import { connectMongo, createKafka, createLogger, ensureTopics, GracefulShutdown, Health, KafkaEventBus, kafkaSecurityOf, loadConfigOrExit, startHealthServer } from '@checkout/platform';
import { MongoSessionStore } from '@checkout/sessions';
import { countDatabaseCommands, observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { MongoWebhookStores } from '@checkout/webhooks';
import { metrics } from '@opentelemetry/api';
import { notificationsSettings, unsafeNotificationsSettings } from './config';
import { HttpWebhookSender } from './http/http-webhook-sender';
import { startNotifications } from './start-notifications';

async function main(): Promise<void> {
  const config = loadConfigOrExit('notifications', notificationsSettings, unsafeNotificationsSettings);
  const logger = createLogger({ service: 'notifications', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase);
  const webhooks = new MongoWebhookStores(mongo.db);
  await webhooks.ensureIndexes();
  const kafka = createKafka({ clientId: 'notifications', brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  observeConsumerLag(metrics.getMeter(ScopeName.notifications), bus);
  countDatabaseCommands(metrics.getMeter(ScopeName.notifications), mongo.client);
  const health = new Health([
    { name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'kafka', check: () => bus.ping() },
  ]);
  const healthServer = await startHealthServer(health, config.healthPort, '0.0.0.0', telemetry.metrics);

  const sender = new HttpWebhookSender({ timeoutMs: config.timeoutMs, allowPrivateNetworks: config.allowPrivateNetworks });
  const notifications = await startNotifications(
    { bus, sessions: new MongoSessionStore(mongo.db), webhooks, sender },
    {
      retryDelaysMs: config.retrySchedule,
      disableAfterMs: config.disableAfterMs,
      staleAttemptMs: config.staleAttemptMs,
      pollIntervalMs: config.pollIntervalMs,
      batchSize: config.batchSize,
    },
    logger,
  );

  shutdown
    .add('report not ready', async () => health.startDraining())
    .add('stop consuming and sending', () => notifications.stop())
    .add('close kafka', () => bus.close())
    .add('close mongodb', async () => {
      sender.close();
      await mongo.client.close();
    })
    .add('close health server', async () => void healthServer.close())
    .add('flush telemetry', () => telemetry.shutdown());
  logger.info({ retrySchedule: config.retrySchedule, allowPrivateNetworks: config.allowPrivateNetworks }, 'notifications consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`notifications: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
