import { expect } from 'chai';
import { Topics, type SessionStatusChanged } from '@checkout/contracts';
import { InMemorySessionStore, SessionLifecycle } from '@checkout/sessions';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { strandMove } from '../../../test/support/session-moves';
import { rejection } from '../../../test/support/rejection';

describe('SessionLifecycle', () => {
  describe('close', () => {
    const pending = () => sessionDocument({ status: 'PENDING', provider: { name: 'sandbox', reference: 'sbx_1' } });

    it('should close a PENDING session once and announce it as SessionStatusChanged', async () => {
      const store = new InMemorySessionStore();
      const publisher = new RecordingPublisher();
      const session = pending();
      await store.insert(session);
      const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
      const closed = await lifecycle.close(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook' });
      expect(closed?.status).to.equal('COMPLETED');
      expect(await lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' })).to.equal(null);
      expect(publisher.payloads(Topics.sessionStatus)).to.deep.equal([
        {
          sessionId: session._id,
          applicationId: session.applicationId,
          livemode: true,
          from: 'PENDING',
          to: 'COMPLETED',
          reason: 'webhook',
          provider: 'sandbox',
          providerReference: 'sbx_1',
          changedAt: closed!.updatedAt.toISOString(),
        },
      ]);
      expect(publisher.published[0]?.message.key).to.equal(session._id);
    });

    it('should take the move back when it cannot be announced, so that a retry makes and announces it', async () => {
      const store = new InMemorySessionStore();
      const publisher = new RecordingPublisher();
      const session = pending();
      await store.insert(session);
      const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
      publisher.failWith = new Error('broker down');
      await rejection(lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }), Error);
      expect((await store.find(session._id))?.status).to.equal('PENDING');
      publisher.failWith = undefined;
      expect((await lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }))?.status).to.equal('EXPIRED');
      expect(publisher.payloads(Topics.sessionStatus)).to.have.length(1);
    });
  });

  describe('announceUnannounced', () => {
    const pending = () => sessionDocument({ status: 'PENDING', provider: { name: 'sandbox', reference: 'sbx_2' } });
    const staleFromNow = () => new Date(Date.now() + 31_000);

    it('should leave nothing to announce after a close whose announcement was published', async () => {
      const store = new InMemorySessionStore();
      const publisher = new RecordingPublisher();
      const session = pending();
      await store.insert(session);
      const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
      await lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' });
      expect(await lifecycle.announceUnannounced(staleFromNow())).to.equal(0);
      expect(publisher.payloads(Topics.sessionStatus)).to.have.length(1);
    });

    it('should publish, once, a move its writer made without announcing it, after the claim is stale', async () => {
      const store = new InMemorySessionStore();
      const publisher = new RecordingPublisher();
      const session = pending();
      await store.insert(session);
      // The writer's process died between its update and its publish.
      await strandMove(store, session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' });
      const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
      expect(await lifecycle.announceUnannounced()).to.equal(0);
      expect(await lifecycle.announceUnannounced(staleFromNow())).to.equal(1);
      expect(publisher.payloads(Topics.sessionStatus)).to.deep.equal([
        {
          sessionId: session._id,
          applicationId: session.applicationId,
          livemode: true,
          from: 'PENDING',
          to: 'EXPIRED',
          reason: 'merchant',
          provider: 'sandbox',
          providerReference: 'sbx_2',
          changedAt: (await store.find(session._id))!.updatedAt.toISOString(),
        },
      ]);
      expect(await lifecycle.announceUnannounced(staleFromNow())).to.equal(0);
    });

    it('should keep the move unannounced while the bus is down, and publish it on the next run', async () => {
      const store = new InMemorySessionStore();
      const publisher = new RecordingPublisher();
      const session = pending();
      await store.insert(session);
      await strandMove(store, session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'pi_9' });
      const lifecycle = new SessionLifecycle(store, publisher, 'urn:test');
      publisher.failWith = new Error('broker down');
      await rejection(lifecycle.announceUnannounced(staleFromNow()), Error);
      publisher.failWith = undefined;
      expect(await lifecycle.announceUnannounced(staleFromNow())).to.equal(1);
      expect((publisher.payloads(Topics.sessionStatus) as SessionStatusChanged[]).map((event) => event.to)).to.deep.equal(['COMPLETED']);
    });
  });
});
