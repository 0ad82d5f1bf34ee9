import { inScope, type MerchantScope } from '@checkout/contracts';
import { newestFirst } from '@checkout/platform';
import type { MoveClaim } from './lifecycle';
import { ERASABLE_STATUSES, erasedCustomerData, RETAINED_STATUSES, type ErasureReason, type SessionDocument, type SessionStatus } from './session-document';
import type { InsertResult, RoutingRow, SessionListQuery, SessionStore } from './session-store';

/**
 * The SessionStore in process memory (the embedded mode, and unit tests), with the same unique
 * (application, key) index and unique claim ids. Every method runs to completion without yielding.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionDocument>();
  private readonly claims = new Map<string, MoveClaim>();

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

  async findInScope(sessionId: string, scope: MerchantScope): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    return session && inScope(session, scope) ? structuredClone(session) : null;
  }

  async findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    for (const session of this.sessions.values()) {
      if (session.provider?.name === provider && session.provider.reference === reference) return structuredClone(session);
    }
    return null;
  }

  async countProcessing(createdBefore: Date): Promise<number> {
    return [...this.sessions.values()].filter((session) => session.status === 'PROCESSING' && session.createdAt < createdBefore).length;
  }

  async eraseCustomer(sessionId: string, at: Date, reason: ErasureReason): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    if (!session || !(ERASABLE_STATUSES as readonly string[]).includes(session.status)) return null;
    if (!session.customerErasedAt) Object.assign(session, erasedCustomerData(at, reason));
    return structuredClone(session);
  }

  async findUnannouncedErasures(limit: number): Promise<SessionDocument[]> {
    return [...this.sessions.values()].filter((session) => session.customerErasureAnnounced === false).slice(0, limit).map((session) => structuredClone(session));
  }

  async markErasureAnnounced(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session) session.customerErasureAnnounced = true;
  }

  async findCustomerDataDue(closedBefore: Date, limit: number): Promise<SessionDocument[]> {
    return [...this.sessions.values()]
      .filter((session) => (RETAINED_STATUSES as readonly string[]).includes(session.status) && session.updatedAt < closedBefore && !session.customerErasedAt)
      .slice(0, limit)
      .map((session) => structuredClone(session));
  }

  async findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return [...this.sessions.values()]
      .filter((session) => session.status === 'PENDING' && session.expiresAt <= now)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .slice(0, limit)
      .map((session) => structuredClone(session));
  }

  async list(scope: MerchantScope, query: SessionListQuery): Promise<SessionDocument[]> {
    return [...this.sessions.values()]
      .filter(
        (session) =>
          inScope(session, scope) &&
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

  async routingRows(scope: MerchantScope, range: { from: Date; to: Date }, limit: number): Promise<RoutingRow[]> {
    return (await this.list(scope, { limit, createdAfter: range.from, createdBefore: range.to })).map(({ _id, status, routing, provider, attempts, createdAt }) => ({ _id, status, routing, provider, attempts, createdAt }));
  }

  async remove(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async hasStatus(sessionId: string, status: SessionStatus): Promise<boolean> {
    return this.sessions.get(sessionId)?.status === status;
  }

  async compareAndSet(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<SessionDocument | null> {
    const session = this.sessions.get(sessionId);
    if (session?.status !== status) return null;
    Object.assign(session, structuredClone(update));
    return structuredClone(session);
  }

  async setIf(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<boolean> {
    return (await this.compareAndSet(sessionId, status, update)) !== null;
  }

  async claim(claim: MoveClaim): Promise<boolean> {
    if (this.claims.has(claim._id)) return false;
    this.claims.set(claim._id, structuredClone(claim));
    return true;
  }

  async findClaim(claimId: string): Promise<MoveClaim | null> {
    const claim = this.claims.get(claimId);
    return claim ? structuredClone(claim) : null;
  }

  async releaseClaim(claimId: string): Promise<void> {
    this.claims.delete(claimId);
  }

  async markAnnounced(claimId: string): Promise<void> {
    const claim = this.claims.get(claimId);
    if (claim) claim.announced = true;
  }

  async findUnannounced(claimedBefore: Date, limit: number): Promise<MoveClaim[]> {
    return [...this.claims.values()]
      .filter((claim) => !claim.announced && claim.claimedAt < claimedBefore)
      .sort((a, b) => a.claimedAt.getTime() - b.claimedAt.getTime())
      .slice(0, limit)
      .map((claim) => structuredClone(claim));
  }
}
