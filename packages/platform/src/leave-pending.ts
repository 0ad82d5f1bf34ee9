import {
  leavePendingClaimId,
  SESSION_TRANSITIONS_COLLECTION,
  SESSIONS_COLLECTION,
  STALE_CLAIM_MS,
  type SessionDocument,
} from '@checkout/contracts';
import type { Db } from 'mongodb';
import { claimOnce, findClaim, releaseClaim, type Claim } from './mongo-claims';

export type LeftPendingStatus = 'COMPLETED' | 'FAILED' | 'EXPIRED';

/**
 * Moves a PENDING session to `to` for exactly one of any number of concurrent callers (webhooks,
 * sweepers, the merchant), on MongoDB and on FerretDB 1.x alike: the move is claimed with a unique
 * marker first, since FerretDB lets several conditional updates all "win". A claim whose writer died
 * before its update is finished, with the status it claimed, once older than STALE_CLAIM_MS.
 * Returns the moved session, or null when this caller did not move it.
 */
export async function leavePendingOnce(db: Db, sessionId: string, to: LeftPendingStatus): Promise<SessionDocument | null> {
  const sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  const claims = db.collection<Claim>(SESSION_TRANSITIONS_COLLECTION);
  if (!(await sessions.findOne({ _id: sessionId, status: 'PENDING' }, { projection: { _id: 1 } }))) return null;
  const claimId = leavePendingClaimId(sessionId);
  let target = to;
  if (!(await claimOnce(claims, claimId, { to }))) {
    const claim = await findClaim(claims, claimId);
    if (!claim || Date.now() - claim.claimedAt.getTime() < STALE_CLAIM_MS) return null;
    target = claim.to as LeftPendingStatus;
  }
  return sessions.findOneAndUpdate({ _id: sessionId, status: 'PENDING' }, { $set: { status: target, updatedAt: new Date() } }, { returnDocument: 'after' });
}

/** Undoes a move out of PENDING (its announcement could not be published), freeing the claim. */
export async function returnToPending(db: Db, sessionId: string, from: LeftPendingStatus): Promise<void> {
  await db.collection<SessionDocument>(SESSIONS_COLLECTION).updateOne({ _id: sessionId, status: from }, { $set: { status: 'PENDING', updatedAt: new Date() } });
  await releaseClaim(db.collection<Claim>(SESSION_TRANSITIONS_COLLECTION), leavePendingClaimId(sessionId));
}
