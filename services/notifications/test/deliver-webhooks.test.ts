import { isLive } from '@checkout/contracts';
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '@checkout/platform';
import { attemptId, deliveryId, InMemoryWebhookStores, merchantEventId, newEndpointId, newSecret, RetrySchedule, type AttemptResult, type WebhookEndpointDocument } from '@checkout/webhooks';
import { DeliverWebhooks } from '../src/deliver-webhooks';
import { NotificationsTelemetry } from '../src/notifications-telemetry';
import type { WebhookRequest, WebhookSender } from '../src/webhook-sender';

/** A merchant endpoint as the port sees it: answers from a script (`'refused'`: no connection), remembers every request. */
class ScriptedEndpoint implements WebhookSender {
  readonly requests: WebhookRequest[] = [];
  constructor(private readonly statuses: (number | 'refused')[] = []) {}
  async send(request: WebhookRequest): Promise<AttemptResult> {
    this.requests.push(request);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const status = this.statuses.shift() ?? 200;
    return status === 'refused' ? { statusCode: null, latencyMs: 5, error: 'connection error: ECONNREFUSED', responseBody: null } : { statusCode: status, latencyMs: 5, error: null, responseBody: `answer ${status}` };
  }
}

describe('DeliverWebhooks', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  // Now, to the second: the receiving side checks webhook-timestamp against its own clock.
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  let clock: Date;
  let stores: InMemoryWebhookStores;
  let endpoint: WebhookEndpointDocument;
  const eventId = merchantEventId('e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', 'checkout.session.completed');
  const delivery = () => deliveryId(eventId, endpoint._id);

  const deliverer = (sender: WebhookSender, delays = [1000, 2000], staleAttemptMs = 30_000) =>
    new DeliverWebhooks(stores, sender, { schedule: new RetrySchedule(delays, 0), disableAfterMs: 86_400_000, staleAttemptMs, batchSize: 10 }, new NotificationsTelemetry(), logger, () => clock);
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeEach(async () => {
    clock = start;
    stores = new InMemoryWebhookStores();
    endpoint = { _id: newEndpointId(), applicationId: 'app', url: 'https://merchant.example/hooks', enabledEvents: ['*'], description: null, status: 'enabled', secrets: [newSecret(start)], failingSince: null, disabledReason: null, createdAt: start, updatedAt: start };
    await stores.insertEndpoint(endpoint);
    await stores.insertEvent({ _id: eventId, applicationId: 'app', type: 'checkout.session.completed', sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', data: { object: { status: 'COMPLETED' } }, createdAt: start });
    await stores.insertDelivery({ _id: delivery(), applicationId: 'app', endpointId: endpoint._id, eventId, eventType: 'checkout.session.completed', status: 'pending', attemptCount: 0, nextAttemptAt: start, createdAt: start, updatedAt: start });
  });

  it('should send the event signed for the endpoint, and record it delivered on a 2xx', async () => {
    const merchant = new ScriptedEndpoint([204]);
    expect((await deliverer(merchant).deliverDue()).sent).to.equal(1);
    const [request] = merchant.requests;
    expect(request!.url).to.equal(endpoint.url);
    const verified = new Webhook(endpoint.secrets[0]!.value).verify(request!.body, request!.headers) as { id: string; type: string };
    expect(verified).to.deep.include({ id: eventId, type: 'checkout.session.completed' });
    expect(request!.headers['webhook-id']).to.equal(eventId);
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'delivered', attemptCount: 1, nextAttemptAt: null });
    expect(await stores.findAttempt(attemptId(delivery(), 1))).to.deep.include({ statusCode: 204, responseBody: 'answer 204' });
    expect((await deliverer(merchant).deliverDue()).sent).to.equal(0);
  });

  it('should retry on the schedule with the same webhook-id, and fail the delivery once it runs out', async () => {
    const merchant = new ScriptedEndpoint([500, 'refused', 429]);
    const sender = deliverer(merchant);
    await sender.deliverDue();
    expect((await stores.findDelivery(delivery()))?.nextAttemptAt?.getTime()).to.be.closeTo(start.getTime() + 1000, 20);
    advance(999);
    expect((await sender.deliverDue()).sent, 'not due yet').to.equal(0);
    advance(100);
    await sender.deliverDue();
    advance(2100);
    await sender.deliverDue();
    expect(merchant.requests.map((request) => request.headers['webhook-id'])).to.deep.equal([eventId, eventId, eventId]);
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'failed', attemptCount: 3, nextAttemptAt: null });
    advance(100_000);
    expect((await sender.deliverDue()).sent).to.equal(0);
    const [listed] = await stores.listDeliveries(endpoint._id, { limit: 1 });
    expect(listed!.attempts.map((attempt) => [attempt.number, attempt.statusCode, attempt.error])).to.deep.equal([
      [1, 500, null],
      [2, null, 'connection error: ECONNREFUSED'],
      [3, 429, null],
    ]);
  });

  it('should make each attempt once with two senders running at the same time', async () => {
    const merchant = new ScriptedEndpoint([500]);
    const senders = [deliverer(merchant), deliverer(merchant)];
    await Promise.all(senders.map((sender) => sender.deliverDue()));
    expect(merchant.requests).to.have.length(1);
    advance(1100);
    await Promise.all(senders.map((sender) => sender.deliverDue()));
    expect(merchant.requests).to.have.length(2);
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'delivered', attemptCount: 2 });
  });

  it("should take over an attempt whose sender died mid-way, once it is stale, and go on at once", async () => {
    // A sender claimed attempt 1 and was killed before recording anything.
    await stores.claimAttempt({ _id: attemptId(delivery(), 1), deliveryId: delivery(), endpointId: endpoint._id, number: 1, startedAt: start, finishedAt: null, statusCode: null, latencyMs: null, error: null, responseBody: null });
    const merchant = new ScriptedEndpoint();
    const sender = deliverer(merchant, [1000, 2000], 30_000);
    advance(29_000);
    await sender.deliverDue();
    expect(merchant.requests, 'the attempt may still be under way').to.have.length(0);
    advance(1000);
    await sender.deliverDue();
    expect((await stores.findAttempt(attemptId(delivery(), 1)))?.error).to.match(/^interrupted/);
    await sender.deliverDue();
    expect(merchant.requests).to.have.length(1);
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'delivered', attemptCount: 2 });
  });

  it('should move the schedule on for a sender that recorded its answer and died before', async () => {
    await stores.claimAttempt({ _id: attemptId(delivery(), 1), deliveryId: delivery(), endpointId: endpoint._id, number: 1, startedAt: start, finishedAt: start, statusCode: 200, latencyMs: 4, error: null, responseBody: 'ok' });
    const merchant = new ScriptedEndpoint();
    advance(31_000);
    await deliverer(merchant).deliverDue();
    expect(merchant.requests, 'delivered already: not sent again').to.have.length(0);
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'delivered', attemptCount: 1 });
  });

  it('should abandon deliveries of a deleted endpoint without sending them', async () => {
    await stores.deleteEndpoint(endpoint._id, { applicationId: 'app', livemode: isLive(endpoint) });
    const merchant = new ScriptedEndpoint();
    await deliverer(merchant).deliverDue();
    expect(merchant.requests).to.have.length(0);
    expect((await stores.findDelivery(delivery()))?.status).to.equal('abandoned');
  });

  it('should poll on its own clock, and stop cleanly', async () => {
    const merchant = new ScriptedEndpoint();
    const running = new DeliverWebhooks(stores, merchant, { schedule: new RetrySchedule([10]), disableAfterMs: 1000, staleAttemptMs: 1000, batchSize: 10 }, new NotificationsTelemetry(), logger).start(20);
    for (let i = 0; i < 50 && merchant.requests.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await running.stop();
    expect(merchant.requests).to.have.length(1);
  });

  it("should share each round between applications: one merchant's backlog does not hold back another's webhooks", async () => {
    // A flood for one application: 40 deliveries due before the other application's one.
    const flooded = { ...endpoint, _id: newEndpointId(), applicationId: 'flooder', url: 'https://flooder.example/hooks' };
    await stores.insertEndpoint(flooded);
    for (let i = 0; i < 40; i += 1) {
      const event = merchantEventId(`flood-${i}`, 'checkout.session.completed');
      await stores.insertEvent({ _id: event, applicationId: 'flooder', type: 'checkout.session.completed', sessionId: `flood-${i}`, data: { object: {} }, createdAt: start });
      await stores.insertDelivery({ _id: deliveryId(event, flooded._id), applicationId: 'flooder', endpointId: flooded._id, eventId: event, eventType: 'checkout.session.completed', status: 'pending', attemptCount: 0, nextAttemptAt: new Date(start.getTime() - 60_000 + i), createdAt: start, updatedAt: start });
    }
    const merchant = new ScriptedEndpoint();
    const round = await deliverer(merchant).deliverDue();
    expect(merchant.requests.filter((request) => request.url === endpoint.url), "the other application's delivery, in the first round").to.have.length(1);
    expect(round).to.deep.equal({ sent: 6, more: true }); // a batch of 10 between two applications: 5 each, and the other had 1
    expect(await stores.findDelivery(delivery())).to.deep.include({ status: 'delivered' });
  });
});
