import { expect } from 'chai';
import { connectMongo, type MongoConnection } from '@checkout/platform';
import { claimIdOf, MongoSessionStore, SESSION_TRANSITIONS_COLLECTION } from '@checkout/sessions';
import { sessionDocument, sessionStoreContract } from '../../../../test/adapter-contracts/session-store.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

let mongo: MongoConnection | undefined;
let otherConnections: MongoConnection[] = [];
let database = '';
sessionStoreContract(
  'MongoSessionStore on a real MongoDB wire server',
  async () => {
    database = uniqueName('contract').replace(/-/g, '_');
    mongo = await connectMongo(infra.mongoUrl, database);
    const store = new MongoSessionStore(mongo.db);
    await store.ensureIndexes();
    return store;
  },
  async () => {
    await mongo?.db.dropDatabase();
    await Promise.all([mongo, ...otherConnections].map((connection) => connection?.client.close()));
    otherConnections = [];
  },
  async () => {
    otherConnections = await Promise.all(Array.from({ length: 3 }, () => connectMongo(infra.mongoUrl, database)));
    return otherConnections.map((connection) => new MongoSessionStore(connection.db));
  },
);

describe('MongoSessionStore claims (real MongoDB wire server)', function () {
  this.timeout(20_000);
  const name = uniqueName('claims').replace(/-/g, '_');
  let connection: MongoConnection;
  let store: MongoSessionStore;

  before(async () => {
    connection = await connectMongo(infra.mongoUrl, name);
    store = new MongoSessionStore(connection.db);
    await store.ensureIndexes();
  });
  after(async () => {
    await connection.db.dropDatabase();
    await connection.client.close();
  });

  const claims = () => connection.db.collection(SESSION_TRANSITIONS_COLLECTION);

  it('should not claim a move out of a state the session is not in', async () => {
    const session = sessionDocument();
    await store.insert(session);
    expect(await store.move(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' })).to.equal(null);
    expect(await claims().countDocuments({ _id: claimIdOf(session._id, 'PENDING') as never })).to.equal(0);
  });

  it("should finish a dead writer's claimed move once the claim is stale, with the status that writer claimed", async () => {
    const session = sessionDocument({ status: 'PENDING' });
    await store.insert(session);
    const claimId = claimIdOf(session._id, 'PENDING');
    await claims().insertOne({ _id: claimId as never, to: 'COMPLETED', changes: {}, claimedAt: new Date() });
    expect(await store.move(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' })).to.equal(null);
    await claims().updateOne({ _id: claimId as never }, { $set: { claimedAt: new Date(Date.now() - 60_000) } });
    expect((await store.move(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' }))?.status).to.equal('COMPLETED');
  });

  it('should free the claim on undo, so that the retry can claim the move again', async () => {
    const session = sessionDocument({ status: 'PENDING' });
    await store.insert(session);
    const move = { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' } as const;
    expect((await store.move(session._id, move))?.status).to.equal('EXPIRED');
    await store.undo(session._id, move);
    expect(await claims().countDocuments({ _id: claimIdOf(session._id, 'PENDING') as never })).to.equal(0);
    expect((await store.move(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' }))?.status).to.equal('COMPLETED');
  });
});
