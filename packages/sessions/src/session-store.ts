import type { CloseMove, SessionMove } from './lifecycle';
import type { SessionDocument } from './session-document';

/** A page of an application's sessions, newest first (createdAt, then _id, descending). */
export interface SessionListQuery {
  limit: number;
  status?: SessionDocument['status'];
  orderReference?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** The last session of the previous page: only sessions after it in this order. */
  after?: Pick<SessionDocument, '_id' | 'createdAt'>;
}

/**
 * A move out of a claimed state (PENDING, EXPIRED) whose announcement was never confirmed: its
 * writer died, or lost its database, between the claim and the published SessionStatusChanged.
 */
export interface UnannouncedMove {
  sessionId: string;
  move: CloseMove;
  claimedAt: Date;
}

export type InsertResult = { inserted: true } | { inserted: false; existing: SessionDocument };

/**
 * A move made: the session as moved, and the move applied, which is the one asked for except when
 * this caller finished a move a dead writer had claimed (then that writer's, with its reason).
 */
export interface Moved<M extends SessionMove = SessionMove> {
  session: SessionDocument;
  applied: M;
}

/** The `sessions` collection, as every service sees it. Adapters: MongoSessionStore, InMemorySessionStore. */
export interface SessionStore {
  /** Inserts a new session; when (application, key) already has one, returns it instead. */
  insert(session: SessionDocument): Promise<InsertResult>;
  find(sessionId: string): Promise<SessionDocument | null>;
  /** Only the application's own session: another application's id is not found. */
  findForApplication(sessionId: string, applicationId: string): Promise<SessionDocument | null>;
  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null>;
  /** A page of the application's sessions, newest first, filtered. */
  list(applicationId: string, query: SessionListQuery): Promise<SessionDocument[]>;
  /** PENDING sessions whose expiresAt has passed, oldest first. */
  findOverdue(now: Date, limit: number): Promise<SessionDocument[]>;
  /** Deletes a session nothing downstream has heard of (its SessionRequested could not be published). */
  remove(sessionId: string): Promise<void>;
  /**
   * Applies a move the state machine allows, atomically among any number of writers: what was
   * moved, for the one caller that moved it; null when the session was no longer in `move.from`.
   * Throws IllegalMoveError for a move the state machine does not have.
   */
  move<M extends SessionMove>(sessionId: string, move: M): Promise<Moved<M> | null>;
  /** Takes back a move out of PENDING whose announcement could not be published. */
  undo(sessionId: string, move: CloseMove): Promise<void>;
  /** Records that a claimed move's SessionStatusChanged was published. */
  markAnnounced(sessionId: string, move: CloseMove): Promise<void>;
  /** Claimed moves not marked announced, claimed before `claimedBefore`, oldest first. */
  findUnannounced(claimedBefore: Date, limit: number): Promise<UnannouncedMove[]>;
}
