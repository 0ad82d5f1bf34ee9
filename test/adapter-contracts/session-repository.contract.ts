import { expect } from 'chai';
import type { SessionDocument } from '@checkout/contracts';
import type { SessionRepository } from '../../services/gateway/src/sessions/session-repository';
import { uniqueName } from '../support/infra';
import { randomUUID } from 'node:crypto';

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
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date('2024-01-15T12:00:00Z'),
    ...overrides,
  };
}

/**
 * The behaviour every SessionRepository adapter must have, in-memory or MongoDB. `others` gives
 * further repositories on separate connections to the same store, to race against.
 */
export function sessionRepositoryContract(
  name: string,
  setup: () => Promise<SessionRepository>,
  teardown: () => Promise<void> = async () => undefined,
  others: () => Promise<SessionRepository[]> = async () => [],
): void {
  describe(`${name} (SessionRepository contract)`, function () {
    this.timeout(20_000);
    let repository: SessionRepository;
    beforeEach(async () => {
      repository = await setup();
    });
    afterEach(teardown);

    it('should insert once per (application, key) and hand back the first session', async () => {
      const first = sessionDocument();
      expect(await repository.insert(first)).to.deep.equal({ inserted: true });
      const duplicate = await repository.insert({ ...first, _id: randomUUID(), requestFingerprint: 'other' });
      expect(duplicate.inserted).to.equal(false);
      if (!duplicate.inserted) expect(duplicate.existing).to.deep.equal(first);
      const otherApplication = await repository.insert({ ...first, _id: randomUUID(), applicationId: uniqueName('app') });
      expect(otherApplication.inserted).to.equal(true);
    });

    it('should show a session only to its application', async () => {
      const session = sessionDocument();
      await repository.insert(session);
      expect(await repository.findForApplication(session._id, session.applicationId)).to.deep.equal(session);
      expect(await repository.findForApplication(session._id, 'someone-else')).to.equal(null);
      expect(await repository.findForApplication(randomUUID(), session.applicationId)).to.equal(null);
    });

    it('should find a session by id, and fail only a session still processing', async () => {
      const session = sessionDocument();
      await repository.insert(session);
      expect(await repository.find(session._id)).to.deep.equal(session);
      expect(await repository.find(randomUUID())).to.equal(null);
      await repository.markFailed(session._id, { code: 'provider_unavailable', detail: 'down' });
      const failed = await repository.findForApplication(session._id, session.applicationId);
      expect(failed?.status).to.equal('FAILED');
      expect(failed?.failure).to.deep.equal({ code: 'provider_unavailable', detail: 'down' });

      const pending = sessionDocument({ status: 'PENDING' });
      await repository.insert(pending);
      await repository.markFailed(pending._id, { code: 'x', detail: 'y' });
      expect((await repository.findForApplication(pending._id, pending.applicationId))?.status).to.equal('PENDING');
    });

    it('should let exactly one of many concurrent writers expire a PENDING session, and undo it', async () => {
      const session = sessionDocument({ status: 'PENDING' });
      await repository.insert(session);
      const writers = [repository, ...(await others())];
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => writers[i % writers.length]!.expirePending(session._id)));
      expect(results.filter((result) => result !== null)).to.have.length(1);
      expect((await repository.findForApplication(session._id, session.applicationId))?.status).to.equal('EXPIRED');
      await repository.undoExpiry(session._id);
      expect((await repository.findForApplication(session._id, session.applicationId))?.status).to.equal('PENDING');
      expect((await repository.expirePending(session._id))?.status).to.equal('EXPIRED');
    });

    it('should remove a session', async () => {
      const session = sessionDocument();
      await repository.insert(session);
      await repository.remove(session._id);
      expect(await repository.findForApplication(session._id, session.applicationId)).to.equal(null);
      expect(await repository.insert({ ...session, _id: randomUUID() })).to.deep.equal({ inserted: true });
    });
  });
}
