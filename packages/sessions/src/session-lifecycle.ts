import { Topics } from '@checkout/contracts';
import type { EventPublisher } from '@checkout/platform';
import type { CloseMove } from './lifecycle';
import type { SessionDocument } from './session-document';
import type { SessionStore } from './session-store';
import { statusChanged } from './status-changed';

/**
 * Closes PENDING sessions for every service that does (webhooks, the sweeper, the merchant's
 * expire): the move is applied once, then announced as SessionStatusChanged; a move whose
 * announcement cannot be published is taken back, so that the caller's retry makes and announces
 * it again. No move out of PENDING happens unannounced.
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
    return moved.session;
  }
}
