import type { Redis } from '@checkout/platform';
import type { IdempotencyRecord, IdempotencyStore, Reservation } from './idempotency-store';

// Deletes the key only while it still belongs to the given session.
const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).sessionId == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly prefix = 'checkout:idempotency:',
  ) {}

  async reserve(keyHash: string, record: IdempotencyRecord & { state: 'processing' }): Promise<Reservation> {
    const key = this.prefix + keyHash;
    for (;;) {
      const set = await this.redis.set(key, JSON.stringify(record), 'PX', this.ttlMs, 'NX');
      if (set === 'OK') return { reserved: true };
      const existing = await this.redis.get(key);
      // It expired or was released between SET and GET: try to claim it again.
      if (existing !== null) return { reserved: false, existing: JSON.parse(existing) as IdempotencyRecord };
    }
  }

  async save(keyHash: string, record: IdempotencyRecord): Promise<void> {
    await this.redis.set(this.prefix + keyHash, JSON.stringify(record), 'PX', this.ttlMs);
  }

  async release(keyHash: string, sessionId: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.prefix + keyHash, sessionId);
  }
}
