import type { Collection } from 'mongodb';
import { insertOnce } from '@checkout/platform';
import type { SessionMove } from './lifecycle';

/** Where the claims live (`claimIdOf`): one per session leaving a claimed state, its single writer. */
export const SESSION_TRANSITIONS_COLLECTION = 'session_transitions';

/**
 * The whole move claimed, so that another writer can finish it, and announce it, as its writer meant.
 * `announced` turns true once its SessionStatusChanged is published: the claim is the move's outbox
 * entry (FerretDB has no transactions, so no outbox beside the session can be written with it).
 */
export interface MoveClaim {
  _id: string;
  sessionId: string;
  move: SessionMove;
  claimedAt: Date;
  announced: boolean;
}

/** Serves findUnannounced: only a few claims are unannounced at any time. */
export const MOVE_CLAIM_INDEXES = [{ key: { announced: 1, claimedAt: 1 }, name: 'announced_claimedAt' }] as const;

/**
 * Claims a move once across every process and replica: true for the single caller whose insert won.
 * FerretDB 1.x does not make a conditional update (`{status: 'PENDING'}` filter) atomic across
 * connections — several callers can all "win" it — but it does enforce unique `_id`s atomically.
 */
export function claimOnce(claims: Collection<MoveClaim>, claim: MoveClaim): Promise<boolean> {
  return insertOnce(claims, claim);
}
