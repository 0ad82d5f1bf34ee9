import { PermanentFailure } from '@checkout/platform';
import type { ClosedStatus, CloseReason, ProviderAttempt, SessionStatus } from '@checkout/contracts';
import type { SessionDocument, SessionFailure, SessionRouting } from './session-document';

/** The service that makes a move. */
export type Mover = 'gateway' | 'provider';

/** How the event that announces a move is published. */
export type Announcement = 'SessionReady' | 'SessionFailed' | 'SessionStatusChanged';

interface MoveRule {
  by: readonly Mover[];
  /** The reasons a move out of PENDING may give (SessionStatusChanged.reason). */
  reasons?: readonly CloseReason[];
  announcedAs: Announcement;
}

interface StateRule {
  /**
   * How a move out of this state is kept to one writer. `one-writer`: only one service moves it at a
   * time, and every such move is a function of the event that causes it, so a redelivery writes the
   * same values: a conditional update suffices. `claim`: writers race (webhooks, every replica's
   * sweeper, the merchant), and FerretDB 1.x lets several conditional updates all "win", so the move
   * is first claimed with a unique insert.
   */
  leftBy: 'one-writer' | 'claim';
  moves: Partial<Record<SessionStatus, MoveRule>>;
}

/** The session's state machine, as data: every state, every allowed move, who makes it and how it is announced. */
export const SESSION_LIFECYCLE = {
  PROCESSING: {
    // The provider service (the consumer holding the session's partition) creates the checkout or
    // gives up, routing's "no eligible provider" included: it is the one writer of the outcome.
    leftBy: 'one-writer',
    moves: {
      PENDING: { by: ['provider'], announcedAs: 'SessionReady' },
      FAILED: { by: ['provider'], announcedAs: 'SessionFailed' },
    },
  },
  PENDING: {
    leftBy: 'claim',
    moves: {
      COMPLETED: { by: ['provider'], reasons: ['webhook'], announcedAs: 'SessionStatusChanged' },
      FAILED: { by: ['provider'], reasons: ['webhook'], announcedAs: 'SessionStatusChanged' },
      EXPIRED: { by: ['provider', 'gateway'], reasons: ['webhook', 'expired', 'merchant'], announcedAs: 'SessionStatusChanged' },
    },
  },
  COMPLETED: { leftBy: 'claim', moves: {} },
  FAILED: { leftBy: 'claim', moves: {} },
  // A payment the provider reports after we expired the session (the shopper paid in the last
  // seconds, or the provider's notice came late) is recorded, never dropped: the money moved.
  EXPIRED: { leftBy: 'claim', moves: { COMPLETED: { by: ['provider'], reasons: ['webhook'], announcedAs: 'SessionStatusChanged' } } },
} as const satisfies Record<SessionStatus, StateRule>;

/** What a session gains when its provider checkout exists. */
export interface CheckoutCreated {
  routing: SessionRouting;
  provider: { name: string; reference: string };
  checkoutUrl: string;
  attempts: ProviderAttempt[];
}

/** What a session records when no checkout could be created. */
export interface CheckoutNotCreated {
  failure: SessionFailure;
  attempts?: ProviderAttempt[];
  routing?: SessionRouting | null;
}

/** A move out of PROCESSING, with what the session gains by it. */
export type CreationMove = { from: 'PROCESSING'; to: 'PENDING'; changes: CheckoutCreated } | { from: 'PROCESSING'; to: 'FAILED'; changes: CheckoutNotCreated };

type Closable = 'PENDING' | 'EXPIRED';

/**
 * A move to a closed status, with why it happened: out of PENDING, or EXPIRED to COMPLETED for a
 * late payment. A completion carries the provider's payment reference.
 */
export type CloseMove = {
  [F in Closable]: {
    from: F;
    to: ClosedStatus & keyof (typeof SESSION_LIFECYCLE)[F]['moves'];
    reason: CloseReason;
    paymentReference?: string | null;
  };
}[Closable];

export type SessionMove = CreationMove | CloseMove;

/** A move the state machine does not have: it would fail every time, so its message is dead-lettered at once. */
export class IllegalMoveError extends PermanentFailure {}

function ruleOf(from: SessionStatus, to: SessionStatus): MoveRule | undefined {
  return (SESSION_LIFECYCLE[from].moves as Partial<Record<SessionStatus, MoveRule>>)[to];
}

/** Throws unless the state machine allows this move (and, out of PENDING, for this reason). */
export function assertAllowed(move: SessionMove): void {
  const rule = ruleOf(move.from, move.to);
  if (!rule) throw new IllegalMoveError(`a session cannot move from ${move.from} to ${move.to}`);
  if ('reason' in move && !rule.reasons?.includes(move.reason)) {
    throw new IllegalMoveError(`a session cannot move from ${move.from} to ${move.to} for the reason ${move.reason}`);
  }
}

export function isClaimed(move: SessionMove): move is CloseMove {
  return SESSION_LIFECYCLE[move.from].leftBy === 'claim';
}

/** The one claim of a session leaving a claimed state: `<sessionId>:leave-<state>`. */
export function claimIdOf(sessionId: string, from: SessionMove['from']): string {
  return `${sessionId}:leave-${from}`;
}

/**
 * A claim older than this is taken to belong to a writer that died: another writer may finish its
 * move, and the relay (`SessionLifecycle.announceUnannounced`) announces it. Should a slow writer
 * still be publishing, its move is announced twice, which consumers take as a redelivery.
 */
export const STALE_CLAIM_MS = 30_000;

/**
 * The claim of a move out of a claimed state: its single writer's mark, and the move's outbox entry.
 * The whole move is kept, so that another writer can finish it, and announce it, as its writer
 * meant; `announced` turns true once its SessionStatusChanged is published (FerretDB has no
 * transactions, so no outbox beside the session can be written with the move).
 */
export interface MoveClaim {
  _id: string;
  sessionId: string;
  move: CloseMove;
  claimedAt: Date;
  announced: boolean;
}

export function claimOf(sessionId: string, move: CloseMove, now = new Date()): MoveClaim {
  return { _id: claimIdOf(sessionId, move.from), sessionId, move, claimedAt: now, announced: false };
}

/** The fields a move writes, besides its status and updatedAt; `now` is when it is applied. */
function changesOf(move: SessionMove, now: Date): Partial<SessionDocument> {
  if ('changes' in move) return { ...move.changes };
  switch (move.to) {
    case 'COMPLETED':
      return { payment: { reference: move.paymentReference ?? null, completedAt: now } };
    case 'EXPIRED':
      return { expiredAt: now };
    case 'FAILED':
      return {};
  }
}

/** Everything a move writes to the session, its status included. */
export function updateOf(move: SessionMove, now: Date): Partial<SessionDocument> {
  return { ...changesOf(move, now), status: move.to, updatedAt: now };
}

/** What undoing a close move writes: the fields it set back to their value before it (null), and its `from` status. */
export function undoOf(move: CloseMove, now: Date): Partial<SessionDocument> {
  const reset = Object.fromEntries(Object.keys(changesOf(move, now)).map((field) => [field, null]));
  return { ...reset, status: move.from, updatedAt: now };
}
