import { MongoServerError, type Collection, type Db } from 'mongodb';
import { SESSION_INDEXES, SESSIONS_COLLECTION, type SessionDocument } from '@checkout/contracts';
import { leavePendingOnce, returnToPending } from '@checkout/platform';
import type { InsertResult, SessionRepository } from './session-repository';

export class MongoSessionRepository implements SessionRepository {
  private readonly sessions: Collection<SessionDocument>;

  constructor(private readonly db: Db) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
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

  expirePending(sessionId: string): Promise<SessionDocument | null> {
    return leavePendingOnce(this.db, sessionId, 'EXPIRED');
  }

  undoExpiry(sessionId: string): Promise<void> {
    return returnToPending(this.db, sessionId, 'EXPIRED');
  }
}
