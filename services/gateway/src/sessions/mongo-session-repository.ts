import { MongoServerError, type Collection, type Db } from 'mongodb';
import {
  leavePendingClaimId,
  SESSION_INDEXES,
  SESSION_TRANSITIONS_COLLECTION,
  SESSIONS_COLLECTION,
  type SessionDocument,
} from '@checkout/contracts';
import { claimOnce, releaseClaim, type Claim } from '@checkout/platform';
import type { InsertResult, SessionRepository } from './session-repository';

export class MongoSessionRepository implements SessionRepository {
  private readonly sessions: Collection<SessionDocument>;
  private readonly claims: Collection<Claim>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
    this.claims = db.collection<Claim>(SESSION_TRANSITIONS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    for (const index of SESSION_INDEXES) {
      await this.sessions.createIndex(index.key, { name: index.name, unique: 'unique' in index && index.unique });
    }
  }

  async insert(session: SessionDocument): Promise<InsertResult> {
    try {
      await this.sessions.insertOne(session);
      return { inserted: true };
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
      const existing = await this.sessions.findOne({
        applicationId: session.applicationId,
        idempotencyKeyHash: session.idempotencyKeyHash,
      });
      if (!existing) throw error;
      return { inserted: false, existing };
    }
  }

  findForApplication(sessionId: string, applicationId: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ _id: sessionId, applicationId });
  }

  find(sessionId: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ _id: sessionId });
  }

  async markFailed(sessionId: string, failure: { code: string; detail: string }): Promise<void> {
    await this.sessions.updateOne(
      { _id: sessionId, status: 'PROCESSING' },
      { $set: { status: 'FAILED', failure, updatedAt: new Date() } },
    );
  }

  async remove(sessionId: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sessionId });
  }

  /** Races webhooks and the sweeper for the session's one move out of PENDING (see the provider's store). */
  async expirePending(sessionId: string): Promise<SessionDocument | null> {
    if (!(await this.sessions.findOne({ _id: sessionId, status: 'PENDING' }, { projection: { _id: 1 } }))) return null;
    if (!(await claimOnce(this.claims, leavePendingClaimId(sessionId), { to: 'EXPIRED' }))) return null;
    return this.sessions.findOneAndUpdate({ _id: sessionId, status: 'PENDING' }, { $set: { status: 'EXPIRED', updatedAt: new Date() } }, { returnDocument: 'after' });
  }

  async undoExpiry(sessionId: string): Promise<void> {
    await this.sessions.updateOne({ _id: sessionId, status: 'EXPIRED' }, { $set: { status: 'PENDING', updatedAt: new Date() } });
    await releaseClaim(this.claims, leavePendingClaimId(sessionId));
  }
}
