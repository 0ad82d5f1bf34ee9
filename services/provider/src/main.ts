import { allTopics } from '@checkout/contracts';
import {
  connectMongo,
  createKafka,
  createLogger,
  ensureTopics,
  GracefulShutdown,
  Health,
  KafkaEventBus,
  loadConfigOrExit,
  startHealthServer,
} from '@checkout/platform';
import { providerSettings } from './config';
import type { PaymentProvider } from './providers/payment-provider';
import { SandboxProvider } from './providers/sandbox-provider';
import { MongoSessionStore } from './sessions/mongo-session-store';
import { MongoSandboxCheckouts } from './providers/mongo-sandbox-checkouts';
import { startProvider } from './start-provider';

async function main(): Promise<void> {
  const config = loadConfigOrExit('provider', providerSettings);
  const logger = createLogger({ service: 'provider', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase);
  const kafka = createKafka({ clientId: 'provider', brokers: config.kafkaBrokers, logger });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);

  const sandboxCheckouts = new MongoSandboxCheckouts(mongo.db);
  await sandboxCheckouts.ensureIndexes();
  const sandbox = new SandboxProvider(sandboxCheckouts, config.sandboxPublicUrl);
  const providers = new Map<string, PaymentProvider>([[sandbox.id, sandbox]]);

  const health = new Health([
    { name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'kafka', check: () => bus.ping() },
  ]);
  const healthServer = await startHealthServer(health, config.healthPort);

  const subscription = await startProvider(bus, new MongoSessionStore(mongo.db), providers, {
    timeoutMs: config.providerTimeoutMs,
    eventSource: config.eventSource,
  }, logger);

  shutdown
    .add('report not ready', async () => health.startDraining())
    .add('stop consuming', () => subscription.stop())
    .add('close kafka', () => bus.close())
    .add('close mongodb', () => mongo.client.close())
    .add('close health server', async () => void healthServer.close());
  logger.info({ providers: [...providers.keys()] }, 'provider consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`provider: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
