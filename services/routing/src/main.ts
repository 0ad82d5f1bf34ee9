import { telemetry } from './telemetry';
import { allTopics } from '@checkout/contracts';
import {
  connectRedis,
  createKafka,
  createLogger,
  ensureTopics,
  GracefulShutdown,
  Health,
  KafkaEventBus,
  loadConfigOrExit,
  startHealthServer,
  kafkaSecurityOf,
} from '@checkout/platform';
import { observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { metrics } from '@opentelemetry/api';
import { loadCatalog, loadRules } from './catalog/load-catalog';
import { routingSettings } from './config';
import { RedisProviderSignals } from './signals/redis-provider-signals';
import { startRouting } from './start-routing';

async function main(): Promise<void> {
  const config = loadConfigOrExit('routing', routingSettings);
  const logger = createLogger({ service: 'routing', level: config.logLevel });
  const catalog = loadCatalog(config.catalogFile);
  const rules = loadRules(config.rulesFile, catalog);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const redis = await connectRedis(config.redisUrl, logger, { caFile: config.redisCaFile });
  const kafka = createKafka({ clientId: 'routing', brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  observeConsumerLag(metrics.getMeter(ScopeName.routing), bus);
  const health = new Health([
    { name: 'kafka', check: () => bus.ping() },
    { name: 'redis', check: async () => void (await redis.ping()) },
  ]);
  const healthServer = await startHealthServer(health, config.healthPort, '0.0.0.0', telemetry.metrics);

  const routing = await startRouting(
    bus,
    new RedisProviderSignals(redis),
    { catalog, rules, enabled: new Set(config.providers), probeShare: config.probePercent / 100, eventSource: config.eventSource },
    logger,
  );

  shutdown
    .add('report not ready', async () => health.startDraining())
    .add('stop consuming', () => routing.stop())
    .add('close kafka', () => bus.close())
    .add('close redis', async () => void (await redis.quit()))
    .add('close health server', async () => void healthServer.close())
    .add('flush telemetry', () => telemetry.shutdown());
  logger.info({ providers: catalog.providers.map((p) => p.id), enabled: config.providers }, 'routing consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`routing: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
