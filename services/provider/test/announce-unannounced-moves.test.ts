import { expect } from 'chai';
import { trace } from '@opentelemetry/api';
import { Topics, type SessionStatusChanged } from '@checkout/contracts';
import { createLogger } from '@checkout/platform';
import { InMemorySessionStore, SessionLifecycle } from '@checkout/sessions';
import { AnnounceUnannouncedMoves } from '../src/lifecycle/announce-unannounced-moves';
import { ProviderTelemetry } from '../src/provider-telemetry';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { strandMove } from '../../../test/support/session-moves';
import { testMeter } from '../../../test/support/test-meter';

describe('AnnounceUnannouncedMoves', () => {
  it('should publish the moves a stopped writer left unannounced, once, and count them', async () => {
    const store = new InMemorySessionStore();
    const publisher = new RecordingPublisher();
    const metered = testMeter();
    const relay = new AnnounceUnannouncedMoves(new SessionLifecycle(store, publisher, 'urn:test'), new ProviderTelemetry(trace.getTracer('test'), metered.meter), createLogger({ service: 'test', level: 'silent' }));
    const stranded = sessionDocument({ status: 'PENDING' });
    const announced = sessionDocument({ status: 'PENDING' });
    for (const session of [stranded, announced]) await store.insert(session);
    await strandMove(store, stranded._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' }); // its writer died here
    await new SessionLifecycle(store, publisher, 'urn:test').close(announced._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' });
    const later = new Date(Date.now() + 31_000);

    expect(await relay.execute(later)).to.equal(1);
    expect(await relay.execute(later)).to.equal(0);
    const changes = publisher.payloads(Topics.sessionStatus) as SessionStatusChanged[];
    expect(changes.map((change) => [change.sessionId, change.reason])).to.deep.equal([
      [announced._id, 'merchant'],
      [stranded._id, 'expired'],
    ]);
    expect(await metered.points('checkout.session.announcements_relayed')).to.deep.equal([{ attributes: {}, value: 1 }]);
  });
});
