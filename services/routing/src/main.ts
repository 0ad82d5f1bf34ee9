import { allTopics } from '@checkout/contracts';
import {
  createKafka,
  createLogger,
  ensureTopics,
  GracefulShutdown,
  Health,
  KafkaEventBus,
  loadConfigOrExit,
  startHealthServer,
} from '@checkout/platform';
import { loadCatalog } from './catalog/load-catalog';
import { routingSettings } from './config';
import { startRouting } from './start-routing';

async function main(): Promise<void> {
  const config = loadConfigOrExit('routing', routingSettings);
  const logger = createLogger({ service: 'routing', level: config.logLevel });
  const catalog = loadCatalog(config.catalogFile);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const kafka = createKafka({ clientId: 'routing', brokers: config.kafkaBrokers, logger });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  const health = new Health([{ name: 'kafka', check: () => bus.ping() }]);
  const healthServer = await startHealthServer(health, config.healthPort);

  const subscription = await startRouting(bus, { catalog, eventSource: config.eventSource }, logger);

  shutdown
    .add('report not ready', async () => health.startDraining())
    .add('stop consuming', () => subscription.stop())
    .add('close kafka', () => bus.close())
    .add('close health server', async () => void healthServer.close());
  logger.info({ providers: catalog.providers.map((p) => p.id) }, 'routing consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`routing: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
