import { expect } from 'chai';
import { MongoServerError } from 'mongodb';
import { connectMongo, type MongoConnection } from '@checkout/platform';
import { infra, uniqueName } from '../../../../test/support/infra';

describe('connectMongo (real MongoDB wire server)', function () {
  this.timeout(20_000);
  let mongo: MongoConnection;
  before(async () => {
    mongo = await connectMongo(infra.mongoUrl, uniqueName('smoke').replace(/-/g, '_'));
  });
  after(async () => {
    await mongo.db.dropDatabase();
    await mongo.client.close();
  });

  it('should insert, find and enforce a unique index', async () => {
    const sessions = mongo.db.collection<{ _id: string; applicationId: string; keyHash: string }>('sessions');
    await sessions.createIndex({ applicationId: 1, keyHash: 1 }, { unique: true, name: 'application_key' });
    await sessions.insertOne({ _id: 's-1', applicationId: 'app-1', keyHash: 'h-1' });
    expect(await sessions.findOne({ _id: 's-1' })).to.deep.equal({ _id: 's-1', applicationId: 'app-1', keyHash: 'h-1' });

    let duplicate: unknown;
    try {
      await sessions.insertOne({ _id: 's-2', applicationId: 'app-1', keyHash: 'h-1' });
    } catch (error) {
      duplicate = error;
    }
    expect(duplicate).to.be.instanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).to.equal(11000);

    await sessions.insertOne({ _id: 's-3', applicationId: 'app-2', keyHash: 'h-1' });
    expect(await sessions.countDocuments({ keyHash: 'h-1' })).to.equal(2);
  });
});
