import type { Collection } from 'mongodb';
import { insertOnce } from '@checkout/platform';
import type { SessionMove } from './lifecycle';

/** One claim per session leaving a claimed state (`<sessionId>:leave-<state>`): its single writer. */
export const SESSION_TRANSITIONS_COLLECTION = 'session_transitions';

/** A claim older than this whose session has not moved belongs to a writer that died: finish its move. */
export const STALE_CLAIM_MS = 30_000;

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

export function claimIdOf(sessionId: string, from: SessionMove['from']): string {
  return `${sessionId}:leave-${from}`;
}

/**
 * Claims a move once across every process and replica: true for the single caller whose insert won.
 * FerretDB 1.x does not make a conditional update (`{status: 'PENDING'}` filter) atomic across
 * connections — several callers can all "win" it — but it does enforce unique `_id`s atomically.
 */
export function claimOnce(claims: Collection<MoveClaim>, claim: MoveClaim): Promise<boolean> {
  return insertOnce(claims, claim);
}
