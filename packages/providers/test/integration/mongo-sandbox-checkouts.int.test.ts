import { expect } from 'chai';
import { MongoSandboxCheckouts, SANDBOX_CHECKOUTS_COLLECTION } from '@checkout/providers';
import { connectMongo } from '@checkout/platform';
import { sandboxCheckoutsContract } from '../../../../test/adapter-contracts/sandbox-checkouts.contract';
import { mongoContractFixture } from '../../../../test/support/mongo-contract-fixture';
import { infra, uniqueName } from '../../../../test/support/infra';

const fixture = mongoContractFixture('sandbox', (db) => new MongoSandboxCheckouts(db));
sandboxCheckoutsContract('MongoSandboxCheckouts on a real MongoDB wire server', fixture.setup, fixture.teardown, fixture.others);

describe('MongoSandboxCheckouts with the checkouts an earlier version stored', () => {
  it('should read and close a checkout stored whole when it opened, and drop the unique index that would refuse closed ones', async () => {
    const mongo = await connectMongo(infra.mongoUrl, uniqueName('sandbox_legacy').replace(/-/g, '_'));
    try {
      const collection = mongo.db.collection(SANDBOX_CHECKOUTS_COLLECTION);
      await collection.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
      const expiresAt = new Date(Date.now() + 60_000);
      await collection.insertOne({ _id: 'sbx_legacy' as never, idempotencyKey: 'session-1', orderReference: 'ORD-OLD', paymentMethod: 'card', currency: 'AUD', totalMinor: 100, successUrl: 'https://m.example/ok', cancelUrl: 'https://m.example/ko', status: 'open', createdAt: new Date(), expiresAt });

      const checkouts = new MongoSandboxCheckouts(mongo.db);
      await checkouts.ensureIndexes();
      expect((await collection.listIndexes().toArray()).map((index) => index.name)).not.to.include('idempotency_key');
      expect(await checkouts.find('sbx_legacy')).to.deep.equal({
        _id: 'sbx_legacy',
        status: 'open',
        legacy: { orderReference: 'ORD-OLD', paymentMethod: 'card', currency: 'AUD', totalMinor: 100, successUrl: 'https://m.example/ok', cancelUrl: 'https://m.example/ko', expiresAt },
      });
      expect(await checkouts.close('sbx_legacy', 'paid')).to.equal(true);
      expect(await checkouts.close('sbx_legacy', 'expired')).to.equal(false);
      expect((await checkouts.find('sbx_legacy'))?.status).to.equal('paid');
      // Two closed checkouts of this version (no idempotencyKey) side by side.
      expect(await checkouts.close('sbx_new_1', 'expired')).to.equal(true);
      expect(await checkouts.close('sbx_new_2', 'expired')).to.equal(true);
      await checkouts.ensureIndexes(); // again, at the next start: nothing left to drop
      // An older replica of a rolling upgrade creating the index again refuses no closed checkout.
      await collection.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
      expect(await checkouts.close('sbx_new_3', 'paid')).to.equal(true);
      expect(await checkouts.close('sbx_new_3', 'paid')).to.equal(false);
    } finally {
      await mongo.db.dropDatabase();
      await mongo.client.close();
    }
  });
});
