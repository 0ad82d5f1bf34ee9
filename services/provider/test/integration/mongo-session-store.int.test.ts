import { expect } from 'chai';
import { leavePendingClaimId, SESSION_TRANSITIONS_COLLECTION, SESSIONS_COLLECTION } from '@checkout/contracts';
import { connectMongo, type MongoConnection } from '@checkout/platform';
import { MongoSessionStore } from '../../src/sessions/mongo-session-store';
import { sessionDocument } from '../../../../test/adapter-contracts/session-repository.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

describe('MongoSessionStore (real MongoDB wire server)', function () {
  this.timeout(20_000);
  const database = uniqueName('store').replace(/-/g, '_');
  let connections: MongoConnection[];
  let stores: MongoSessionStore[];

  before(async () => {
    connections = await Promise.all(Array.from({ length: 4 }, () => connectMongo(infra.mongoUrl, database)));
    stores = connections.map((connection) => new MongoSessionStore(connection.db));
    await stores[0]!.ensureIndexes();
  });
  after(async () => {
    await connections[0]?.db.dropDatabase();
    await Promise.all(connections.map((connection) => connection.client.close()));
  });

  const insert = async (overrides = {}) => {
    const session = sessionDocument({ status: 'PENDING', provider: { name: 'sandbox', reference: uniqueName('sbx') }, ...overrides });
    await connections[0]!.db.collection(SESSIONS_COLLECTION).insertOne(session as never);
    return session;
  };

  describe('closePending', () => {
    it('should move a PENDING session once, whichever of many concurrent writers on separate connections wins', async () => {
      const session = await insert();
      const targets = ['COMPLETED', 'EXPIRED', 'FAILED'] as const;
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.closePending(session._id, targets[i % 3]!)));
      const winners = results.filter((result) => result !== null);
      expect(winners).to.have.length(1);
      expect((await stores[0]!.find(session._id))?.status).to.equal(winners[0]!.status);
    });

    it('should not move a session that is not PENDING, nor leave a claim behind', async () => {
      const session = await insert({ status: 'PROCESSING' });
      expect(await stores[0]!.closePending(session._id, 'EXPIRED')).to.equal(null);
      expect(await connections[0]!.db.collection(SESSION_TRANSITIONS_COLLECTION).countDocuments({ _id: leavePendingClaimId(session._id) as never })).to.equal(0);
    });

    it("should finish a dead writer's claimed move once the claim is stale", async () => {
      const session = await insert();
      const claims = connections[0]!.db.collection(SESSION_TRANSITIONS_COLLECTION);
      await claims.insertOne({ _id: leavePendingClaimId(session._id) as never, to: 'COMPLETED', claimedAt: new Date() });
      expect(await stores[1]!.closePending(session._id, 'EXPIRED')).to.equal(null);
      await claims.updateOne({ _id: leavePendingClaimId(session._id) as never }, { $set: { claimedAt: new Date(Date.now() - 60_000) } });
      expect((await stores[1]!.closePending(session._id, 'EXPIRED'))?.status).to.equal('COMPLETED');
    });
  });

  it('should find sessions by provider reference and the overdue ones, oldest first', async () => {
    const session = await insert();
    expect((await stores[0]!.findByProviderReference('sandbox', session.provider!.reference))?._id).to.equal(session._id);
    expect(await stores[0]!.findByProviderReference('stripe', session.provider!.reference)).to.equal(null);
    const old = await insert({ expiresAt: new Date('2000-01-01T00:00:00Z') });
    const older = await insert({ expiresAt: new Date('1999-01-01T00:00:00Z') });
    const overdue = (await stores[0]!.findOverdue(new Date('2001-01-01T00:00:00Z'), 10)).map((s) => s._id);
    expect(overdue.slice(0, 2)).to.deep.equal([older._id, old._id]);
  });
});
