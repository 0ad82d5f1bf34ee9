import { telemetry } from './telemetry';
import { allTopics } from '@checkout/contracts';
import {
  connectMongo,
  connectRedis,
  createKafka,
  createLogger,
  ensureTopics,
  closeServer,
  GracefulShutdown,
  Health,
  KafkaEventBus,
  loadConfigOrExit,
  kafkaSecurityOf,
} from '@checkout/platform';
import { countDatabaseCommands, observeConsumerLag, ScopeName } from '@checkout/telemetry';
import { MongoSessionStore } from '@checkout/sessions';
import { MongoWebhookStores } from '@checkout/webhooks';
import { metrics } from '@opentelemetry/api';
import { buildVerificationKeys } from './auth/build-verification-keys';
import { gatewaySettings, unsafeGatewaySettings } from './config';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency-store';
import { RedisOutcomeBroadcast } from './outcomes/outcome-broadcast';
import { OutcomeWaiters } from './outcomes/outcome-waiters';
import { redisRateLimits } from './rate-limits/rate-limits';
import { startGateway } from './start-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway', gatewaySettings, unsafeGatewaySettings);
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const keys = buildVerificationKeys(config);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const redis = await connectRedis(config.redisUrl, logger, { caFile: config.redisCaFile });
  const subscriber = redis.duplicate();
  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase);
  const kafka = createKafka({ clientId: 'gateway', brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  observeConsumerLag(metrics.getMeter(ScopeName.gateway), bus);
  countDatabaseCommands(metrics.getMeter(ScopeName.gateway), mongo.client);

  const sessions = new MongoSessionStore(mongo.db);
  await sessions.ensureIndexes();
  const webhooks = new MongoWebhookStores(mongo.db);
  await webhooks.ensureIndexes();
  const waiters = new OutcomeWaiters();
  const broadcast = new RedisOutcomeBroadcast(redis);
  await broadcast.listen(subscriber, waiters, logger);
  const health = new Health([
    { name: 'redis', check: async () => void (await redis.ping()) },
    { name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'kafka', check: () => bus.ping() },
  ]);

  const gateway = await startGateway(
    {
      bus,
      idempotency: new RedisIdempotencyStore(redis, config.idempotencyTtlSeconds * 1000),
      sessions,
      webhooks,
      broadcast,
      waiters,
      keys,
      rateLimits: redisRateLimits(redis, {
        writes: { perSecond: config.rateLimitWritesPerSecond, burst: config.rateLimitBurst },
        reads: { perSecond: config.rateLimitReadsPerSecond, burst: config.rateLimitBurst },
      }),
      health,
      metrics: telemetry.metrics,
    },
    {
      port: config.port,
      host: config.host,
      jwt: { issuer: config.jwtIssuer, audience: config.jwtAudience, clockToleranceSeconds: config.jwtClockToleranceSeconds },
      waitBudgetMs: config.waitBudgetMs,
      staleRequestMs: config.staleRequestMs,
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      bodyLimitBytes: config.bodyLimitBytes,
      allowHttpLocalhostRedirects: config.allowHttpLocalhostRedirects,
      eventSource: config.eventSource,
    },
    logger,
  );

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await closeServer(gateway.server);
    })
    .add('stop consuming outcomes', () => gateway.outcomes.stop())
    .add('close kafka', () => bus.close())
    .add('close redis', async () => {
      subscriber.disconnect();
      await redis.quit();
    })
    .add('close mongodb', () => mongo.client.close())
    .add('flush telemetry', () => telemetry.shutdown());

  logger.info({ port: config.port, waitBudgetMs: config.waitBudgetMs }, 'gateway listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
