import { WEBHOOK_TEST_EVENT } from '@checkout/contracts';
import { runEvery, type Listed, type Logger } from '@checkout/platform';
import { armDelivery, deliveryId, receives, type MerchantEventDocument, type ReplayDocument, type WebhookEndpointDocument, type WebhookStores } from '@checkout/webhooks';

/** Events read per query while looking for the next one an endpoint missed. */
const EVENTS_PER_READ = 50;
/** Replays moved on per round. */
const REPLAYS_PER_ROUND = 20;

/**
 * Runs the replays merchants ask for: each sends its endpoint, one at a time and in the order they
 * happened, the events of its range that the endpoint subscribes to and has not been delivered. The
 * next event is handed over only once the current one is delivered (through the same deliveries and
 * retry schedule as any webhook); one that cannot be delivered stops the replay there, so the merchant
 * never receives a later event before an earlier one. Each round looks at every running replay once;
 * every replica may run rounds: each step is claimed by a unique insert, so one replica hands it over.
 */
export class ReplayWebhooks {
  constructor(
    private readonly stores: WebhookStores,
    private readonly logger: Logger,
    private readonly deliveriesDue: () => void,
    /** A step claimed this long ago and still not written belongs to a replica that died. */
    private readonly staleStepMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(intervalMs: number): { stop: () => Promise<void> } {
    return runEvery(intervalMs, () => this.round(), (error) => this.logger.warn({ err: error }, 'webhook replay round failed; the next one tries again'));
  }

  /** One look at every running replay: how many handed over a new event. */
  async round(): Promise<number> {
    let moved = 0;
    for (const replay of await this.stores.runningReplays(REPLAYS_PER_ROUND)) {
      if (await this.step(replay)) moved += 1;
    }
    return moved;
  }

  /** Moves one replay on if its current event is done: true when it handed over the next. */
  async step(replay: ReplayDocument): Promise<boolean> {
    const endpoint = await this.stores.findEndpoint(replay.endpointId);
    if (!endpoint || endpoint.status !== 'enabled') {
      await this.finish(replay, 'cancelled', endpoint ? 'the endpoint was disabled during the replay' : 'the endpoint was deleted during the replay');
      return false;
    }
    if (replay.current) {
      const delivery = await this.stores.findDelivery(replay.current.deliveryId);
      if (delivery?.status === 'pending') return false;
      if (delivery?.status !== 'delivered') {
        await this.finish(
          replay,
          'failed',
          `event ${replay.current.eventId} could not be delivered (${delivery?.status ?? 'its delivery is gone'}); its attempts are in the endpoint's deliveries. Fix the endpoint, then replay from ${replay.current.createdAt.toISOString()}.`,
        );
        return false;
      }
    }
    const next = await this.nextMissed(replay, endpoint);
    if (!next) {
      await this.finish(replay, 'completed', null);
      return false;
    }
    // One replica hands over each step: the others read the same replay and found the same next event,
    // and arming it again after it was delivered would send it twice.
    if (!(await this.takeStep(replay))) return false;
    const delivery = await armDelivery(this.stores, next, endpoint, this.now());
    await this.stores.stepReplay(replay._id, replay.eventsSent, {
      current: { eventId: next._id, createdAt: next.createdAt, deliveryId: delivery._id },
      eventsSent: replay.eventsSent + 1,
    });
    this.deliveriesDue();
    this.logger.debug({ replayId: replay._id, eventId: next._id }, 'webhook replay handed over its next event');
    return true;
  }

  /**
   * Claims the replay's next step; a claim whose replica died before the step was written (older than
   * staleStepMs, the replay still before it) is taken over, as a dead sender's webhook attempt is.
   */
  private async takeStep(replay: ReplayDocument): Promise<boolean> {
    const step = replay.eventsSent + 1;
    if (await this.stores.claimReplayStep(replay._id, step, this.now())) return true;
    const claimedAt = await this.stores.replayStepClaimedAt(replay._id, step);
    return claimedAt !== null && this.now().getTime() - claimedAt.getTime() >= this.staleStepMs;
  }

  /** The oldest event after the current one that the endpoint subscribes to and has not been delivered. */
  private async nextMissed(replay: ReplayDocument, endpoint: WebhookEndpointDocument): Promise<MerchantEventDocument | null> {
    let after: Listed | undefined = replay.current ? { _id: replay.current.eventId, createdAt: replay.current.createdAt } : undefined;
    for (;;) {
      const events = await this.stores.eventsBetween(replay, { from: replay.from, to: replay.to, after }, EVENTS_PER_READ);
      if (events.length === 0) return null;
      const wanted = events.filter((event) => event.type !== WEBHOOK_TEST_EVENT && receives(endpoint, event.type));
      const deliveries = await this.stores.findDeliveries(wanted.map((event) => deliveryId(event._id, endpoint._id)));
      const delivered = new Set(deliveries.filter((delivery) => delivery.status === 'delivered').map((delivery) => delivery.eventId));
      const next = wanted.find((event) => !delivered.has(event._id));
      if (next) return next;
      after = events.at(-1);
    }
  }

  private async finish(replay: ReplayDocument, status: 'completed' | 'failed' | 'cancelled', failure: string | null): Promise<void> {
    await this.stores.stepReplay(replay._id, replay.eventsSent, { status, failure, finishedAt: this.now() });
    this.logger.info({ replayId: replay._id, endpointId: replay.endpointId, status, eventsSent: replay.eventsSent }, 'webhook replay ended');
  }
}
