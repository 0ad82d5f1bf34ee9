import type { ProviderAttempt, SessionDocument } from '@checkout/contracts';
import type { CheckoutCreated, SessionStore } from './session-store';

/** The provider's SessionStore over a table shared with the gateway's in-memory repository (embedded mode). */
export class InMemorySessionStore implements SessionStore {
  constructor(private readonly table: Map<string, SessionDocument>) {}

  async find(sessionId: string): Promise<SessionDocument | null> {
    const session = this.table.get(sessionId);
    return session ? structuredClone(session) : null;
  }

  async markPending(sessionId: string, update: CheckoutCreated): Promise<SessionDocument | null> {
    const session = this.table.get(sessionId);
    if (session?.status === 'PROCESSING') {
      Object.assign(session, structuredClone(update), { status: 'PENDING', updatedAt: new Date() });
    }
    return this.find(sessionId);
  }

  async markFailed(
    sessionId: string,
    failure: { code: string; detail: string },
    attempts: ProviderAttempt[],
    routing: CheckoutCreated['routing'] | null,
  ): Promise<SessionDocument | null> {
    const session = this.table.get(sessionId);
    if (session?.status === 'PROCESSING') {
      Object.assign(session, structuredClone({ failure, attempts, routing }), { status: 'FAILED', updatedAt: new Date() });
    }
    return this.find(sessionId);
  }
}
