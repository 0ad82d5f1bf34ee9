import { ContractValidator, ConsumerGroups, EventTypes, Topics, allTopics } from '@checkout/contracts';
import {
  connectMongo,
  connectRedis,
  createKafka,
  createLogger,
  ensureTopics,
  GracefulShutdown,
  Health,
  KafkaEventBus,
  loadConfigOrExit,
  validatedConsumer,
} from '@checkout/platform';
import type { Server } from 'node:http';
import { JwtVerifier } from './auth/jwt-verifier';
import { buildVerificationKeys } from './auth/build-verification-keys';
import { gatewaySettings } from './config';
import { createApp } from './http/create-app';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency-store';
import { FinaliseOutcome } from './outcomes/finalise-outcome';
import { RedisOutcomeBroadcast } from './outcomes/outcome-broadcast';
import { OutcomeWaiters } from './outcomes/outcome-waiters';
import { CreateSession } from './sessions/create-session';
import { GetSession } from './sessions/get-session';
import { MongoSessionRepository } from './sessions/mongo-session-repository';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway', gatewaySettings);
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const keys = buildVerificationKeys(config);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const redis = await connectRedis(config.redisUrl, logger);
  const subscriber = redis.duplicate();
  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase);
  const kafka = createKafka({ clientId: 'gateway', brokers: config.kafkaBrokers, logger });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);

  const validator = new ContractValidator();
  const sessions = new MongoSessionRepository(mongo.db);
  await sessions.ensureIndexes();
  const idempotency = new RedisIdempotencyStore(redis, config.idempotencyTtlSeconds * 1000);
  const waiters = new OutcomeWaiters();
  const broadcast = new RedisOutcomeBroadcast(redis);
  await broadcast.listen(subscriber, waiters, logger);

  const finalise = new FinaliseOutcome(sessions, idempotency, broadcast, logger);
  const outcomes = await bus.subscribe({
    groupId: ConsumerGroups.gateway,
    topics: [Topics.sessionOutcome],
    handler: validatedConsumer({
      publisher: bus,
      validator,
      logger,
      handlers: {
        [EventTypes.sessionReady]: (event) => finalise.execute(event),
        [EventTypes.sessionFailed]: (event) => finalise.execute(event),
      },
    }),
  });

  const health = new Health([
    { name: 'redis', check: async () => void (await redis.ping()) },
    { name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) },
    { name: 'kafka', check: () => bus.ping() },
  ]);
  const app = createApp({
    verifier: new JwtVerifier(keys, {
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      clockToleranceSeconds: config.jwtClockToleranceSeconds,
    }),
    createSession: new CreateSession(validator, idempotency, sessions, bus, waiters, {
      waitBudgetMs: config.waitBudgetMs,
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      retryAfterSeconds: 1,
      redirects: { allowHttpLocalhost: config.allowHttpLocalhostRedirects },
      eventSource: config.eventSource,
    }, logger),
    getSession: new GetSession(sessions),
    health,
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })
    .add('stop consuming outcomes', () => outcomes.stop())
    .add('close kafka', () => bus.close())
    .add('close redis', async () => {
      subscriber.disconnect();
      await redis.quit();
    })
    .add('close mongodb', () => mongo.client.close());

  logger.info({ port: config.port, waitBudgetMs: config.waitBudgetMs }, 'gateway listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
