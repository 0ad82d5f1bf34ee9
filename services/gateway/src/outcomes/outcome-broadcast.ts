import type { StoredResponse } from '../idempotency/idempotency-store';
import type { Logger, Redis } from '@checkout/platform';
import type { OutcomeWaiters } from '../sessions/outcome-waiters';

export interface OutcomeBroadcast {
  /**
   * Tells every replica's waiter of `sessionId` its answer. `saved` is the idempotency record's
   * write, issued just before: this replica's own waiter is answered only once it has settled well
   * (a replay right after the answer then finds the record).
   */
  publish(sessionId: string, response: StoredResponse, saved: Promise<void>): Promise<void>;
}

interface OutcomeNotice {
  sessionId: string;
  response: StoredResponse;
}

/**
 * Redis pub/sub between gateway replicas: one subscriber connection per replica. This replica's own
 * waiters hear first, without Redis: its subscriber may still be resubscribing after a reconnection
 * when the publishing connection is already back, and pub/sub keeps nothing for a late listener.
 */
export class RedisOutcomeBroadcast implements OutcomeBroadcast {
  constructor(
    private readonly publisher: Redis,
    private readonly localWaiters: OutcomeWaiters,
    private readonly channel = 'checkout:session-outcomes',
  ) {}

  /**
   * The PUBLISH goes out at once, on the connection that is writing the record: Redis runs the two
   * in the order they were sent, so no replica hears of the outcome before its record is kept, and
   * the two cost one round trip instead of two.
   */
  async publish(sessionId: string, response: StoredResponse, saved: Promise<void>): Promise<void> {
    const notice: OutcomeNotice = { sessionId, response };
    const published = this.publisher.publish(this.channel, JSON.stringify(notice));
    try {
      await saved;
      this.localWaiters.deliver(sessionId, response);
    } finally {
      await published;
    }
  }

  /** Feeds every broadcast outcome to this replica's waiters. `subscriber` must be a dedicated connection. */
  async listen(subscriber: Redis, waiters: OutcomeWaiters, logger: Logger): Promise<void> {
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      try {
        const notice = JSON.parse(text) as OutcomeNotice;
        waiters.deliver(notice.sessionId, notice.response);
      } catch (error) {
        logger.warn({ err: error }, 'ignoring a malformed outcome notice');
      }
    });
    await subscriber.subscribe(this.channel);
  }
}
