import { statusChanged, Topics } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import type { SessionStore } from '../sessions/session-store';

/**
 * The sweeper: PENDING sessions past expiresAt become EXPIRED (FerretDB has no TTL index, and a
 * TTL index would delete, not expire). Each move is a conditional single-document update, so any
 * number of replicas can sweep at once and each session is expired, and announced, exactly once.
 */
export class ExpireOverdueSessions {
  constructor(
    private readonly store: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
    private readonly logger: Logger,
    private readonly batchSize = 100,
  ) {}

  async execute(now = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const overdue = await this.store.findOverdue(now, this.batchSize);
      let movedThisRound = 0;
      for (const session of overdue) {
        const moved = await this.store.closePending(session._id, 'EXPIRED');
        if (!moved) continue; // another sweeper, a webhook or the merchant got there first
        await this.publisher.publish(Topics.sessionStatus, [statusChanged(moved, 'EXPIRED', 'expired', this.eventSource)]);
        movedThisRound += 1;
      }
      expired += movedThisRound;
      if (overdue.length < this.batchSize || movedThisRound === 0) break;
    }
    if (expired > 0) this.logger.info({ expired }, 'overdue sessions expired');
    return expired;
  }

  /** Sweeps every `intervalMs` until stopped; one sweep at a time per process. */
  start(intervalMs: number): { stop: () => Promise<void> } {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => this.execute()).catch((error: unknown) => this.logger.error({ err: error }, 'sweep failed; will retry'));
    }, intervalMs);
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }
}
