import { telemetry } from './telemetry';
import express from 'express';
import { allTopics } from '@checkout/contracts';
import {
  connectMongo,
  createKafka,
  createLogger,
  ensureTopics,
  closeServer,
  GracefulShutdown,
  handleHealthRequest,
  Health,
  KafkaEventBus,
  listenHttp,
  loadConfigOrExit,
  notFoundProblem,
  problemHandler,
  kafkaSecurityOf,
} from '@checkout/platform';
import { countDatabaseCommands, observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { MongoSessionStore } from '@checkout/sessions';
import { metrics } from '@opentelemetry/api';
import { providerSettings, unsafeProviderSettings } from './config';
import { buildProviders } from './providers/build-providers';
import { MongoSandboxCheckouts } from './providers/sandbox/mongo-sandbox-checkouts';
import { startProvider } from './start-provider';

async function main(): Promise<void> {
  const config = loadConfigOrExit('provider', providerSettings, unsafeProviderSettings);
  const logger = createLogger({ service: 'provider', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase);
  const sandboxCheckouts = new MongoSandboxCheckouts(mongo.db);
  await sandboxCheckouts.ensureIndexes();
  const providers = buildProviders(config, sandboxCheckouts);
  const store = new MongoSessionStore(mongo.db);
  await store.ensureIndexes();
  const kafka = createKafka({ clientId: 'provider', brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  observeConsumerLag(metrics.getMeter(ScopeName.provider), bus);
  countDatabaseCommands(metrics.getMeter(ScopeName.provider), mongo.client);

  const provider = await startProvider(
    { bus, store, providers, sandboxCheckouts },
    {
      eventSource: config.eventSource,
      sandboxWebhookUrl: config.sandboxWebhookUrl || `${config.sandboxPublicUrl.replace(/\/$/, '')}/webhooks/sandbox`,
      sandboxWebhookSecret: config.sandboxWebhookSecret,
      sweepIntervalMs: config.sweepIntervalMs,
      announceIntervalMs: config.announceIntervalMs,
    },
    logger,
  );

  const health = new Health([
    { name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'kafka', check: () => bus.ping() },
  ]);
  const app = express();
  app.disable('x-powered-by');
  app.get(['/livez', '/readyz', '/metrics'], async (request, response) => void (await handleHealthRequest(health, request, response, telemetry.metrics)));
  app.use(provider.router);
  app.use(notFoundProblem);
  app.use(problemHandler(logger));
  const server = await listenHttp(app, config.port);

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await closeServer(server);
    })
    .add('stop consuming and sweeping', () => provider.stop())
    .add('close kafka', () => bus.close())
    .add('close mongodb', () => mongo.client.close())
    .add('flush telemetry', () => telemetry.shutdown());
  logger.info({ providers: [...providers.keys()], port: config.port }, 'provider consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`provider: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
