import { Topics, type SessionRouted } from '@checkout/contracts';
import type { EventPublisher } from '@checkout/platform';
import { notStoredAnnouncement, outcomeAnnouncement, statusChangedAnnouncement } from './announcements';
import { assertAllowed, claimIdOf, claimOf, isClaimed, STALE_CLAIM_MS, undoOf, updateOf, type CloseMove, type CreationMove, type SessionMove } from './lifecycle';
import type { SessionDocument } from './session-document';
import type { SessionStore } from './session-store';

/** A move made: the session as moved, and the move applied (a dead writer's, when this call finished it). */
interface Moved<M extends SessionMove> {
  session: SessionDocument;
  applied: M;
}

/**
 * The one way any service moves a session, and announces it. Moves out of PROCESSING (`decide`)
 * have one writer, the provider service holding the session's partition, and are announced as the
 * session's outcome. Moves out of PENDING and EXPIRED (`close`) race — webhooks, every replica's
 * sweeper, the merchant — and are claimed first: the claim is the move's single writer and its
 * outbox entry. A close whose announcement cannot be published is taken back, so that the caller's
 * retry makes and announces it again; a writer that dies, or loses its database, between the move
 * and its confirmed announcement leaves the claim unannounced, and `announceUnannounced` (the
 * provider service runs it on a timer) publishes it. No move stays unannounced.
 */
export class SessionLifecycle {
  constructor(
    private readonly store: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
  ) {}

  /**
   * Ends PROCESSING once: the checkout was created (PENDING) or could not be (FAILED). A redelivery
   * finds the session decided and changes nothing. Either way the outcome the stored session records
   * is published (SessionReady or SessionFailed); the session as stored, null when it is not.
   * Given the session as its one writer read it in PROCESSING (nothing else writes a PROCESSING
   * session), the move is written without reading the session back: the session as moved is that
   * one with the move's update.
   */
  async decide(session: string | SessionDocument, move: CreationMove): Promise<SessionDocument | null> {
    const sessionId = typeof session === 'string' ? session : session._id;
    const decided = (typeof session === 'string' ? null : await this.moveKnown(session, move)) ?? (await this.move(sessionId, move))?.session ?? (await this.store.find(sessionId));
    if (decided) await this.announceOutcome(decided);
    return decided;
  }

  /** An unclaimed move of a session its writer holds, written without reading it back; null when its status was another by then. */
  private async moveKnown(session: SessionDocument, move: CreationMove): Promise<SessionDocument | null> {
    assertAllowed(move);
    if (session.status !== move.from) return null;
    const update = updateOf(move, new Date());
    return (await this.store.setIf(session._id, move.from, update)) ? { ...session, ...update } : null;
  }

  /** Publishes again the outcome a decided session records (a redelivered request finds it decided). */
  async announceOutcome(session: SessionDocument): Promise<void> {
    const announcement = outcomeAnnouncement(session, this.eventSource);
    if (announcement) await this.publisher.publish(Topics.sessionOutcome, [announcement]);
  }

  /** A routed session that is not stored fails without a move: there is nothing to move. */
  async announceNotStored(routed: SessionRouted): Promise<void> {
    await this.publisher.publish(Topics.sessionOutcome, [notStoredAnnouncement(routed, this.eventSource)]);
  }

  /**
   * The closed session for the one caller that closed it; null when it was not in `move.from` any
   * more. What is announced is the move applied: a dead writer's, with its reason, when this call finished it.
   */
  async close(sessionId: string, move: CloseMove): Promise<SessionDocument | null> {
    const moved = await this.move(sessionId, move);
    if (!moved) return null;
    try {
      await this.publisher.publish(Topics.sessionStatus, [statusChangedAnnouncement(moved.session, moved.applied, this.eventSource)]);
    } catch (error) {
      await this.undo(sessionId, moved.applied);
      throw error;
    }
    // Published: a failure to record that only means announceUnannounced publishes it once more
    // later, which every consumer of SessionStatusChanged takes as the redelivery it is.
    await this.store.markAnnounced(claimIdOf(sessionId, moved.applied.from)).catch(() => undefined);
    return moved.session;
  }

  /**
   * Publishes the moves whose writers stopped between the claim and the confirmed announcement
   * (claimed more than STALE_CLAIM_MS ago, the same age at which another writer may finish a dead
   * one's move): a move made is announced; a move claimed but not made (its writer died before the
   * update, or its undo was cut short) is made as its writer meant, then announced. How many were.
   */
  async announceUnannounced(now = new Date(), limit = 100): Promise<number> {
    const unannounced = await this.store.findUnannounced(new Date(now.getTime() - STALE_CLAIM_MS), limit);
    let announced = 0;
    for (const { _id: claimId, sessionId, move } of unannounced) {
      const session = await this.store.find(sessionId);
      if (session?.status === move.from) {
        if (await this.close(sessionId, move)) announced += 1;
        continue;
      }
      if (session) {
        await this.publisher.publish(Topics.sessionStatus, [statusChangedAnnouncement(session, move, this.eventSource)]);
        announced += 1;
      }
      await this.store.markAnnounced(claimId);
    }
    return announced;
  }

  /**
   * Applies a move the state machine allows, atomically among any number of writers: what was
   * moved, for the one caller that moved it; null when the session was no longer in `move.from`.
   * Throws IllegalMoveError for a move the state machine does not have.
   */
  private async move<M extends SessionMove>(sessionId: string, move: M): Promise<Moved<M> | null> {
    assertAllowed(move);
    if (!isClaimed(move)) return this.apply(sessionId, move);
    if (!(await this.store.hasStatus(sessionId, move.from))) return null;
    const claim = claimOf(sessionId, move);
    if (await this.store.claim(claim)) return this.apply(sessionId, move);
    // Another writer claimed it. If that writer died before its update, finish its move, not ours.
    const held = await this.store.findClaim(claim._id);
    if (!held || Date.now() - held.claimedAt.getTime() < STALE_CLAIM_MS) return null;
    return this.apply(sessionId, held.move as M);
  }

  private async apply<M extends SessionMove>(sessionId: string, move: M): Promise<Moved<M> | null> {
    const session = await this.store.compareAndSet(sessionId, move.from, updateOf(move, new Date()));
    return session ? { session, applied: move } : null;
  }

  /** Takes back a close whose announcement could not be published, and its claim with it. */
  private async undo(sessionId: string, move: CloseMove): Promise<void> {
    await this.store.compareAndSet(sessionId, move.to, undoOf(move, new Date()));
    await this.store.releaseClaim(claimIdOf(sessionId, move.from));
  }
}
