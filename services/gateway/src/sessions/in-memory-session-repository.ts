import type { SessionDocument } from '@checkout/contracts';
import type { InsertResult, SessionRepository } from './session-repository';

/** The SessionRepository in process memory, enforcing the same unique (application, key) index. */
export class InMemorySessionRepository implements SessionRepository {
  constructor(readonly sessions: Map<string, SessionDocument> = new Map()) {}

  async insert(session: SessionDocument): Promise<InsertResult> {
    for (const existing of this.sessions.values()) {
      if (existing.applicationId === session.applicationId && existing.idempotencyKeyHash === session.idempotencyKeyHash) {
        return { inserted: false, existing: structuredClone(existing) };
      }
    }
    if (this.sessions.has(session._id)) throw new Error(`duplicate session id ${session._id}`);
    this.sessions.set(session._id, structuredClone(session));
    return { inserted: true };
  }

  async findForApplication(sessionId: string, applicationId: string): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    return session && session.applicationId === applicationId ? structuredClone(session) : null;
  }

  async find(sessionId: string): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    return session ? structuredClone(session) : null;
  }

  async markFailed(sessionId: string, failure: { code: string; detail: string }): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session?.status !== 'PROCESSING') return;
    session.status = 'FAILED';
    session.failure = { ...failure };
    session.updatedAt = new Date();
  }

  async remove(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async expirePending(sessionId: string): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    if (session?.status !== 'PENDING') return null;
    session.status = 'EXPIRED';
    session.updatedAt = new Date();
    return structuredClone(session);
  }

  async undoExpiry(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session?.status === 'EXPIRED') session.status = 'PENDING';
  }
}
