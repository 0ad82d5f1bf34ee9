import { expect } from 'chai';
import { Topics } from '@checkout/contracts';
import { createLogger, type IncomingMessage } from '@checkout/platform';
import { InMemorySessionStore } from '@checkout/sessions';
import { FailDeadLetteredSessions } from '../src/lifecycle/fail-dead-lettered-sessions';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { recordedLifecycle } from '../../../test/support/session-moves';

const deadLetter = (sessionId: string): IncomingMessage => ({
  topic: 'checkout.session.routed.dlq',
  partition: 0,
  offset: '7',
  key: sessionId,
  value: Buffer.from('{}'),
  headers: { dlq_reason: "Cannot read properties of undefined (reading 'score')", dlq_source_topic: 'checkout.session.routed', dlq_cause: 'exhausted' },
});

describe('FailDeadLetteredSessions', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });

  it('should fail a session left PROCESSING by a dead letter, and announce it as its outcome', async () => {
    const store = new InMemorySessionStore();
    const session = sessionDocument();
    await store.insert(session);
    const { lifecycle, publisher } = recordedLifecycle(store);
    await new FailDeadLetteredSessions(lifecycle, logger).execute(deadLetter(session._id));
    const failed = await store.find(session._id);
    expect(failed?.status).to.equal('FAILED');
    expect(failed?.failure).to.deep.equal({ code: 'processing_failed', detail: 'This session could not be processed on our side (its request failed repeatedly and was set aside); nothing was charged.' });
    expect(failed?.failure?.detail).not.to.contain('Cannot read properties');
    expect(publisher.payloads(Topics.sessionOutcome)).to.deep.equal([
      {
        sessionId: session._id,
        applicationId: session.applicationId,
        livemode: true,
        currency: 'AUD',
        code: 'processing_failed',
        detail: failed!.failure!.detail,
        attempts: [],
        idempotency: { keyHash: session.idempotencyKeyHash, fingerprint: session.requestFingerprint },
      },
    ]);
  });

  it('should leave a decided session as it is (announcing it again), and an unknown one alone', async () => {
    const store = new InMemorySessionStore();
    const pending = sessionDocument({ status: 'PENDING', checkoutUrl: 'https://pay.example/1', provider: { name: 'sandbox', reference: 'sbx_1' }, routing: { selectedProvider: 'sandbox', score: 90, candidates: [], rejected: [] } });
    await store.insert(pending);
    const { lifecycle, publisher } = recordedLifecycle(store);
    const useCase = new FailDeadLetteredSessions(lifecycle, logger);
    await useCase.execute(deadLetter(pending._id));
    await useCase.execute(deadLetter('0b8c1a2e-b088-4e79-99ad-2c3e0fa3f1b9'));
    expect((await store.find(pending._id))?.status).to.equal('PENDING');
    expect((publisher.payloads(Topics.sessionOutcome) as { status: string }[]).map((event) => event.status)).to.deep.equal(['PENDING']);
  });
});
