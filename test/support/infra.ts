import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger, type Logger } from '@checkout/platform';

/** Where the real servers are: the same variables the services read, with the infra script's defaults. */
export const infra = {
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
};

/** A name no earlier run used, so tests on shared servers never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function quietLogger(): Logger {
  return createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

/** The Redis URL of database `index`, so that a suite's live state stays its own. */
export function redisDatabaseUrl(index: number): string {
  return Object.assign(new URL(infra.redisUrl), { pathname: `/${index}` }).toString();
}

export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
