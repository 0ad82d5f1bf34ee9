import type { Db } from 'mongodb';
import { connectMongo, type MongoConnection } from '@checkout/platform';
import { infra, uniqueName } from './infra';

/**
 * What an adapter contract suite needs of a real MongoDB wire server: a fresh database per test
 * with the store on it (indexes ensured), dropped after, and more stores on separate connections
 * to the same database, to race against.
 */
export function mongoContractFixture<S extends { ensureIndexes(): Promise<void> }>(prefix: string, make: (db: Db) => S) {
  let mongo: MongoConnection | undefined;
  let others: MongoConnection[] = [];
  let database = '';
  return {
    setup: async (): Promise<S> => {
      database = uniqueName(prefix).replace(/-/g, '_');
      mongo = await connectMongo(infra.mongoUrl, database);
      const store = make(mongo.db);
      await store.ensureIndexes();
      return store;
    },
    teardown: async (): Promise<void> => {
      await mongo?.db.dropDatabase();
      await Promise.all([mongo, ...others].map((connection) => connection?.client.close()));
      others = [];
    },
    others: async (): Promise<S[]> => {
      others = await Promise.all(Array.from({ length: 3 }, () => connectMongo(infra.mongoUrl, database)));
      return others.map((connection) => make(connection.db));
    },
  };
}
