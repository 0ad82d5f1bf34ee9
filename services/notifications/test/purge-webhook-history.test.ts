import { expect } from 'chai';
import { createLogger } from '@checkout/platform';
import { deliveryId, InMemoryWebhookStores, merchantEventId } from '@checkout/webhooks';
import { PurgeWebhookHistory } from '../src/purge-webhook-history';

describe('PurgeWebhookHistory', () => {
  it('should delete events, finished deliveries and attempts older than the retention, keeping newer ones and anything still pending', async () => {
    const stores = new InMemoryWebhookStores();
    const now = new Date('2025-06-01T00:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    for (const [name, createdAt, status] of [['old', daysAgo(31), 'delivered'], ['young', daysAgo(29), 'delivered'], ['stuck', daysAgo(40), 'pending']] as const) {
      const eventId = merchantEventId(name, 'checkout.session.completed');
      await stores.insertEvent({ _id: eventId, applicationId: 'app', type: 'checkout.session.completed', sessionId: name, data: { object: {} }, createdAt });
      const id = deliveryId(eventId, 'we_1');
      await stores.insertDelivery({ _id: id, applicationId: 'app', endpointId: 'we_1', eventId, eventType: 'checkout.session.completed', status, attemptCount: 1, nextAttemptAt: status === 'pending' ? now : null, createdAt, updatedAt: createdAt });
      await stores.claimAttempt({ _id: `${id}.1`, deliveryId: id, endpointId: 'we_1', number: 1, startedAt: createdAt, finishedAt: createdAt, statusCode: 200, latencyMs: 1, error: null, responseBody: 'ok from the merchant' });
    }
    const purged = await new PurgeWebhookHistory(stores, 30, createLogger({ service: 'test', level: 'silent' })).execute(now);
    expect(purged).to.deep.equal({ events: 2, deliveries: 1, attempts: 2, replays: 0 });
    expect((await stores.listEvents({ applicationId: 'app', livemode: true }, { limit: 10 })).map((event) => event.sessionId)).to.deep.equal(['young']);
    expect(await stores.findDelivery(deliveryId(merchantEventId('stuck', 'checkout.session.completed'), 'we_1')), 'a pending delivery is kept').to.not.equal(null);
    expect(await stores.findAttempt(`${deliveryId(merchantEventId('young', 'checkout.session.completed'), 'we_1')}.1`)).to.not.equal(null);
  });
});
