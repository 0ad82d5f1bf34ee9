import { connectRedis, type Redis } from '@checkout/platform';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-idempotency-store';
import { idempotencyStoreContract } from '../../../../test/adapter-contracts/idempotency-store.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

let redis: Redis | undefined;
idempotencyStoreContract(
  'RedisIdempotencyStore on real Redis',
  async () => {
    redis = await connectRedis(infra.redisUrl);
    return { store: new RedisIdempotencyStore(redis, 300, `${uniqueName('contract')}:`), ttlMs: 300 };
  },
  async () => {
    await redis?.quit();
  },
);
