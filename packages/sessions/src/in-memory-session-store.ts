import { assertAllowed, changesOf, claimIdOf, isClaimed, undoneChangesOf, type CloseMove, type SessionMove } from './lifecycle';
import type { SessionDocument } from './session-document';
import { newestFirst } from '@checkout/platform';
import type { InsertResult, Moved, SessionListQuery, SessionStore, UnannouncedMove } from './session-store';

/**
 * The SessionStore in process memory (the embedded mode, and unit tests), with the same unique
 * (application, key) index. Every method runs to completion without yielding, so a move is atomic.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionDocument>();
  /** The claimed moves made, by claim id, with whether each was announced. */
  private readonly claims = new Map<string, UnannouncedMove & { announced: boolean }>();

  /** How many sessions are stored. */
  get size(): number {
    return this.sessions.size;
  }

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

  async find(sessionId: string): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    return session ? structuredClone(session) : null;
  }

  async findForApplication(sessionId: string, applicationId: string): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    return session?.applicationId === applicationId ? structuredClone(session) : null;
  }

  async findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    for (const session of this.sessions.values()) {
      if (session.provider?.name === provider && session.provider.reference === reference) return structuredClone(session);
    }
    return null;
  }

  async findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return [...this.sessions.values()]
      .filter((session) => session.status === 'PENDING' && session.expiresAt <= now)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .slice(0, limit)
      .map((session) => structuredClone(session));
  }

  async list(applicationId: string, query: SessionListQuery): Promise<SessionDocument[]> {
    return [...this.sessions.values()]
      .filter(
        (session) =>
          session.applicationId === applicationId &&
          (!query.status || session.status === query.status) &&
          (!query.orderReference || session.orderReference === query.orderReference) &&
          (!query.createdAfter || session.createdAt >= query.createdAfter) &&
          (!query.createdBefore || session.createdAt < query.createdBefore) &&
          (!query.after || newestFirst(session, query.after) > 0),
      )
      .sort(newestFirst)
      .slice(0, query.limit)
      .map((session) => structuredClone(session));
  }

  async remove(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async move<M extends SessionMove>(sessionId: string, move: M): Promise<Moved<M> | null> {
    assertAllowed(move);
    const session = this.sessions.get(sessionId);
    if (session?.status !== move.from) return null;
    const now = new Date();
    Object.assign(session, structuredClone(changesOf(move, now)), { status: move.to, updatedAt: now });
    if (isClaimed(move)) this.claims.set(claimIdOf(sessionId, move.from), { sessionId, move: structuredClone(move) as CloseMove, claimedAt: now, announced: false });
    return { session: structuredClone(session), applied: move };
  }

  async undo(sessionId: string, move: CloseMove): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session?.status === move.to) Object.assign(session, undoneChangesOf(move), { status: move.from, updatedAt: new Date() });
    this.claims.delete(claimIdOf(sessionId, move.from));
  }

  async markAnnounced(sessionId: string, move: CloseMove): Promise<void> {
    const claim = this.claims.get(claimIdOf(sessionId, move.from));
    if (claim) claim.announced = true;
  }

  async findUnannounced(claimedBefore: Date, limit: number): Promise<UnannouncedMove[]> {
    return [...this.claims.values()]
      .filter((claim) => !claim.announced && claim.claimedAt < claimedBefore)
      .sort((a, b) => a.claimedAt.getTime() - b.claimedAt.getTime())
      .slice(0, limit)
      .map(({ sessionId, move, claimedAt }) => ({ sessionId, move: structuredClone(move), claimedAt }));
  }
}
