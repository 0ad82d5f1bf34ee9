import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { MongoUnavailable } from '@checkout/platform';
import { rejection } from '../../../../test/support/rejection';
import { MongoWebhookStores } from '@checkout/webhooks';
import { webhookStoresContract } from '../../../../test/adapter-contracts/webhook-stores.contract';
import { mongoContractFixture } from '../../../../test/support/mongo-contract-fixture';

const fixture = mongoContractFixture('webhooks', (db) => new MongoWebhookStores(db));
webhookStoresContract('MongoWebhookStores on a real MongoDB wire server', fixture.setup, fixture.teardown, fixture.others);

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
