import type { ProviderAttempt, SessionDocument } from '@checkout/contracts';
import type { CheckoutCreated, ClosedStatus, SessionStore } from './session-store';

/** The provider's SessionStore over a table shared with the gateway's in-memory repository (embedded mode). */
export class InMemorySessionStore implements SessionStore {
  constructor(private readonly table: Map<string, SessionDocument>) {}

  async findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    for (const session of this.table.values()) {
      if (session.provider?.name === provider && session.provider.reference === reference) return structuredClone(session);
    }
    return null;
  }

  async closePending(sessionId: string, to: ClosedStatus): Promise<SessionDocument | null> {
    const session = this.table.get(sessionId);
    if (session?.status !== 'PENDING') return null;
    session.status = to;
    session.updatedAt = new Date();
    return structuredClone(session);
  }

  async findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return [...this.table.values()]
      .filter((session) => session.status === 'PENDING' && session.expiresAt <= now)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .slice(0, limit)
      .map((session) => structuredClone(session));
  }

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
