import {
  leavePendingClaimId,
  SESSION_TRANSITIONS_COLLECTION,
  SESSIONS_COLLECTION,
  STALE_CLAIM_MS,
  type ProviderAttempt,
  type SessionDocument,
} from '@checkout/contracts';
import { claimOnce, findClaim, type Claim } from '@checkout/platform';
import type { Collection, Db } from 'mongodb';
import type { CheckoutCreated, ClosedStatus, SessionStore } from './session-store';

/** Single-document conditional updates: a redelivered event finds the session already moved on. */
export class MongoSessionStore implements SessionStore {
  private readonly sessions: Collection<SessionDocument>;
  private readonly claims: Collection<Claim>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
    this.claims = db.collection<Claim>(SESSION_TRANSITIONS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.sessions.createIndex({ 'provider.name': 1, 'provider.reference': 1 }, { name: 'provider_reference' });
  }

  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ 'provider.name': provider, 'provider.reference': reference });
  }

  /** Webhooks, the sweeper and the merchant race to move a session out of PENDING: a claim picks one. */
  async closePending(sessionId: string, to: ClosedStatus): Promise<SessionDocument | null> {
    if (!(await this.sessions.findOne({ _id: sessionId, status: 'PENDING' }, { projection: { _id: 1 } }))) return null;
    const claimId = leavePendingClaimId(sessionId);
    let target = to;
    if (!(await claimOnce(this.claims, claimId, { to }))) {
      const claim = await findClaim(this.claims, claimId);
      if (!claim || Date.now() - claim.claimedAt.getTime() < STALE_CLAIM_MS) return null;
      target = claim.to as ClosedStatus; // its writer died between claim and update: finish the move it claimed
    }
    return this.sessions.findOneAndUpdate({ _id: sessionId, status: 'PENDING' }, { $set: { status: target, updatedAt: new Date() } }, { returnDocument: 'after' });
  }

  findOverdue(now: Date, limit: number): Promise<SessionDocument[]> {
    return this.sessions.find({ status: 'PENDING', expiresAt: { $lte: now } }).sort({ expiresAt: 1 }).limit(limit).toArray();
  }

  find(sessionId: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ _id: sessionId });
  }

  async markPending(sessionId: string, update: CheckoutCreated): Promise<SessionDocument | null> {
    await this.sessions.updateOne(
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
    );
    return this.find(sessionId);
  }

  async markFailed(
    sessionId: string,
    failure: { code: string; detail: string },
    attempts: ProviderAttempt[],
    routing: CheckoutCreated['routing'] | null,
  ): Promise<SessionDocument | null> {
    await this.sessions.updateOne(
      { _id: sessionId, status: 'PROCESSING' },
      { $set: { status: 'FAILED', failure, attempts, routing, updatedAt: new Date() } },
    );
    return this.find(sessionId);
  }
}
