import { connectMongo, connectRedis, type MongoConnection, type Redis } from '@checkout/platform';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-idempotency-store';
import { MongoSessionRepository } from '../../src/sessions/mongo-session-repository';
import { idempotencyStoreContract } from '../../../../test/adapter-contracts/idempotency-store.contract';
import { sessionRepositoryContract } from '../../../../test/adapter-contracts/session-repository.contract';
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

let mongo: MongoConnection | undefined;
sessionRepositoryContract(
  'MongoSessionRepository on a real MongoDB wire server',
  async () => {
    mongo = await connectMongo(infra.mongoUrl, uniqueName('contract').replace(/-/g, '_'));
    const repository = new MongoSessionRepository(mongo.db);
    await repository.ensureIndexes();
    return repository;
  },
  async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
  },
);
