import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { Logger } from './logger';
import { redactedUrl } from './redacted-url';

export type { Redis } from 'ioredis';

/** Connects, and fails fast (rather than queueing forever) when Redis is unreachable. */
export async function connectRedis(url: string, logger?: Logger, options: { caFile?: string } = {}): Promise<Redis> {
  // A rediss:// URL is TLS (ioredis); a private CA is added here.
  const redis = new Redis(url, {
    ...(options.caFile ? { tls: { ca: [readFileSync(options.caFile, 'utf8')] } } : {}),
    lazyConnect: true,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 3000,
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
