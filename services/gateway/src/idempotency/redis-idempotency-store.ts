import type { Redis } from '@checkout/platform';
import { IdempotencyStoreUnavailable, type IdempotencyRecord, type IdempotencyStore, type ProcessingRecord, type Reservation } from './idempotency-store';

// Deletes the key only while it still belongs to the given session.
const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).sessionId == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// Replaces the record only while it is still the stale processing one (ARGV[1] session, ARGV[2] reservedAt or '').
const TAKE_OVER_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
local reservedAt = record.reservedAt and string.format('%d', record.reservedAt) or ''
if record.state == 'processing' and record.sessionId == ARGV[1] and reservedAt == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
  return 1
end
return 0`;

/**
 * Redis errors as the port's IdempotencyStoreUnavailable. The client gives up on a command after
 * two reconnection attempts (connectRedis), so an unreachable Redis fails a request in well under a
 * second instead of holding it.
 */
async function reachable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new IdempotencyStoreUnavailable(`Redis: ${(error as Error).message}`, { cause: error });
  }
}

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly prefix = 'checkout:idempotency:',
  ) {}

  reserve(keyHash: string, record: ProcessingRecord): Promise<Reservation> {
    return reachable(async () => {
      const key = this.prefix + keyHash;
      for (;;) {
        const set = await this.redis.set(key, JSON.stringify(record), 'PX', this.ttlMs, 'NX');
        if (set === 'OK') return { reserved: true };
        const existing = await this.redis.get(key);
        // It expired or was released between SET and GET: try to claim it again.
        if (existing !== null) return { reserved: false, existing: JSON.parse(existing) as IdempotencyRecord };
      }
    });
  }

  save(keyHash: string, record: IdempotencyRecord): Promise<void> {
    return reachable(async () => void (await this.redis.set(this.prefix + keyHash, JSON.stringify(record), 'PX', this.ttlMs)));
  }

  takeOver(keyHash: string, stale: ProcessingRecord, next: ProcessingRecord): Promise<boolean> {
    return reachable(async () => {
      const reservedAt = stale.reservedAt === undefined ? '' : String(stale.reservedAt);
      return (await this.redis.eval(TAKE_OVER_SCRIPT, 1, this.prefix + keyHash, stale.sessionId, reservedAt, JSON.stringify(next), this.ttlMs)) === 1;
    });
  }

  release(keyHash: string, sessionId: string): Promise<void> {
    return reachable(async () => void (await this.redis.eval(RELEASE_SCRIPT, 1, this.prefix + keyHash, sessionId)));
  }
}
