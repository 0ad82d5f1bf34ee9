import type { StoredResponse } from '../idempotency/idempotency-store';
import type { Logger, Redis } from '@checkout/platform';
import type { OutcomeWaiters } from '../sessions/outcome-waiters';

export interface OutcomeBroadcast {
  publish(sessionId: string, response: StoredResponse): Promise<void>;
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

  async publish(sessionId: string, response: StoredResponse): Promise<void> {
    this.localWaiters.deliver(sessionId, response);
    const notice: OutcomeNotice = { sessionId, response };
    await this.publisher.publish(this.channel, JSON.stringify(notice));
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
