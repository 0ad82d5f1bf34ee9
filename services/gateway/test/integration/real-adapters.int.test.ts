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
let otherConnections: MongoConnection[] = [];
let database = '';
sessionRepositoryContract(
  'MongoSessionRepository on a real MongoDB wire server',
  async () => {
    database = uniqueName('contract').replace(/-/g, '_');
    mongo = await connectMongo(infra.mongoUrl, database);
    const repository = new MongoSessionRepository(mongo.db);
    await repository.ensureIndexes();
    return repository;
  },
  async () => {
    await mongo?.db.dropDatabase();
    await Promise.all([mongo, ...otherConnections].map((connection) => connection?.client.close()));
    otherConnections = [];
  },
  async () => {
    otherConnections = await Promise.all(Array.from({ length: 3 }, () => connectMongo(infra.mongoUrl, database)));
    return otherConnections.map((connection) => new MongoSessionRepository(connection.db));
  },
);
