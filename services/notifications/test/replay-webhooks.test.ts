import { expect } from 'chai';
import { createLogger } from '@checkout/platform';
import {
  armDelivery,
  deliveryId,
  InMemoryWebhookStores,
  merchantEventId,
  newEndpointId,
  newReplayId,
  newSecret,
  RetrySchedule,
  type AttemptResult,
  type MerchantEventDocument,
  type ReplayDocument,
  type WebhookEndpointDocument,
} from '@checkout/webhooks';
import { DeliverWebhooks } from '../src/deliver-webhooks';
import { NotificationsTelemetry } from '../src/notifications-telemetry';
import { ReplayWebhooks } from '../src/replay-webhooks';
import type { WebhookRequest, WebhookSender } from '../src/webhook-sender';

/** A merchant endpoint that answers from a script (200 once it runs out) and remembers each request's event. */
class Merchant implements WebhookSender {
  readonly received: { id: string; webhookId: string }[] = [];
  constructor(private readonly statuses: number[] = []) {}
  async send(request: WebhookRequest): Promise<AttemptResult> {
    this.received.push({ id: (JSON.parse(request.body) as { id: string }).id, webhookId: request.headers['webhook-id']! });
    const status = this.statuses.shift() ?? 200;
    return { statusCode: status, latencyMs: 1, error: null, responseBody: null };
  }
}

describe('ReplayWebhooks', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  const scope = { applicationId: 'app', livemode: false };
  let clock: Date;
  let stores: InMemoryWebhookStores;
  let endpoint: WebhookEndpointDocument;
  let events: MerchantEventDocument[];

  const at = (ms: number) => new Date(start.getTime() - 3_600_000 + ms);
  const deliverer = (merchant: Merchant, delays = [1000]) =>
    new DeliverWebhooks(stores, merchant, { schedule: new RetrySchedule(delays, 0), disableAfterMs: 86_400_000, staleAttemptMs: 30_000, batchSize: 10 }, new NotificationsTelemetry(), logger, () => clock);
  const STALE_STEP_MS = 30_000;
  const replayer = () => new ReplayWebhooks(stores, logger, () => undefined, STALE_STEP_MS, () => clock);
  const replayOf = (overrides: Partial<ReplayDocument> = {}): ReplayDocument => ({
    _id: newReplayId(),
    ...scope,
    endpointId: endpoint._id,
    from: at(0),
    to: start,
    status: 'running',
    current: null,
    eventsSent: 0,
    failure: null,
    createdAt: start,
    updatedAt: start,
    finishedAt: null,
    ...overrides,
  });
  /** Replay rounds and delivery rounds, turn about, until the replay ends. */
  const runToEnd = async (replay: ReplayDocument, merchant: Merchant) => {
    for (let round = 0; round < 40; round += 1) {
      await replayer().round();
      await deliverer(merchant).deliverDue();
      clock = new Date(clock.getTime() + 2000);
      const now = (await stores.findReplay(replay._id))!;
      if (now.status !== 'running') return now;
    }
    throw new Error('the replay never ended');
  };

  beforeEach(async () => {
    clock = start;
    stores = new InMemoryWebhookStores();
    endpoint = { _id: newEndpointId(), ...scope, url: 'https://merchant.example/hooks', enabledEvents: ['checkout.session.completed', 'checkout.session.failed'], description: null, status: 'enabled', secrets: [newSecret(start)], failingSince: null, disabledReason: null, createdAt: at(0), updatedAt: at(0) };
    await stores.insertEndpoint(endpoint);
    // Inserted out of order: the replay goes by createdAt.
    const types = ['checkout.session.completed', 'checkout.session.expired', 'checkout.session.failed', 'checkout.session.completed', 'checkout.session.completed'] as const;
    events = types.map((type, index) => ({ _id: merchantEventId(`session-${index}`, type), ...scope, type, sessionId: `session-${index}`, data: { object: {} }, createdAt: at(1000 * (index + 1)) }));
    for (const event of [...events].reverse()) await stores.insertEvent(event);
    await stores.insertEvent({ ...events[0]!, _id: merchantEventId('live', 'checkout.session.completed'), livemode: true });
  });

  it('should send what the endpoint missed, one at a time and in the order it happened, skipping what it got and what it does not subscribe to', async () => {
    // Event 3 was delivered already; events 0 and 2 failed; event 4 never had a delivery (say, the endpoint was disabled then).
    const delivered = await armDelivery(stores, events[3]!, endpoint, start);
    await stores.advanceDelivery(delivered._id, { attemptCount: 1, status: 'delivered', nextAttemptAt: null });
    for (const event of [events[0]!, events[2]!]) {
      const delivery = await armDelivery(stores, event, endpoint, start);
      await stores.advanceDelivery(delivery._id, { attemptCount: 8, status: 'failed', nextAttemptAt: null });
    }
    const replay = replayOf();
    await stores.insertReplay(replay);
    const merchant = new Merchant();
    const ended = await runToEnd(replay, merchant);
    expect(ended).to.deep.include({ status: 'completed', eventsSent: 3, failure: null });
    expect(merchant.received.map((request) => request.id), 'events 0, 2 and 4 (1 is expired, not subscribed; 3 was delivered)').to.deep.equal([events[0]!._id, events[2]!._id, events[4]!._id]);
    expect(merchant.received.every((request) => request.id === request.webhookId), 'each with its event id as webhook-id').to.equal(true);
    expect(await stores.findDelivery(deliveryId(events[0]!._id, endpoint._id)), 'its schedule started afresh after the 8 attempts').to.deep.include({ status: 'delivered', attemptCount: 9, roundStartsAfter: 8 });
  });

  it('should hand over the next event only once the current one is delivered, retrying it on the schedule', async () => {
    const replay = replayOf();
    await stores.insertReplay(replay);
    // The first event's first try fails: the second event must wait for its retry.
    const merchant = new Merchant([500]);
    const ended = await runToEnd(replay, merchant);
    expect(ended.status).to.equal('completed');
    expect(merchant.received.map((request) => request.id)).to.deep.equal([events[0]!._id, events[0]!._id, events[2]!._id, events[3]!._id, events[4]!._id]);
  });

  it('should stop at an event that cannot be delivered, naming it, and send nothing after it', async () => {
    const replay = replayOf();
    await stores.insertReplay(replay);
    const merchant = new Merchant([500, 500]);
    const ended = await runToEnd(replay, merchant);
    expect(ended).to.deep.include({ status: 'failed', eventsSent: 1 });
    expect(ended.current?.eventId).to.equal(events[0]!._id);
    expect(ended.failure).to.match(new RegExp(`event ${events[0]!._id} could not be delivered \\(failed\\)`));
    expect(new Set(merchant.received.map((request) => request.id))).to.deep.equal(new Set([events[0]!._id]));
  });

  it('should be cancelled when its endpoint is disabled or deleted, and take each step once when two replicas step at once', async () => {
    const replay = replayOf();
    await stores.insertReplay(replay);
    await Promise.all([replayer().round(), replayer().round()]);
    const stepped = (await stores.findReplay(replay._id))!;
    expect(stepped).to.deep.include({ eventsSent: 1 });
    expect(stepped.current?.eventId).to.equal(events[0]!._id);
    await stores.updateEndpoint(endpoint._id, { status: 'disabled', disabledReason: 'disabled by the merchant' });
    await replayer().round();
    expect(await stores.findReplay(replay._id)).to.deep.include({ status: 'cancelled', failure: 'the endpoint was disabled during the replay' });
  });

  it('should not send an event again from a replica that read the replay before another replica took the step', async () => {
    const replay = replayOf();
    await stores.insertReplay(replay);
    const merchant = new Merchant();
    // Both replicas read the replay at step 0; the first hands event 0 over and it is delivered.
    const readByBoth = (await stores.findReplay(replay._id))!;
    expect(await replayer().step(readByBoth)).to.equal(true);
    await deliverer(merchant).deliverDue();
    expect(merchant.received).to.have.length(1);
    // The second replica, late, with the same read: the step is taken, nothing is armed again.
    expect(await replayer().step(readByBoth)).to.equal(false);
    clock = new Date(clock.getTime() + 2000);
    await deliverer(merchant).deliverDue();
    expect(merchant.received.map((request) => request.id), 'event 0 once').to.deep.equal([events[0]!._id]);
  });

  it('should take over a step whose replica died before handing the event over, once the claim is stale', async () => {
    const replay = replayOf();
    await stores.insertReplay(replay);
    await stores.claimReplayStep(replay._id, 1, clock); // the replica that took step 1 died right after
    expect(await replayer().round(), 'not while the claim may still be alive').to.equal(0);
    clock = new Date(clock.getTime() + STALE_STEP_MS);
    expect(await replayer().round()).to.equal(1);
    expect((await stores.findReplay(replay._id))?.current?.eventId).to.equal(events[0]!._id);
  });
});
