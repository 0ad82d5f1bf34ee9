import { runEvery, type Logger } from '@checkout/platform';
import type { SessionLifecycle, SessionStore } from '@checkout/sessions';

/**
 * The sweeper: PENDING sessions past expiresAt become EXPIRED (FerretDB has no TTL index, and a
 * TTL index would delete, not expire). Each move goes through the SessionLifecycle, so any number
 * of replicas can sweep at once and each session is expired, and announced, exactly once.
 */
export class ExpireOverdueSessions {
  constructor(
    private readonly store: SessionStore,
    private readonly lifecycle: SessionLifecycle,
    private readonly logger: Logger,
    private readonly batchSize = 100,
  ) {}

  async execute(now = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const overdue = await this.store.findOverdue(now, this.batchSize);
      let movedThisRound = 0;
      for (const session of overdue) {
        const moved = await this.lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'expired' });
        if (!moved) continue; // another sweeper, a webhook or the merchant got there first
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
    return runEvery(intervalMs, () => this.execute(), (error) => this.logger.error({ err: error }, 'sweep failed; will retry'));
  }
}
