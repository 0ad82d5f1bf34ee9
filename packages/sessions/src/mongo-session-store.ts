import { MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import { inScope, type MerchantScope } from '@checkout/contracts';
import { DependencyUnavailable, insertOnce, NEWEST_FIRST_SORT, newestFirstAfter, scopeFilter, whileMongoReachable } from '@checkout/platform';
import type { MoveClaim } from './lifecycle';
import { MOVE_CLAIM_INDEXES, SESSION_TRANSITIONS_COLLECTION } from './mongo-claims';
import { ERASABLE_STATUSES, erasedCustomerData, RETAINED_STATUSES, SESSION_INDEXES, SESSIONS_COLLECTION, type ErasureReason, type SessionDocument, type SessionStatus } from './session-document';
import type { InsertResult, RoutingRow, SessionListQuery, SessionStore } from './session-store';

/** The session store's server cannot be reached (answered 503 by every HTTP service). */
export class SessionStoreUnavailable extends DependencyUnavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MongoDB', message, options);
  }
}

/** Driver errors that mean "the server cannot be reached" as SessionStoreUnavailable; the rest as they are. */
function reachable<T>(work: () => Promise<T>): Promise<T> {
  return whileMongoReachable(work, (error) => new SessionStoreUnavailable(`MongoDB: ${error.message}`, { cause: error }));
}

/** The SessionStore on MongoDB 7 and on FerretDB 1.x: single-document writes, filters by `_id` where it counts. */
export class MongoSessionStore implements SessionStore {
  private readonly sessions: Collection<SessionDocument>;
  private readonly claims: Collection<MoveClaim>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
    this.claims = db.collection<MoveClaim>(SESSION_TRANSITIONS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    for (const index of SESSION_INDEXES) {
      await this.sessions.createIndex(index.key, { name: index.name, unique: 'unique' in index && index.unique });
    }
    for (const index of MOVE_CLAIM_INDEXES) await this.claims.createIndex(index.key, { name: index.name });
  }

  insert(session: SessionDocument): Promise<InsertResult> {
    return reachable(async () => {
      try {
        await this.sessions.insertOne(session);
        return { inserted: true };
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
        const existing = await this.sessions.findOne({ applicationId: session.applicationId, idempotencyKeyHash: session.idempotencyKeyHash });
        if (!existing) throw error;
        return { inserted: false, existing };
      }
    });
  }

  find(sessionId: string): Promise<SessionDocument | null> {
    return reachable(async () => {
      return this.sessions.findOne({ _id: sessionId });
    });
  }

  findInScope(sessionId: string, scope: MerchantScope): Promise<SessionDocument | null> {
    return reachable(async () => {
      // By `_id` alone, which FerretDB pushes down; the scope is checked here.
      const session = await this.find(sessionId);
      return session && inScope(session, scope) ? session : null;
    });
  }

  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    return reachable(async () => {
      return this.sessions.findOne({ 'provider.name': provider, 'provider.reference': reference });
    });
  }

  countProcessing(createdBefore: Date): Promise<number> {
    return reachable(() => this.sessions.countDocuments({ status: 'PROCESSING', createdAt: { $lt: createdBefore } }));
  }

  eraseCustomer(sessionId: string, at: Date, reason: ErasureReason): Promise<SessionDocument | null> {
    return reachable(async () => {
      const current = await this.sessions.findOne({ _id: sessionId });
      if (!current || !(ERASABLE_STATUSES as readonly string[]).includes(current.status)) return null;
      if (current.customerErasedAt) return current;
      return this.sessions.findOneAndUpdate({ _id: sessionId, status: { $in: [...ERASABLE_STATUSES] } }, { $set: erasedCustomerData(at, reason) }, { returnDocument: 'after' });
    });
  }

  findUnannouncedErasures(limit: number): Promise<SessionDocument[]> {
    return reachable(async () => this.sessions.find({ customerErasureAnnounced: false }).limit(limit).toArray());
  }

  markErasureAnnounced(sessionId: string): Promise<void> {
    return reachable(async () => void (await this.sessions.updateOne({ _id: sessionId }, { $set: { customerErasureAnnounced: true } })));
  }

  findCustomerDataDue(closedBefore: Date, limit: number): Promise<SessionDocument[]> {
    return reachable(async () => {
      return this.sessions
        .find({ status: { $in: [...RETAINED_STATUSES] }, updatedAt: { $lt: closedBefore }, customerErasedAt: { $exists: false } })
        .limit(limit)
        .toArray();
    });
  }

  findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return reachable(async () => {
      return this.sessions.find({ status: 'PENDING', expiresAt: { $lte: now } }).sort({ expiresAt: 1 }).limit(limit).toArray();
    });
  }

  list(scope: MerchantScope, query: SessionListQuery): Promise<SessionDocument[]> {
    return reachable(async () => {
      const filter: Filter<SessionDocument> = scopeFilter<SessionDocument>(scope);
      if (query.status) filter.status = query.status;
      if (query.orderReference) filter.orderReference = query.orderReference;
      if (query.createdAfter || query.createdBefore) {
        filter.createdAt = { ...(query.createdAfter ? { $gte: query.createdAfter } : {}), ...(query.createdBefore ? { $lt: query.createdBefore } : {}) };
      }
      return this.sessions.find({ ...filter, ...newestFirstAfter<SessionDocument>(query.after) }).sort(NEWEST_FIRST_SORT).limit(query.limit).toArray();
    });
  }

  routingRows(scope: MerchantScope, range: { from: Date; to: Date }, limit: number): Promise<RoutingRow[]> {
    return reachable(() =>
      this.sessions
        .find<RoutingRow>({ ...scopeFilter<SessionDocument>(scope), createdAt: { $gte: range.from, $lt: range.to } }, { projection: { status: 1, routing: 1, provider: 1, attempts: 1, createdAt: 1 } })
        .sort(NEWEST_FIRST_SORT)
        .limit(limit)
        .toArray(),
    );
  }

  remove(sessionId: string): Promise<void> {
    return reachable(async () => {
      await this.sessions.deleteOne({ _id: sessionId });
    });
  }

  hasStatus(sessionId: string, status: SessionStatus): Promise<boolean> {
    return reachable(async () => (await this.sessions.findOne({ _id: sessionId, status }, { projection: { _id: 1 } })) !== null);
  }

  compareAndSet(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<SessionDocument | null> {
    return reachable(async () => {
      return this.sessions.findOneAndUpdate({ _id: sessionId, status }, { $set: update }, { returnDocument: 'after' });
    });
  }

  setIf(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<boolean> {
    return reachable(async () => (await this.sessions.updateOne({ _id: sessionId, status }, { $set: update })).matchedCount === 1);
  }

  /**
   * FerretDB 1.x does not make a conditional update (`{status: 'PENDING'}` filter) atomic across
   * connections — several callers can all "win" it — but it does enforce unique `_id`s atomically.
   */
  claim(claim: MoveClaim): Promise<boolean> {
    return reachable(() => insertOnce(this.claims, claim));
  }

  findClaim(claimId: string): Promise<MoveClaim | null> {
    return reachable(async () => this.claims.findOne({ _id: claimId }));
  }

  releaseClaim(claimId: string): Promise<void> {
    return reachable(async () => {
      await this.claims.deleteOne({ _id: claimId });
    });
  }

  markAnnounced(claimId: string): Promise<void> {
    return reachable(async () => {
      await this.claims.updateOne({ _id: claimId }, { $set: { announced: true } });
    });
  }

  findUnannounced(claimedBefore: Date, limit: number): Promise<MoveClaim[]> {
    return reachable(async () => {
      return this.claims.find({ announced: false, claimedAt: { $lt: claimedBefore } }).sort({ claimedAt: 1 }).limit(limit).toArray();
    });
  }
}
