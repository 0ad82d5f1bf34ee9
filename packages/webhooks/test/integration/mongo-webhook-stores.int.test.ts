import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { connectMongo, MongoUnavailable, type MongoConnection } from '@checkout/platform';
import { rejection } from '../../../../test/support/rejection';
import { MongoWebhookStores } from '@checkout/webhooks';
import { webhookStoresContract } from '../../../../test/adapter-contracts/webhook-stores.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

let mongo: MongoConnection | undefined;
let otherConnections: MongoConnection[] = [];
let database = '';
webhookStoresContract(
  'MongoWebhookStores on a real MongoDB wire server',
  async () => {
    database = uniqueName('webhooks').replace(/-/g, '_');
    mongo = await connectMongo(infra.mongoUrl, database);
    const stores = new MongoWebhookStores(mongo.db);
    await stores.ensureIndexes();
    return stores;
  },
  async () => {
    await mongo?.db.dropDatabase();
    await Promise.all([mongo, ...otherConnections].map((connection) => connection?.client.close()));
    otherConnections = [];
  },
  async () => {
    otherConnections = await Promise.all(Array.from({ length: 3 }, () => connectMongo(infra.mongoUrl, database)));
    return otherConnections.map((connection) => new MongoWebhookStores(connection.db));
  },
);

describe('MongoWebhookStores without a server', () => {
  it('should report an unreachable server as MongoUnavailable (a 503), not as a driver error', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:9', { serverSelectionTimeoutMS: 200 });
    try {
      const error = await rejection(new MongoWebhookStores(client.db('none')).findEvent('evt_0'), MongoUnavailable);
      expect(error.dependency).to.equal('MongoDB');
    } finally {
      await client.close();
    }
  });
});
