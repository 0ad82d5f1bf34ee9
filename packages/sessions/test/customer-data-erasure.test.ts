import { expect } from 'chai';
import { Topics } from '@checkout/contracts';
import { createLogger } from '@checkout/platform';
import { CustomerDataErasure, InMemorySessionStore } from '@checkout/sessions';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { EraseRetainedCustomerData } from '../../../services/provider/src/lifecycle/erase-retained-customer-data';

describe('CustomerDataErasure', () => {
  it('should erase, then publish the audit event once, and republish one whose publication failed', async () => {
    const store = new InMemorySessionStore();
    const session = sessionDocument({ status: 'COMPLETED', additionalInformation: { phone: '+61412345678' } });
    await store.insert(session);
    const publisher = new RecordingPublisher();
    const erasure = new CustomerDataErasure(store, publisher, 'urn:test');
    publisher.failWith = new Error('broker down');
    expect(await erasure.erase(session._id, 'merchant').catch((error: Error) => error.message)).to.equal('broker down');
    expect((await store.find(session._id))!.customer, 'erased even so').to.equal(null);
    publisher.failWith = undefined;
    expect(await erasure.announceUnannounced(10)).to.equal(1);
    expect(await erasure.announceUnannounced(10)).to.equal(0);
    await erasure.erase(session._id, 'merchant');
    const events = publisher.payloads(Topics.sessionErasure);
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({ sessionId: session._id, applicationId: session.applicationId, reason: 'merchant' });
    expect(JSON.stringify(events)).not.to.include('+61412345678');
  });

  it('should erase, after the retention period, the customer data of closed sessions only', async () => {
    const store = new InMemorySessionStore();
    const day = 86_400_000;
    const now = new Date('2025-06-01T00:00:00Z');
    const old = sessionDocument({ status: 'EXPIRED', updatedAt: new Date(now.getTime() - 91 * day) });
    const young = sessionDocument({ status: 'COMPLETED', updatedAt: new Date(now.getTime() - 89 * day) });
    const pending = sessionDocument({ status: 'PENDING', updatedAt: new Date(now.getTime() - 200 * day) });
    for (const session of [old, young, pending]) await store.insert(session);
    const publisher = new RecordingPublisher();
    const job = new EraseRetainedCustomerData(new CustomerDataErasure(store, publisher, 'urn:test'), 90, createLogger({ service: 'test', level: 'silent' }), 1);
    expect(await job.execute(now)).to.equal(1);
    expect((await store.find(old._id))!).to.deep.include({ customer: null, customerErasureReason: 'retention' });
    expect((await store.find(young._id))!.customer).to.deep.equal(young.customer);
    expect((await store.find(pending._id))!.customer).to.deep.equal(pending.customer);
    expect(publisher.payloads(Topics.sessionErasure)).to.have.length(1);
    expect(await job.execute(now)).to.equal(0);
  });
});
