import type { StoredResponse } from '../idempotency/idempotency-store';
import type { OutcomeBroadcast } from './outcome-broadcast';
import type { OutcomeWaiters } from '../sessions/outcome-waiters';

/** For a single process (embedded mode, tests): the outcome goes straight to this process's waiters. */
export class LocalOutcomeBroadcast implements OutcomeBroadcast {
  constructor(private readonly waiters: OutcomeWaiters) {}

  async publish(sessionId: string, response: StoredResponse): Promise<void> {
    this.waiters.deliver(sessionId, response);
  }
}
