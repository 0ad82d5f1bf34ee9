import { telemetry } from './telemetry';
import { closeServer, connectInfrastructure, createLogger, GracefulShutdown, Health, keyringOf, loadConfigOrExit } from '@checkout/platform';
import { ScopeName } from '@checkout/telemetry';
import { MongoSessionStore } from '@checkout/sessions';
import { MongoWebhookStores } from '@checkout/webhooks';
import { MongoProviderAccountStore } from '@checkout/provider-accounts';
import { metrics } from '@opentelemetry/api';
import { buildVerificationKeys } from './auth/build-verification-keys';
import { gatewaySettings, unsafeGatewaySettings } from './config';
import { gatewayOptionsOf } from './gateway-options';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency-store';
import { RedisOutcomeBroadcast } from './outcomes/outcome-broadcast';
import { OutcomeWaiters } from './sessions/outcome-waiters';
import { redisRateLimits } from './rate-limits/rate-limits';
import { startGateway } from './start-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway', gatewaySettings, unsafeGatewaySettings);
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const { options, rateLimits, idempotencyTtlMs } = gatewayOptionsOf(config);
  const keys = buildVerificationKeys(config);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const { redis, mongo, bus, checks, closeOnShutdown } = await connectInfrastructure('gateway', config, { redis: true, mongo: true }, logger, metrics.getMeter(ScopeName.gateway));
  const subscriber = redis.duplicate();
  await subscriber.connect();
  const sessions = new MongoSessionStore(mongo.db);
  await sessions.ensureIndexes();
  const keyring = keyringOf(config);
  const webhooks = new MongoWebhookStores(mongo.db, keyring);
  await webhooks.ensureIndexes();
  const providerAccounts = new MongoProviderAccountStore(mongo.db, keyring);
  await providerAccounts.ensureIndexes();
  const waiters = new OutcomeWaiters();
  const broadcast = new RedisOutcomeBroadcast(redis, waiters);
  await broadcast.listen(subscriber, waiters, logger);
  // Reads, expire and webhook management need only MongoDB: without Redis or Kafka it is degraded, still ready.
  const health = new Health(checks, { optional: ['redis', 'kafka'] });
  health.observe(metrics.getMeter(ScopeName.gateway));

  const gateway = await startGateway(
    {
      bus,
      idempotency: new RedisIdempotencyStore(redis, idempotencyTtlMs),
      sessions,
      webhooks,
      providerAccounts,
      broadcast,
      waiters,
      keys,
      rateLimits: redisRateLimits(redis, rateLimits),
      health,
      metrics: telemetry.metrics,
    },
    options,
    logger,
  );

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await closeServer(gateway.server);
    })
    .add('stop consuming outcomes', () => gateway.outcomes.stop())
    .add('stop listening for outcomes', async () => subscriber.disconnect());
  closeOnShutdown(shutdown);
  shutdown.add('flush telemetry', () => telemetry.shutdown());

  logger.info({ port: options.port, waitBudgetMs: options.waitBudgetMs }, 'gateway listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
