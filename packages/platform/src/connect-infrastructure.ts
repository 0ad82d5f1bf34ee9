import type { Meter } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import { allTopics } from '@checkout/contracts';
import { countDatabaseCommands, observeConsumerLag, telemetryDisabled } from '@checkout/telemetry';
import { kafkaSecurityOf, type KafkaSaslMechanism } from './config/infrastructure';
import type { GracefulShutdown } from './graceful-shutdown';
import type { HealthCheck } from './health';
import { createKafka } from './kafka/kafka-client';
import { ensureTopics } from './kafka/ensure-topics';
import { KafkaEventBus } from './kafka/kafka-event-bus';
import type { Logger } from './logger';
import { connectMongo, type MongoConnection } from './mongo-client';
import { connectRedis, type Redis } from './redis-client';

/** The infrastructure settings a service validated (infrastructureSettings); Redis's only where it uses Redis. */
export interface InfrastructureConfig {
  kafkaBrokers: string[];
  kafkaTls: boolean;
  kafkaCaFile: string;
  kafkaSaslMechanism: KafkaSaslMechanism;
  kafkaSaslUsername: string;
  kafkaSaslPassword: string;
  mongoUrl?: string;
  mongoDatabase?: string;
  mongoTimeoutMs?: number;
  redisUrl?: string;
  redisCaFile?: string;
  redisCommandTimeoutMs?: number;
}

/** Which stores a service uses besides Kafka, which every service does. */
export interface InfrastructureNeeds {
  redis: boolean;
  mongo: boolean;
}

/** A service's connections: Kafka (its topics ensured) always, Redis and MongoDB where it needs them, with their health checks. */
export type Infrastructure<N extends InfrastructureNeeds> = {
  kafka: Kafka;
  bus: KafkaEventBus;
  /** One readiness check per connection: redis, mongodb, kafka. */
  checks: HealthCheck[];
  /** Adds the closing of every connection to the shutdown, in order: Kafka, then Redis, then MongoDB. */
  closeOnShutdown(shutdown: GracefulShutdown): void;
} & (N['redis'] extends true ? { redis: Redis } : unknown) &
  (N['mongo'] extends true ? { mongo: MongoConnection } : unknown);

/**
 * The one infrastructure bootstrap of every service's main: connects what the service needs,
 * ensures the topics, and meters the consumers' lag and the database commands on `meter`.
 */
export async function connectInfrastructure<N extends InfrastructureNeeds>(
  service: string,
  config: InfrastructureConfig,
  needs: N,
  logger: Logger,
  meter: Meter,
): Promise<Infrastructure<N>> {
  // The values come from the service's validated settings, whose defaults live in infrastructureSettings.
  const setting = <T>(value: T | undefined, variable: string): T => {
    if (value === undefined) throw new Error(`${service} connects to a store whose ${variable} is not among its settings`);
    return value;
  };
  const redis = needs.redis
    ? await connectRedis(setting(config.redisUrl, 'REDIS_URL'), logger, {
        // No private CA named is no CA file, not a default of its own.
        caFile: config.redisCaFile ?? '',
        commandTimeoutMs: setting(config.redisCommandTimeoutMs, 'REDIS_COMMAND_TIMEOUT_MS'),
      })
    : undefined;
  const metered = !telemetryDisabled();
  const mongo = needs.mongo
    ? await connectMongo(setting(config.mongoUrl, 'MONGO_URL'), setting(config.mongoDatabase, 'MONGO_DATABASE'), { timeoutMs: setting(config.mongoTimeoutMs, 'MONGO_TIMEOUT_MS'), monitorCommands: metered })
    : undefined;
  const kafka = createKafka({ clientId: service, brokers: config.kafkaBrokers, logger, security: kafkaSecurityOf(config) });
  await ensureTopics(kafka, allTopics());
  const bus = new KafkaEventBus(kafka, logger);
  observeConsumerLag(meter, bus);
  if (mongo && metered) countDatabaseCommands(meter, mongo.client);

  const checks: HealthCheck[] = [];
  if (redis) checks.push({ name: 'redis', check: async () => void (await redis.ping()) });
  if (mongo) checks.push({ name: 'mongodb', check: async () => void (await mongo.db.command({ ping: 1 })) });
  checks.push({ name: 'kafka', check: () => bus.ping() });

  const infrastructure = {
    kafka,
    bus,
    checks,
    ...(redis ? { redis } : {}),
    ...(mongo ? { mongo } : {}),
    closeOnShutdown(shutdown: GracefulShutdown): void {
      shutdown.add('close kafka', () => bus.close());
      if (redis) shutdown.add('close redis', async () => void (await redis.quit()));
      if (mongo) shutdown.add('close mongodb', () => mongo.client.close());
    },
  };
  return infrastructure as unknown as Infrastructure<N>;
}
