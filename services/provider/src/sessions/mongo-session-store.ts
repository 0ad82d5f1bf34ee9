import { SESSIONS_COLLECTION, type ProviderAttempt, type SessionDocument } from '@checkout/contracts';
import { leavePendingOnce } from '@checkout/platform';
import type { Collection, Db } from 'mongodb';
import type { CheckoutCreated, ClosedStatus, SessionStore } from './session-store';

/** Single-document conditional updates: a redelivered event finds the session already moved on. */
export class MongoSessionStore implements SessionStore {
  private readonly sessions: Collection<SessionDocument>;

  constructor(private readonly db: Db) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.sessions.createIndex({ 'provider.name': 1, 'provider.reference': 1 }, { name: 'provider_reference' });
  }

  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ 'provider.name': provider, 'provider.reference': reference });
  }

  closePending(sessionId: string, to: ClosedStatus): Promise<SessionDocument | null> {
    return leavePendingOnce(this.db, sessionId, to);
  }

  findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return this.sessions.find({ status: 'PENDING', expiresAt: { $lte: now } }).sort({ expiresAt: 1 }).limit(limit).toArray();
  }

  find(sessionId: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ _id: sessionId });
  }

  /** One round trip when the move happens; a redelivery (already moved) reads the session as it stands. */
  async markPending(sessionId: string, update: CheckoutCreated): Promise<SessionDocument | null> {
    const moved = await this.sessions.findOneAndUpdate(
      { _id: sessionId, status: 'PROCESSING' },
      {
        $set: {
          status: 'PENDING',
          routing: update.routing,
          provider: update.provider,
          checkoutUrl: update.checkoutUrl,
          attempts: update.attempts,
          updatedAt: new Date(),
        },
      },
      { returnDocument: 'after' },
    );
    return moved ?? this.find(sessionId);
  }

  async markFailed(
    sessionId: string,
    failure: { code: string; detail: string },
    attempts: ProviderAttempt[],
    routing: CheckoutCreated['routing'] | null,
  ): Promise<SessionDocument | null> {
    const moved = await this.sessions.findOneAndUpdate(
      { _id: sessionId, status: 'PROCESSING' },
      { $set: { status: 'FAILED', failure, attempts, routing, updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
    return moved ?? this.find(sessionId);
  }
}
