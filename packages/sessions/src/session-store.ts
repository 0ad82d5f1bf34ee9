import type { MerchantScope } from '@checkout/contracts';
import type { MoveClaim } from './lifecycle';
import type { ErasureReason, SessionDocument, SessionStatus } from './session-document';

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

/** What a routing summary reads of each session: where it went and how it ended, never who paid. */
export type RoutingRow = Pick<SessionDocument, '_id' | 'status' | 'routing' | 'provider' | 'attempts' | 'createdAt'>;

export type InsertResult = { inserted: true } | { inserted: false; existing: SessionDocument };

/**
 * The `sessions` collection and the claims of its moves, as every service sees them: storage
 * primitives only. Which moves are allowed, and how racing writers are kept to one, is
 * SessionLifecycle's (beside the state table); nothing else moves a session.
 * Adapters: MongoSessionStore, InMemorySessionStore.
 */
export interface SessionStore {
  /** Inserts a new session; when (application, key) already has one, returns it instead. */
  insert(session: SessionDocument): Promise<InsertResult>;
  find(sessionId: string): Promise<SessionDocument | null>;
  /** Only the scope's own session: another application's or the other mode's id is not found. */
  findInScope(sessionId: string, scope: MerchantScope): Promise<SessionDocument | null>;
  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null>;
  /** A page of the scope's sessions, newest first, filtered. */
  list(scope: MerchantScope, query: SessionListQuery): Promise<SessionDocument[]>;
  /** The scope's sessions created in [from, to), newest first, at most `limit`, only what a routing summary needs. */
  routingRows(scope: MerchantScope, range: { from: Date; to: Date }, limit: number): Promise<RoutingRow[]>;
  /** How many sessions are still PROCESSING though created before `createdBefore` (stuck, past a bound). */
  countProcessing(createdBefore: Date): Promise<number>;
  /** PENDING sessions whose expiresAt has passed, oldest first. */
  findOverdue(now: Date, limit: number): Promise<SessionDocument[]>;
  /**
   * Erases the session's customer data (erasedCustomerData) unless it is PROCESSING: the session as
   * erased, or null (not found, or PROCESSING). Erasing it again keeps the first erasure's time.
   */
  eraseCustomer(sessionId: string, at: Date, reason: ErasureReason): Promise<SessionDocument | null>;
  /** Erasures whose SessionCustomerErased was not published yet (their writer stopped, or the bus was down). */
  findUnannouncedErasures(limit: number): Promise<SessionDocument[]>;
  markErasureAnnounced(sessionId: string): Promise<void>;
  /** Sessions closed (COMPLETED, FAILED, EXPIRED) and last changed before `closedBefore`, their customer data not erased yet. */
  findCustomerDataDue(closedBefore: Date, limit: number): Promise<SessionDocument[]>;
  /** Deletes a session nothing downstream has heard of (its SessionRequested could not be published). */
  remove(sessionId: string): Promise<void>;
  /** Whether the session is stored with this status (a read of its status alone). */
  hasStatus(sessionId: string, status: SessionStatus): Promise<boolean>;
  /**
   * Writes `update` to the session if its status is still `status`, in one single-document write:
   * the session as updated, or null when its status was another. One writer at a time only: on
   * FerretDB 1.x several concurrent callers can all succeed, which is why racing writers claim first.
   */
  compareAndSet(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<SessionDocument | null>;
  /** compareAndSet for a writer that knows the session already: whether it was written, without reading it back. */
  setIf(sessionId: string, status: SessionStatus, update: Partial<SessionDocument>): Promise<boolean>;
  /** Inserts the claim unless one with its id exists: true for the one caller, across every process, whose insert won. */
  claim(claim: MoveClaim): Promise<boolean>;
  findClaim(claimId: string): Promise<MoveClaim | null>;
  /** Deletes a claim (its move was taken back), so that a later move may claim again. */
  releaseClaim(claimId: string): Promise<void>;
  /** Records that a claimed move's SessionStatusChanged was published. */
  markAnnounced(claimId: string): Promise<void>;
  /** Claims not marked announced, claimed before `claimedBefore`, oldest first. */
  findUnannounced(claimedBefore: Date, limit: number): Promise<MoveClaim[]>;
}
