import { expect } from 'chai';
import { createLogger } from '@checkout/platform';
import { InMemorySessionStore } from '@checkout/sessions';
import { InMemoryWebhookStores, newEndpointId, newSecret, type WebhookEndpointDocument } from '@checkout/webhooks';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { recordedLifecycle } from '../../../test/support/session-moves';
import { NotificationsTelemetry } from '../src/notifications-telemetry';
import { RecordMerchantEvent } from '../src/record-merchant-event';

describe('RecordMerchantEvent', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const changedAt = new Date('2024-01-15T11:10:00Z');

  let sessions: InMemorySessionStore;
  async function setup() {
    sessions = new InMemorySessionStore();
    const stores = new InMemoryWebhookStores();
    const session = sessionDocument({ livemode: false, status: 'PENDING', provider: { name: 'sandbox', reference: 'sbx_1' }, customer: { firstName: 'Jane', lastName: 'Smith', email: 'jane@example.com' } });
    await sessions.insert(session);
    await recordedLifecycle(sessions).lifecycle.close(session._id, { from: 'PENDING', to: 'COMPLETED', reason: 'webhook', paymentReference: 'sbpay_1' });
    const endpoint = (overrides: Partial<WebhookEndpointDocument>): WebhookEndpointDocument => ({
      _id: newEndpointId(), applicationId: session.applicationId, livemode: false, url: 'https://m.example/h', enabledEvents: ['*'], description: null, status: 'enabled',
      secrets: [newSecret(changedAt)], failingSince: null, disabledReason: null, createdAt: new Date('2024-01-15T11:00:00Z'), updatedAt: changedAt, ...overrides,
    });
    const endpoints = {
      all: endpoint({}),
      completedOnly: endpoint({ enabledEvents: ['checkout.session.completed'] }),
      failedOnly: endpoint({ enabledEvents: ['checkout.session.failed'] }),
      disabled: endpoint({ status: 'disabled' }),
      newer: endpoint({ createdAt: new Date('2024-01-15T11:20:00Z') }),
      otherApplication: endpoint({ applicationId: 'someone-else' }),
      otherMode: endpoint({ livemode: true }),
    };
    for (const each of Object.values(endpoints)) await stores.insertEndpoint(each);
    let pokes = 0;
    const record = new RecordMerchantEvent(sessions, stores, new NotificationsTelemetry(), logger, () => (pokes += 1));
    const change = { sessionId: session._id, applicationId: session.applicationId, from: 'PENDING' as const, to: 'COMPLETED' as const, reason: 'webhook' as const, provider: 'sandbox', providerReference: 'sbx_1', changedAt: changedAt.toISOString() };
    return { session, stores, endpoints, record, change, pokes: () => pokes };
  }

  it("should record the event with the session as GET shows it, and queue it for each subscribed, enabled endpoint of the session's mode that existed", async () => {
    const { session, stores, endpoints, record, change, pokes } = await setup();
    await record.execute(change);
    const [event] = await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10 });
    expect(event).to.deep.include({ type: 'checkout.session.completed', livemode: false, sessionId: session._id, createdAt: changedAt });
    expect(event!.data.object).to.include({ sessionId: session._id, livemode: false, status: 'COMPLETED' });
    expect(JSON.stringify(event)).not.to.contain('jane@example.com');
    const queued = (await stores.dueDeliveries(new Date(), 100)).map((delivery) => delivery.endpointId).sort();
    expect(queued).to.deep.equal([endpoints.all._id, endpoints.completedOnly._id].sort());
    expect(pokes()).to.equal(1);
  });

  it('should write nothing new for a redelivered status change', async () => {
    const { session, stores, record, change, pokes } = await setup();
    await record.execute(change);
    await record.execute(change);
    expect(await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10 })).to.have.length(1);
    expect(await stores.dueDeliveries(new Date(), 100)).to.have.length(2);
    expect(pokes()).to.equal(1);
  });

  it('should announce only what the stored session shows: a forged change is not signed for anyone', async () => {
    const { session, stores, record, change } = await setup();
    await record.execute({ ...change, to: 'FAILED' });
    await record.execute({ ...change, to: 'EXPIRED', reason: 'merchant' });
    expect(await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10 }), 'the session is COMPLETED, never expired').to.deep.equal([]);
    expect(await stores.dueDeliveries(new Date(), 100)).to.deep.equal([]);
    await record.execute(change);
    expect((await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10 })).map((event) => event.type)).to.deep.equal(['checkout.session.completed']);
  });

  it('should ignore a status change of a session that is not stored', async () => {
    const { session, stores, record, change } = await setup();
    await record.execute({ ...change, sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10 })).to.deep.equal([]);
  });

  it('should audit an erasure the stored session shows as checkout.session.customer_erased, once, and no other', async () => {
    const { session, stores, record, endpoints } = await setup();
    const erasure = { sessionId: session._id, applicationId: session.applicationId, reason: 'merchant' as const, erasedAt: changedAt.toISOString() };
    await record.executeErasure(erasure);
    expect(await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10, type: 'checkout.session.customer_erased' }), 'not erased yet').to.deep.equal([]);
    await sessions.eraseCustomer(session._id, changedAt, 'merchant');
    await record.executeErasure(erasure);
    await record.executeErasure(erasure);
    const events = await stores.listEvents({ applicationId: session.applicationId, livemode: false }, { limit: 10, type: 'checkout.session.customer_erased' });
    expect(events).to.have.length(1);
    expect(events[0]!.data.object).to.include({ sessionId: session._id, customerErasedAt: '2024-01-15T11:10:00Z' });
    expect((await stores.dueDeliveries(new Date(), 100)).map((delivery) => delivery.endpointId)).to.include(endpoints.all._id);
  });
});
