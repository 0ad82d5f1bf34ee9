import { expect } from 'chai';
import { deliveryId, merchantEventId, type MerchantEventDocument } from '@checkout/webhooks';
import { startInMemoryGateway } from './in-memory-gateway';

describe('Webhook repairs: test events, resends and replays', () => {
  let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
  const scopes = ['webhooks:write', 'webhooks:read'];
  const app = 'app-repairs';
  before(async () => {
    gateway = await startInMemoryGateway();
  });
  after(() => gateway.stop());
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>, as: string = app) => gateway.call(as, scopes, method, path, body, headers);
  const createEndpoint = async (enabledEvents = ['checkout.session.completed']) => {
    for (const endpoint of (await call('GET', '/api/v1/webhook-endpoints?limit=100')).body!.data) await call('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`);
    return (await call('POST', '/api/v1/webhook-endpoints', { url: 'https://m.example/hooks', enabledEvents })).body!;
  };
  const storeEvent = async (type: MerchantEventDocument['type'], createdAt = new Date()): Promise<MerchantEventDocument> => {
    const sessionId = `session-${Math.random()}`;
    const event: MerchantEventDocument = { _id: merchantEventId(sessionId, type), applicationId: app, livemode: false, type, sessionId, data: { object: { sessionId } }, createdAt };
    await gateway.webhooks.insertEvent(event);
    return event;
  };

  it('should record a test event and queue it to that endpoint alone, whatever it subscribes to', async () => {
    const endpoint = await createEndpoint();
    const answer = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`);
    expect(answer.status).to.equal(202);
    expect(answer.body).to.include({ eventType: 'webhook_endpoint.test', status: 'pending', livemode: false });
    const event = (await call('GET', `/api/v1/events/${answer.body!.eventId}`)).body!;
    expect(event).to.include({ type: 'webhook_endpoint.test' });
    expect(event.data.object).to.include({ id: endpoint.id, url: endpoint.url });
    expect(JSON.stringify(event)).not.to.include(endpoint.secret);
    expect((await call('POST', '/api/v1/webhook-endpoints/we_nothere/test')).body).to.include({ status: 404, code: 'webhook_endpoint_not_found' });
    expect((await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`, undefined, undefined, 'someone-else')).status).to.equal(404);
  });

  it("should resend an event on its one delivery to the endpoint, its schedule afresh, and refuse what cannot receive it", async () => {
    const endpoint = await createEndpoint();
    const event = await storeEvent('checkout.session.completed');
    const id = deliveryId(event._id, endpoint.id);
    await gateway.webhooks.insertDelivery({ _id: id, applicationId: app, livemode: false, endpointId: endpoint.id, eventId: event._id, eventType: event.type, status: 'failed', attemptCount: 2, nextAttemptAt: null, createdAt: event.createdAt, updatedAt: event.createdAt });
    for (const number of [1, 2]) await gateway.webhooks.claimAttempt({ _id: `${id}.${number}`, deliveryId: id, endpointId: endpoint.id, number, startedAt: event.createdAt, finishedAt: event.createdAt, statusCode: 500, latencyMs: 3, error: null, responseBody: 'down' });
    const resent = await call('POST', `/api/v1/events/${event._id}/resend`, { endpointId: endpoint.id });
    expect(resent.status).to.equal(202);
    expect(resent.body).to.include({ id, eventId: event._id, status: 'pending' });
    expect(resent.body!.attempts.map((attempt: { number: number }) => attempt.number), 'its earlier attempts stay with it').to.deep.equal([1, 2]);
    expect(await gateway.webhooks.findDelivery(id)).to.deep.include({ status: 'pending', attemptCount: 2, roundStartsAfter: 2 });

    const unsubscribed = await storeEvent('checkout.session.expired');
    const refused = await call('POST', `/api/v1/events/${unsubscribed._id}/resend`, { endpointId: endpoint.id });
    expect(refused.status).to.equal(400);
    expect(refused.body!.errors).to.deep.equal([{ pointer: '/endpointId', detail: 'must name an endpoint subscribed to checkout.session.expired' }]);
    expect((await call('POST', `/api/v1/events/evt_0000/resend`, { endpointId: endpoint.id })).body).to.include({ code: 'event_not_found' });
    expect((await call('POST', `/api/v1/events/${event._id}/resend`, { endpointId: 'nope' })).body!.errors[0].pointer).to.equal('/endpointId');
    expect((await call('POST', `/api/v1/events/${event._id}/resend`, { endpointId: endpoint.id }, undefined, 'someone-else')).body).to.include({ code: 'event_not_found' });
    await call('PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, { status: 'disabled' });
    const disabled = await call('POST', `/api/v1/events/${event._id}/resend`, { endpointId: endpoint.id });
    expect(disabled.status).to.equal(409);
    expect(disabled.body).to.include({ code: 'webhook_endpoint_disabled' });
    expect(disabled.type).to.contain('application/problem+json');
  });

  it('should start a replay once per Idempotency-Key, list and read it, and refuse an empty or too long range', async () => {
    const endpoint = await createEndpoint();
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
    const started = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, range, { 'idempotency-key': 'replay-1' });
    expect(started.status).to.equal(202);
    expect(started.body).to.include({ endpointId: endpoint.id, status: 'running', eventsSent: 0, currentEventId: null, from: '2026-01-01T00:00:00.000Z' });
    const again = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, range, { 'idempotency-key': 'replay-1' });
    expect(again.body!.id, 'a retry gets the same replay').to.equal(started.body!.id);
    const otherBody = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, { ...range, to: '2026-01-03T00:00:00Z' }, { 'idempotency-key': 'replay-1' });
    expect(otherBody.body).to.include({ code: 'idempotency_key_reused' });
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/replays/${started.body!.id}`)).body).to.deep.equal(started.body);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/replays`)).body!.data.map((replay: { id: string }) => replay.id)).to.deep.equal([started.body!.id]);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/replays/rpl_nothere`)).body).to.include({ status: 404, code: 'webhook_replay_not_found' });

    const empty = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, { from: range.to, to: range.from });
    expect(empty.body).to.include({ status: 422, code: 'replay_range_invalid' });
    expect(empty.body!.errors).to.deep.equal([{ pointer: '/to', detail: 'must be after from' }]);
    const long = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(long.body!.errors).to.deep.equal([{ pointer: '/to', detail: 'must be at most 30 days after from' }]);
    expect((await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, { from: 'yesterday', to: range.to })).body!.errors[0].pointer).to.equal('/from');
    expect((await call('PUT', `/api/v1/webhook-endpoints/${endpoint.id}/replays`)).status).to.equal(405);
  });
});
