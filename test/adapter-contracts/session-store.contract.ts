import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Topics, type SessionStatusChanged } from '@checkout/contracts';
import { claimIdOf, claimOf, IllegalMoveError, type CheckoutCreated, type CloseMove, type SessionDocument, type SessionStore } from '@checkout/sessions';
import { uniqueName } from '../support/infra';
import { rejection } from '../support/rejection';
import { recordedLifecycle } from '../support/session-moves';

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
    const at = (second: number) => new Date(Date.UTC(2024, 0, 15, 11, 0, second));

    it('should insert once per (application, key) and hand back the first session', async () => {
      const first = sessionDocument();
      expect(await store.insert(first)).to.deep.equal({ inserted: true });
      const duplicate = await store.insert({ ...first, _id: randomUUID(), requestFingerprint: 'other' });
      expect(duplicate.inserted).to.equal(false);
      if (!duplicate.inserted) expect(duplicate.existing).to.deep.equal(first);
      const otherApplication = await store.insert({ ...first, _id: randomUUID(), applicationId: uniqueName('app') });
      expect(otherApplication.inserted).to.equal(true);
    });

    it('should show a session only to its application, in its mode', async () => {
      const session = sessionDocument();
      await store.insert(session);
      const live = { applicationId: session.applicationId, livemode: true };
      expect(await store.findInScope(session._id, live)).to.deep.equal(session);
      expect(await store.findInScope(session._id, { applicationId: 'someone-else', livemode: true })).to.equal(null);
      expect(await store.findInScope(session._id, { ...live, livemode: false }), 'a session from before modes is live').to.equal(null);
      expect(await store.findInScope(randomUUID(), live)).to.equal(null);
      expect(await store.find(session._id)).to.deep.equal(session);
      expect(await store.find(randomUUID())).to.equal(null);
    });

    it('should set a session only while it has the status named, and hand back the session as set', async () => {
      const session = sessionDocument();
      await store.insert(session);
      const updatedAt = new Date(session.updatedAt.getTime() + 1000);
      const set = await store.compareAndSet(session._id, 'PROCESSING', { status: 'PENDING', checkoutUrl: 'https://pay.example/1', updatedAt });
      expect(set).to.deep.equal({ ...session, status: 'PENDING', checkoutUrl: 'https://pay.example/1', updatedAt });
      expect(await store.find(session._id)).to.deep.equal(set);
      expect(await store.compareAndSet(session._id, 'PROCESSING', { status: 'FAILED' })).to.equal(null);
      expect(await store.compareAndSet(randomUUID(), 'PROCESSING', { status: 'FAILED' })).to.equal(null);
      expect((await store.find(session._id))?.status).to.equal('PENDING');
      expect(await store.hasStatus(session._id, 'PENDING')).to.equal(true);
      expect(await store.hasStatus(session._id, 'PROCESSING')).to.equal(false);
      expect(await store.hasStatus(randomUUID(), 'PENDING')).to.equal(false);
    });

    it('should let exactly one of many concurrent claims of one id win, and a released claim be claimed again', async () => {
      const writers = [store, ...(await others())];
      const sessionId = randomUUID();
      const moves: CloseMove[] = [
        { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' },
        { from: 'PENDING', to: 'EXPIRED', reason: 'expired' },
      ];
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => writers[i % writers.length]!.claim(claimOf(sessionId, moves[i % moves.length]!))));
      expect(results.filter(Boolean)).to.have.length(1);
      const held = await store.findClaim(claimIdOf(sessionId, 'PENDING'));
      expect(held).to.include({ _id: claimIdOf(sessionId, 'PENDING'), sessionId, announced: false });
      expect(moves).to.deep.include(held!.move);
      await store.releaseClaim(held!._id);
      expect(await store.findClaim(held!._id)).to.equal(null);
      expect(await store.claim(claimOf(sessionId, moves[0]!))).to.equal(true);
    });

    it('should keep each claim unannounced until marked, oldest first', async () => {
      const later = () => new Date(Date.now() + 60_000);
      const first = claimOf(randomUUID(), { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }, new Date(Date.now() - 10));
      const second = claimOf(randomUUID(), { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_1' });
      for (const claim of [second, first]) await store.claim(claim);
      const ours = async () => (await store.findUnannounced(later(), 1000)).filter((claim) => [first._id, second._id].includes(claim._id));
      expect(await ours()).to.deep.equal([first, second]);
      expect((await store.findUnannounced(first.claimedAt, 1000)).map((claim) => claim._id)).to.not.include(first._id);
      await store.markAnnounced(first._id);
      expect((await ours()).map((claim) => claim._id)).to.deep.equal([second._id]);
      expect((await store.findClaim(first._id))?.announced).to.equal(true);
    });

    it("should read a scope's sessions of a range for a routing summary, newest first, without the customer", async () => {
      const applicationId = uniqueName('app');
      const routed = sessionDocument({ applicationId, status: 'COMPLETED', createdAt: at(2), ...checkout() });
      await store.insert({ ...routed, provider: { name: 'stripe', reference: 'cs_1', accountId: 'pa_1' } });
      await store.insert(sessionDocument({ applicationId, createdAt: at(1) }));
      await store.insert(sessionDocument({ applicationId, createdAt: at(9) }));
      await store.insert(sessionDocument({ applicationId, livemode: false, createdAt: at(3) }));
      const rows = await store.routingRows({ applicationId, livemode: true }, { from: at(1), to: at(9) }, 10);
      expect(rows.map((row) => row.createdAt)).to.deep.equal([at(2), at(1)]);
      expect(rows[0]).to.deep.include({ _id: routed._id, status: 'COMPLETED', provider: { name: 'stripe', reference: 'cs_1', accountId: 'pa_1' } });
      expect(rows[0]!.attempts).to.have.length(1);
      expect(rows[0]).not.to.have.property('customer');
      expect(await store.routingRows({ applicationId, livemode: true }, { from: at(0), to: at(59) }, 2)).to.have.length(2);
    });

    it('should count the sessions still PROCESSING that were created before a time', async () => {
      const applicationId = uniqueName('stuck');
      const old = new Date('1990-01-01T00:00:00Z');
      for (const session of [sessionDocument({ applicationId, createdAt: old }), sessionDocument({ applicationId, createdAt: old, status: 'PENDING' }), sessionDocument({ applicationId, createdAt: new Date('1990-01-02T00:00:00Z') })]) await store.insert(session);
      expect(await store.countProcessing(new Date('1990-01-01T12:00:00Z'))).to.equal(1);
      expect(await store.countProcessing(new Date('1990-01-03T00:00:00Z'))).to.equal(2);
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

    // The SessionLifecycle's moves, over this adapter: the claim protocol on its primitives.
    describe('under SessionLifecycle', () => {
      const lifecycleOf = (over: SessionStore) => recordedLifecycle(over).lifecycle;

      it('should decide PROCESSING to PENDING with the checkout once; a redelivery finds it decided', async () => {
        const session = sessionDocument();
        await store.insert(session);
        const created = checkout();
        const decided = await lifecycleOf(store).decide(session._id, { from: 'PROCESSING', to: 'PENDING', changes: created });
        expect(decided).to.deep.include({ status: 'PENDING', checkoutUrl: created.checkoutUrl, provider: created.provider, attempts: created.attempts, routing: created.routing });
        expect(decided!.updatedAt.getTime()).to.be.greaterThan(session.updatedAt.getTime());
        expect(await store.find(session._id)).to.deep.equal(decided);
        expect((await lifecycleOf(store).decide(session._id, { from: 'PROCESSING', to: 'PENDING', changes: checkout() }))?.checkoutUrl).to.equal(created.checkoutUrl);
        expect((await lifecycleOf(store).decide(session._id, { from: 'PROCESSING', to: 'FAILED', changes: { failure: { code: 'provider_unavailable', detail: 'x' } } }))?.status).to.equal('PENDING');
      });

      it("should decide a session its writer read without reading it back: the same stored session and the same announcement as deciding by id", async () => {
        const [byId, known] = [sessionDocument(), sessionDocument()];
        for (const each of [byId, known]) await store.insert(each);
        const created = checkout();
        const viaId = recordedLifecycle(store);
        const viaKnown = recordedLifecycle(store);
        const decidedById = await viaId.lifecycle.decide(byId._id, { from: 'PROCESSING', to: 'PENDING', changes: created });
        const decidedKnown = await viaKnown.lifecycle.decide(known, { from: 'PROCESSING', to: 'PENDING', changes: created });
        expect(await store.find(known._id), 'as stored').to.deep.equal(decidedKnown);
        const strip = (session: SessionDocument | null) => ({ ...session, _id: undefined, idempotencyKeyHash: undefined, applicationId: undefined, updatedAt: undefined });
        expect(strip(decidedKnown)).to.deep.equal(strip(decidedById));
        const outcome = (published: unknown[]) => ({ ...(published[0] as { data: Record<string, unknown> }).data, sessionId: undefined, applicationId: undefined, idempotency: undefined });
        expect(outcome(viaKnown.publisher.payloads(Topics.sessionOutcome))).to.deep.equal(outcome(viaId.publisher.payloads(Topics.sessionOutcome)));
        // A redelivery with the same stale read: the session is decided already; the stored decision is announced, nothing written.
        const again = await viaKnown.lifecycle.decide(known, { from: 'PROCESSING', to: 'FAILED', changes: { failure: { code: 'provider_unavailable', detail: 'x' } } });
        expect(again?.status).to.equal('PENDING');
        expect(await store.find(known._id)).to.deep.equal(decidedKnown);
        expect(await store.setIf(known._id, 'PROCESSING', { status: 'FAILED' }), 'setIf refuses another status').to.equal(false);
      });

      it('should refuse a move the state machine does not have, and change nothing', async () => {
        const session = sessionDocument({ status: 'PENDING' });
        await store.insert(session);
        const backwards = { from: 'PENDING', to: 'PROCESSING', reason: 'webhook' } as unknown as CloseMove;
        await rejection(lifecycleOf(store).close(session._id, backwards), IllegalMoveError);
        await rejection(lifecycleOf(store).close(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'merchant' }), IllegalMoveError);
        expect((await store.find(session._id))?.status).to.equal('PENDING');
        expect(await store.findClaim(claimIdOf(session._id, 'PENDING'))).to.equal(null);
      });

      it('should let exactly one of many concurrent writers close a PENDING session, and announce that one', async () => {
        const session = sessionDocument({ status: 'PENDING' });
        await store.insert(session);
        const writers = [store, ...(await others())].map((writer) => recordedLifecycle(writer));
        const moves: CloseMove[] = [
          { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' },
          { from: 'PENDING', to: 'EXPIRED', reason: 'expired' },
          { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' },
        ];
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => writers[i % writers.length]!.lifecycle.close(session._id, moves[i % moves.length]!)));
        const winners = results.filter((result) => result !== null);
        expect(winners).to.have.length(1);
        const announced = writers.flatMap((writer) => writer.publisher.payloads(Topics.sessionStatus)) as SessionStatusChanged[];
        expect(announced).to.have.length(1);
        expect(announced[0]!.to).to.equal(winners[0]!.status);
        expect((await store.find(session._id))?.status).to.equal(winners[0]!.status);
      });

      it('should take a close back, claim included, when it cannot be announced, and record payment and expiry times', async () => {
        const paid = sessionDocument({ status: 'PENDING' });
        await store.insert(paid);
        const failing = recordedLifecycle(store);
        failing.publisher.failWith = new Error('broker down');
        await rejection(failing.lifecycle.close(paid._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_123' }), Error);
        expect(await store.find(paid._id)).to.include({ status: 'PENDING', payment: null });
        expect(await store.findClaim(claimIdOf(paid._id, 'PENDING'))).to.equal(null);
        const completed = await lifecycleOf(store).close(paid._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_123' });
        expect(completed?.payment?.reference).to.equal('pi_123');
        expect(completed?.payment?.completedAt).to.be.instanceOf(Date);
        expect(completed?.expiredAt).to.equal(null);

        const expiring = sessionDocument({ status: 'PENDING' });
        await store.insert(expiring);
        const expired = await lifecycleOf(store).close(expiring._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' });
        expect(expired?.expiredAt).to.be.instanceOf(Date);
        expect(expired?.payment).to.equal(null);
      });

      it('should complete an expired session once on a late payment, keeping when it expired', async () => {
        const session = sessionDocument({ status: 'PENDING' });
        await store.insert(session);
        const expiredAt = (await lifecycleOf(store).close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }))!.expiredAt!;
        const late = { from: 'EXPIRED', to: 'COMPLETED', reason: 'webhook', paymentReference: 'psp_9' } as const;
        const writers = [store, ...(await others())].map(lifecycleOf);
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => writers[i % writers.length]!.close(session._id, late)));
        expect(results.filter((result) => result !== null)).to.have.length(1);
        const stored = (await store.find(session._id))!;
        expect(stored.status).to.equal('COMPLETED');
        expect(stored.expiredAt?.getTime()).to.equal(expiredAt.getTime());
        expect(stored.payment?.reference).to.equal('psp_9');
        expect(stored.payment!.completedAt.getTime()).to.be.at.least(expiredAt.getTime());
        await rejection(lifecycleOf(store).close(session._id, { from: 'EXPIRED', to: 'COMPLETED', reason: 'merchant' } as CloseMove), IllegalMoveError);
      });
    });

    it("should list an application's sessions newest first, a page at a time, filtered", async () => {
      const applicationId = uniqueName('lister');
      const live = { applicationId, livemode: true };
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
        const page = await store.list(live, { limit: 2, after });
        walked.push(...page.map((session) => session._id));
        if (page.length < 2) break;
        after = page.at(-1);
      }
      expect(walked).to.deep.equal(expected);
      expect((await store.list(live, { limit: 10, status: 'PENDING' })).map((session) => session._id)).to.deep.equal([sessions[0]!._id]);
      expect(await store.list(live, { limit: 10, orderReference: 'ORD-A' })).to.have.length(2);
      expect(await store.list(live, { limit: 10, createdAfter: at(2), createdBefore: at(4) })).to.have.length(3);
      expect(await store.list({ applicationId: uniqueName('nobody'), livemode: true }, { limit: 10 })).to.deep.equal([]);
    });

    it("should keep each mode's sessions to its own scope: lists never mix, the other mode's id is not found", async () => {
      const applicationId = uniqueName('modes');
      const legacy = sessionDocument({ applicationId, createdAt: at(1) });
      const live = sessionDocument({ applicationId, livemode: true, createdAt: at(2) });
      const test = sessionDocument({ applicationId, livemode: false, createdAt: at(3) });
      for (const session of [legacy, live, test]) await store.insert(session);
      expect((await store.list({ applicationId, livemode: true }, { limit: 10 })).map((session) => session._id)).to.deep.equal([live._id, legacy._id]);
      expect((await store.list({ applicationId, livemode: false }, { limit: 10 })).map((session) => session._id)).to.deep.equal([test._id]);
      expect(await store.findInScope(test._id, { applicationId, livemode: true })).to.equal(null);
      expect(await store.findInScope(live._id, { applicationId, livemode: false })).to.equal(null);
    });

    it("should erase a decided session's customer data once, keeping the first erasure's time, and never a PROCESSING one's", async () => {
      const processing = sessionDocument({ additionalInformation: { note: 'call Jane' } });
      const pending = sessionDocument({ status: 'PENDING', additionalInformation: { note: 'call Jane' } });
      await store.insert(processing);
      await store.insert(pending);
      expect(await store.eraseCustomer(processing._id, at(1), 'merchant')).to.equal(null);
      expect((await store.find(processing._id))!.customer).to.deep.equal(processing.customer);
      const erased = await store.eraseCustomer(pending._id, at(1), 'merchant');
      expect(erased).to.deep.include({ customer: null, additionalInformation: {}, customerErasedAt: at(1), customerErasureAnnounced: false, customerErasureReason: 'merchant', status: 'PENDING' });
      expect((await store.eraseCustomer(pending._id, at(2), 'retention'))!.customerErasedAt).to.deep.equal(at(1));
      expect((await store.findUnannouncedErasures(100)).map((s) => s._id)).to.include(pending._id);
      await store.markErasureAnnounced(pending._id);
      expect((await store.findUnannouncedErasures(100)).map((s) => s._id)).not.to.include(pending._id);
      expect(await store.eraseCustomer(randomUUID(), at(1), 'merchant')).to.equal(null);
    });

    it('should find the sessions closed before a time whose customer data is still kept', async () => {
      const old = sessionDocument({ status: 'COMPLETED', updatedAt: new Date('1990-01-01T00:00:00Z') });
      const recent = sessionDocument({ status: 'FAILED', updatedAt: new Date('1990-03-01T00:00:00Z') });
      const open = sessionDocument({ status: 'PENDING', updatedAt: new Date('1990-01-01T00:00:00Z') });
      const gone = sessionDocument({ status: 'EXPIRED', updatedAt: new Date('1990-01-01T00:00:00Z') });
      for (const session of [old, recent, open, gone]) await store.insert(session);
      await store.eraseCustomer(gone._id, at(1), 'retention');
      const due = (await store.findCustomerDataDue(new Date('1990-02-01T00:00:00Z'), 100)).map((s) => s._id);
      expect(due).to.include(old._id);
      expect(due).not.to.include.members([recent._id]);
      expect(due).not.to.include(open._id);
      expect(due).not.to.include(gone._id);
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
