import { expect } from 'chai';
import { connectMongo, type MongoConnection } from '@checkout/platform';
import { Topics, type SessionStatusChanged } from '@checkout/contracts';
import { claimIdOf, MongoSessionStore, SESSION_TRANSITIONS_COLLECTION, SessionLifecycle } from '@checkout/sessions';
import { RecordingPublisher } from '../../../../test/support/recording-publisher';
import { rejection } from '../../../../test/support/rejection';
import { strandMove } from '../../../../test/support/session-moves';
import { sessionDocument, sessionStoreContract } from '../../../../test/adapter-contracts/session-store.contract';
import { infra, uniqueName } from '../../../../test/support/infra';
import { mongoContractFixture } from '../../../../test/support/mongo-contract-fixture';

const fixture = mongoContractFixture('contract', (db) => new MongoSessionStore(db));
sessionStoreContract('MongoSessionStore on a real MongoDB wire server', fixture.setup, fixture.teardown, fixture.others);

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

  const lifecycle = () => new SessionLifecycle(store, new RecordingPublisher(), 'urn:test');

  it('should not claim a move out of a state the session is not in', async () => {
    const session = sessionDocument();
    await store.insert(session);
    expect(await lifecycle().close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' })).to.equal(null);
    expect(await claims().countDocuments({ _id: claimIdOf(session._id, 'PENDING') as never })).to.equal(0);
  });

  it("should finish a dead writer's claimed move once the claim is stale, as that writer meant it", async () => {
    const session = sessionDocument({ status: 'PENDING' });
    await store.insert(session);
    const claimId = claimIdOf(session._id, 'PENDING');
    const dead = { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' } as const;
    await claims().insertOne({ _id: claimId as never, sessionId: session._id, move: dead, claimedAt: new Date(), announced: false });
    expect(await lifecycle().close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' })).to.equal(null);
    await claims().updateOne({ _id: claimId as never }, { $set: { claimedAt: new Date(Date.now() - 60_000) } });
    const finished = await lifecycle().close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' });
    expect(finished?.status).to.equal('COMPLETED');
  });

  it("should announce the dead writer's move, not its own, when it finishes one", async () => {
    const session = sessionDocument({ status: 'PENDING' });
    await store.insert(session);
    await claims().insertOne({
      _id: claimIdOf(session._id, 'PENDING') as never,
      sessionId: session._id,
      move: { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' },
      claimedAt: new Date(Date.now() - 60_000),
      announced: false,
    });
    const publisher = new RecordingPublisher();
    const closed = await new SessionLifecycle(store, publisher, 'urn:test').close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' });
    expect(closed?.status).to.equal('COMPLETED');
    expect(publisher.payloads(Topics.sessionStatus)).to.have.length(1);
    expect(publisher.payloads(Topics.sessionStatus)[0]).to.include({ sessionId: session._id, from: 'PENDING', to: 'COMPLETED', reason: 'webhook' });
  });

  it('should announce a move whose writer died after its update, and one whose writer died before it, once each', async () => {
    const moved = sessionDocument({ status: 'PENDING', provider: { name: 'sandbox', reference: uniqueName('sbx') } });
    const claimedOnly = sessionDocument({ status: 'PENDING' });
    for (const session of [moved, claimedOnly]) await store.insert(session);
    // The first writer moved its session and died before publishing; the second died between its claim and its update.
    await strandMove(store, moved._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' });
    await claims().insertOne({ _id: claimIdOf(claimedOnly._id, 'PENDING') as never, sessionId: claimedOnly._id, move: { from: 'PENDING', to: 'EXPIRED', reason: 'expired' }, claimedAt: new Date(), announced: false });
    const publisher = new RecordingPublisher();
    const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
    const ours = () => (publisher.payloads(Topics.sessionStatus) as SessionStatusChanged[]).filter((event) => [moved._id, claimedOnly._id].includes(event.sessionId));
    await lifecycle.announceUnannounced();
    expect(ours(), 'a writer may still be publishing: nothing before the claim is stale').to.deep.equal([]);

    const stale = new Date(Date.now() + 31_000);
    await claims().updateMany({ _id: { $in: [claimIdOf(moved._id, 'PENDING'), claimIdOf(claimedOnly._id, 'PENDING')] as never[] } }, { $set: { claimedAt: new Date(Date.now() - 31_000) } });
    await lifecycle.announceUnannounced(stale, 1000);
    expect(ours().map((event) => [event.sessionId, event.from, event.to, event.reason])).to.have.deep.members([
      [moved._id, 'PENDING', 'EXPIRED', 'merchant'],
      [claimedOnly._id, 'PENDING', 'EXPIRED', 'expired'],
    ]);
    expect(ours().find((event) => event.sessionId === moved._id)).to.include({ provider: 'sandbox', providerReference: moved.provider!.reference });
    expect((await store.find(claimedOnly._id))?.status).to.equal('EXPIRED');
    await lifecycle.announceUnannounced(stale, 1000);
    expect(ours()).to.have.length(2);
  });

  it('should free the claim when a close is taken back, so that the retry can claim the move again', async () => {
    const session = sessionDocument({ status: 'PENDING' });
    await store.insert(session);
    const failing = new RecordingPublisher();
    failing.failWith = new Error('broker down');
    await rejection(new SessionLifecycle(store, failing, 'urn:test').close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }), Error);
    expect(await claims().countDocuments({ _id: claimIdOf(session._id, 'PENDING') as never })).to.equal(0);
    expect((await lifecycle().close(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' }))?.status).to.equal('COMPLETED');
  });
});
