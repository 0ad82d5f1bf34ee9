import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { DependencyUnavailable } from './dependency-unavailable';
import type { Logger } from './logger';
import { redactedUrl } from './redacted-url';

export type { Redis } from 'ioredis';

/**
 * Connects, and fails fast (rather than queueing forever) when Redis is unreachable; a command that
 * gets no answer within `commandTimeoutMs` (a paused server, a partition without a reset) fails too.
 */
export async function connectRedis(url: string, logger?: Logger, options: { caFile?: string; commandTimeoutMs?: number } = {}): Promise<Redis> {
  // A rediss:// URL is TLS (ioredis); a private CA is added here.
  const redis = new Redis(url, {
    ...(options.caFile ? { tls: { ca: [readFileSync(options.caFile, 'utf8')] } } : {}),
    lazyConnect: true,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 3000,
    // While disconnected, fail a command at once rather than queue it until a reconnection: a create
    // answers 503 and the rate limits fail open without waiting (after connect() below, so start-up still waits).
    enableOfflineQueue: false,
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
  });
  // ioredis reconnects by itself; without a listener each failed attempt is an unhandled 'error'.
  redis.on('error', (error: Error) => logger?.warn({ err: error }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${redactedUrl(url)}: ${(error as Error).message}`);
  }
  return redis;
}

/** Redis cannot be reached, or did not answer within its command deadline. */
export class RedisUnavailable extends DependencyUnavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super('Redis', message, options);
  }
}

/** `work`, with any Redis client error (connection, deadline) as RedisUnavailable: Redis errors are never about the request. */
export async function whileRedisReachable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new RedisUnavailable(`Redis: ${(error as Error).message}`, { cause: error });
  }
}
