import type { StoredResponse } from '../idempotency/idempotency-store';

/**
 * Requests on this replica waiting for their session's outcome, in memory: one map entry per
 * waiting request, no connection of its own. Whatever replica finalises an outcome broadcasts it,
 * and each replica's single subscriber delivers it here.
 */
export class OutcomeWaiters {
  private readonly waiting = new Map<string, (response: StoredResponse | undefined) => void>();

  /** Resolves with the outcome, or undefined once the budget is spent. Register before publishing. */
  wait(sessionId: string, budgetMs: number): Promise<StoredResponse | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(sessionId, undefined), budgetMs);
      this.waiting.set(sessionId, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
  }

  deliver(sessionId: string, response: StoredResponse): void {
    this.settle(sessionId, response);
  }

  /** Stops waiting: the request resolves with undefined. */
  cancel(sessionId: string): void {
    this.settle(sessionId, undefined);
  }

  get size(): number {
    return this.waiting.size;
  }

  private settle(sessionId: string, response: StoredResponse | undefined): void {
    const resolve = this.waiting.get(sessionId);
    if (!resolve) return;
    this.waiting.delete(sessionId);
    resolve(response);
  }
}
