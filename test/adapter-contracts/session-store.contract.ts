import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { IllegalMoveError, type CheckoutCreated, type CloseMove, type SessionDocument, type SessionMove, type SessionStore } from '@checkout/sessions';
import { uniqueName } from '../support/infra';
import { rejection } from '../support/rejection';

export function sessionDocument(overrides: Partial<SessionDocument> = {}): SessionDocument {
  const createdAt = new Date('2024-01-15T11:00:00Z');
  return {
    _id: randomUUID(),
    applicationId: uniqueName('app'),
    idempotencyKeyHash: uniqueName('hash'),
    requestFingerprint: 'fp',
    status: 'PROCESSING',
    orderReference: 'ORD-1',
    paymentMethod: 'card',
    currency: 'AUD',
    locale: null,
    amount: { totalMinor: 100, shippingMinor: 0, taxMinor: 0 },
    orderItems: [],
    customer: { firstName: 'J', lastName: 'S', email: 'j@example.com' },
    shipping: null,
    additionalInformation: {},
    redirectUrls: { success: 'https://x/ok', failure: 'https://x/ko' },
    routing: null,
    provider: null,
    checkoutUrl: null,
    attempts: [],
    failure: null,
    payment: null,
    expiredAt: null,
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date('2024-01-15T12:00:00Z'),
    ...overrides,
  };
}

const checkout = (reference = uniqueName('ref')): CheckoutCreated => ({
  routing: { selectedProvider: 'sandbox', score: 90, candidates: [], rejected: [] },
  provider: { name: 'sandbox', reference },
  checkoutUrl: `https://sandbox.example/pay/${reference}`,
  attempts: [{ provider: 'sandbox', outcome: 'succeeded', latencyMs: 3, at: '2024-01-15T11:00:01.000Z' }],
});

/**
 * The behaviour every SessionStore adapter must have, in memory or on a MongoDB wire server.
 * `others` gives further stores on separate connections to the same data, to race against.
 */
export function sessionStoreContract(
  name: string,
  setup: () => Promise<SessionStore>,
  teardown: () => Promise<void> = async () => undefined,
  others: () => Promise<SessionStore[]> = async () => [],
): void {
  describe(`${name} (SessionStore contract)`, function () {
    this.timeout(20_000);
    let store: SessionStore;
    beforeEach(async () => {
      store = await setup();
    });
    afterEach(teardown);

    it('should insert once per (application, key) and hand back the first session', async () => {
      const first = sessionDocument();
      expect(await store.insert(first)).to.deep.equal({ inserted: true });
      const duplicate = await store.insert({ ...first, _id: randomUUID(), requestFingerprint: 'other' });
      expect(duplicate.inserted).to.equal(false);
      if (!duplicate.inserted) expect(duplicate.existing).to.deep.equal(first);
      const otherApplication = await store.insert({ ...first, _id: randomUUID(), applicationId: uniqueName('app') });
      expect(otherApplication.inserted).to.equal(true);
    });

    it('should show a session only to its application', async () => {
      const session = sessionDocument();
      await store.insert(session);
      expect(await store.findForApplication(session._id, session.applicationId)).to.deep.equal(session);
      expect(await store.findForApplication(session._id, 'someone-else')).to.equal(null);
      expect(await store.findForApplication(randomUUID(), session.applicationId)).to.equal(null);
      expect(await store.find(session._id)).to.deep.equal(session);
      expect(await store.find(randomUUID())).to.equal(null);
    });

    it('should move PROCESSING to PENDING with the checkout once; a redelivery finds it moved', async () => {
      const session = sessionDocument();
      await store.insert(session);
      const created = checkout();
      const move = { from: 'PROCESSING', to: 'PENDING', changes: created } as const;
      const moved = (await store.move(session._id, move))?.session;
      expect(moved).to.deep.include({ status: 'PENDING', checkoutUrl: created.checkoutUrl, provider: created.provider, attempts: created.attempts, routing: created.routing });
      expect((await store.find(session._id))?.status).to.equal('PENDING');
      expect(moved!.updatedAt.getTime()).to.be.greaterThan(session.updatedAt.getTime());
      expect(await store.find(session._id)).to.deep.equal(moved);
      expect(await store.move(session._id, { from: 'PROCESSING', to: 'PENDING', changes: checkout() })).to.equal(null);
      expect((await store.find(session._id))?.checkoutUrl).to.equal(created.checkoutUrl);
    });

    it('should fail only a session still processing', async () => {
      const session = sessionDocument();
      await store.insert(session);
      const failure = { code: 'no_eligible_provider' as const, detail: 'none' };
      expect((await store.move(session._id, { from: 'PROCESSING', to: 'FAILED', changes: { failure } }))?.session.failure).to.deep.equal(failure);
      const pending = sessionDocument({ status: 'PENDING' });
      await store.insert(pending);
      expect(await store.move(pending._id, { from: 'PROCESSING', to: 'FAILED', changes: { failure } })).to.equal(null);
      expect((await store.find(pending._id))?.status).to.equal('PENDING');
    });

    it('should refuse a move the state machine does not have, and change nothing', async () => {
      const session = sessionDocument({ status: 'PENDING' });
      await store.insert(session);
      const backwards = { from: 'PENDING', to: 'PROCESSING', reason: 'webhook' } as unknown as SessionMove;
      await rejection(store.move(session._id, backwards), IllegalMoveError);
      await rejection(store.move(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'merchant' }), IllegalMoveError);
      expect((await store.find(session._id))?.status).to.equal('PENDING');
    });

    it('should let exactly one of many concurrent writers close a PENDING session, and undo it', async () => {
      const session = sessionDocument({ status: 'PENDING' });
      await store.insert(session);
      const writers = [store, ...(await others())];
      const moves: CloseMove[] = [
        { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' },
        { from: 'PENDING', to: 'EXPIRED', reason: 'expired' },
        { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' },
      ];
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => writers[i % writers.length]!.move(session._id, moves[i % moves.length]!)));
      const winners = results.filter((result) => result !== null);
      expect(winners).to.have.length(1);
      const won = winners[0]!.applied;
      expect(winners[0]!.session.status).to.equal(won.to);
      expect((await store.find(session._id))?.status).to.equal(won.to);
      await store.undo(session._id, won);
      expect((await store.find(session._id))?.status).to.equal('PENDING');
      expect((await store.move(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }))?.session.status).to.equal('EXPIRED');
    });

    it('should find sessions by provider reference, and the overdue PENDING ones oldest first', async () => {
      const reference = uniqueName('sbx');
      const session = sessionDocument({ status: 'PENDING', provider: { name: 'sandbox', reference } });
      await store.insert(session);
      expect((await store.findByProviderReference('sandbox', reference))?._id).to.equal(session._id);
      expect(await store.findByProviderReference('stripe', reference)).to.equal(null);
      const old = sessionDocument({ status: 'PENDING', expiresAt: new Date('2000-01-01T00:00:00Z') });
      const older = sessionDocument({ status: 'PENDING', expiresAt: new Date('1999-01-01T00:00:00Z') });
      const closed = sessionDocument({ status: 'EXPIRED', expiresAt: new Date('1998-01-01T00:00:00Z') });
      for (const each of [old, older, closed]) await store.insert(each);
      const overdue = (await store.findOverdue(new Date('2001-01-01T00:00:00Z'), 10)).map((s) => s._id);
      expect(overdue.filter((id) => [old._id, older._id, closed._id].includes(id))).to.deep.equal([older._id, old._id]);
    });

    it('should record the payment on completion and the time on expiry, and take both back with an undo', async () => {
      const paid = sessionDocument({ status: 'PENDING' });
      await store.insert(paid);
      const completed = await store.move(paid._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_123' });
      expect(completed?.session.payment?.reference).to.equal('pi_123');
      expect(completed?.session.payment?.completedAt).to.be.instanceOf(Date);
      expect(completed?.session.expiredAt).to.equal(null);
      await store.undo(paid._id, completed!.applied);
      expect(await store.find(paid._id)).to.include({ status: 'PENDING', payment: null });

      const expiring = sessionDocument({ status: 'PENDING' });
      await store.insert(expiring);
      const expired = await store.move(expiring._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' });
      expect(expired?.session.expiredAt).to.be.instanceOf(Date);
      expect(expired?.session.payment).to.equal(null);
    });

    it('should complete an expired session once on a late payment, keeping when it expired', async () => {
      const session = sessionDocument({ status: 'PENDING' });
      await store.insert(session);
      const expiredAt = (await store.move(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }))!.session.expiredAt!;
      const late = { from: 'EXPIRED', to: 'COMPLETED', reason: 'webhook', paymentReference: 'psp_9' } as const;
      const writers = [store, ...(await others())];
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => writers[i % writers.length]!.move(session._id, late)));
      expect(results.filter((result) => result !== null)).to.have.length(1);
      const stored = (await store.find(session._id))!;
      expect(stored.status).to.equal('COMPLETED');
      expect(stored.expiredAt?.getTime()).to.equal(expiredAt.getTime());
      expect(stored.payment?.reference).to.equal('psp_9');
      expect(stored.payment!.completedAt.getTime()).to.be.at.least(expiredAt.getTime());
      await rejection(store.move(session._id, { from: 'EXPIRED', to: 'COMPLETED', reason: 'merchant' } as CloseMove), IllegalMoveError);
    });

    it('should keep each claimed move unannounced until marked, and forget it on undo', async () => {
      const later = () => new Date(Date.now() + 60_000);
      const ours = async (ids: string[]) => (await store.findUnannounced(later(), 1000)).filter((entry) => ids.includes(entry.sessionId));
      const first = sessionDocument({ status: 'PENDING' });
      const second = sessionDocument({ status: 'PENDING' });
      const processing = sessionDocument();
      for (const session of [first, second, processing]) await store.insert(session);
      const ids = [first._id, second._id, processing._id];
      const expire = { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' } as const;
      const complete = { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_1' } as const;
      await store.move(first._id, expire);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.move(second._id, complete);
      await store.move(processing._id, { from: 'PROCESSING', to: 'PENDING', changes: checkout() });
      const unannounced = await ours(ids);
      expect(unannounced.map((entry) => [entry.sessionId, entry.move])).to.deep.equal([
        [first._id, expire],
        [second._id, complete],
      ]);
      expect(unannounced[0]!.claimedAt).to.be.instanceOf(Date);
      expect((await store.findUnannounced(unannounced[0]!.claimedAt, 1000)).map((entry) => entry.sessionId)).to.not.include(first._id);
      await store.markAnnounced(first._id, expire);
      expect((await ours(ids)).map((entry) => entry.sessionId)).to.deep.equal([second._id]);
      await store.undo(second._id, complete);
      expect(await ours(ids)).to.deep.equal([]);
    });

    it("should list an application's sessions newest first, a page at a time, filtered", async () => {
      const applicationId = uniqueName('lister');
      const at = (second: number) => new Date(Date.UTC(2024, 0, 15, 11, 0, second));
      // Two in the same second: their order is by sessionId, descending.
      const sessions = [at(1), at(2), at(2), at(3), at(4)].map((createdAt, index) =>
        sessionDocument({ applicationId, createdAt, status: index === 0 ? 'PENDING' : 'EXPIRED', orderReference: index < 2 ? 'ORD-A' : 'ORD-B' }),
      );
      for (const session of sessions) await store.insert(session);
      await store.insert(sessionDocument({ createdAt: at(5) })); // another application's
      const expected = [...sessions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1)).map((session) => session._id);

      const walked: string[] = [];
      let after: SessionDocument | undefined;
      for (;;) {
        const page = await store.list(applicationId, { limit: 2, after });
        walked.push(...page.map((session) => session._id));
        if (page.length < 2) break;
        after = page.at(-1);
      }
      expect(walked).to.deep.equal(expected);
      expect((await store.list(applicationId, { limit: 10, status: 'PENDING' })).map((session) => session._id)).to.deep.equal([sessions[0]!._id]);
      expect(await store.list(applicationId, { limit: 10, orderReference: 'ORD-A' })).to.have.length(2);
      expect(await store.list(applicationId, { limit: 10, createdAfter: at(2), createdBefore: at(4) })).to.have.length(3);
      expect(await store.list(uniqueName('nobody'), { limit: 10 })).to.deep.equal([]);
    });

    it('should remove a session', async () => {
      const session = sessionDocument();
      await store.insert(session);
      await store.remove(session._id);
      expect(await store.find(session._id)).to.equal(null);
      expect(await store.insert({ ...session, _id: randomUUID() })).to.deep.equal({ inserted: true });
    });
  });
}
