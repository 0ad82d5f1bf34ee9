import { Topics } from '@checkout/contracts';
import type { EventPublisher } from '@checkout/platform';
import { STALE_CLAIM_MS, type CloseMove } from './lifecycle';
import type { SessionDocument } from './session-document';
import type { SessionStore } from './session-store';
import { statusChanged } from './status-changed';

/**
 * Closes PENDING sessions for every service that does (webhooks, the sweeper, the merchant's
 * expire): the move is applied once, then announced as SessionStatusChanged; a move whose
 * announcement cannot be published is taken back, so that the caller's retry makes and announces
 * it again. A writer that dies, or loses its database, between the move and its confirmed
 * announcement leaves the move's claim unannounced; `announceUnannounced` (the provider service runs
 * it on a timer) publishes it. No move out of PENDING stays unannounced.
 */
export class SessionLifecycle {
  constructor(
    private readonly store: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
  ) {}

  /**
   * The closed session for the one caller that closed it; null when it was not PENDING any more.
   * What is announced is the move applied: a dead writer's, with its reason, when this call finished it.
   */
  async close(sessionId: string, move: CloseMove): Promise<SessionDocument | null> {
    const moved = await this.store.move(sessionId, move);
    if (!moved) return null;
    try {
      await this.publisher.publish(Topics.sessionStatus, [statusChanged(moved.session, moved.applied, this.eventSource)]);
    } catch (error) {
      await this.store.undo(sessionId, moved.applied);
      throw error;
    }
    // Published: a failure to record that only means announceUnannounced publishes it once more
    // later, which every consumer of SessionStatusChanged takes as the redelivery it is.
    await this.store.markAnnounced(sessionId, moved.applied).catch(() => undefined);
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
    for (const { sessionId, move } of unannounced) {
      const session = await this.store.find(sessionId);
      if (session?.status === move.from) {
        if (await this.close(sessionId, move)) announced += 1;
        continue;
      }
      if (session) {
        await this.publisher.publish(Topics.sessionStatus, [statusChanged(session, move, this.eventSource)]);
        announced += 1;
      }
      await this.store.markAnnounced(sessionId, move);
    }
    return announced;
  }
}
