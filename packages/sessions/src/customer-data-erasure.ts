import { Topics } from '@checkout/contracts';
import type { EventPublisher } from '@checkout/platform';
import { customerErasedAnnouncement } from './announcements';
import type { ErasureReason, SessionDocument } from './session-document';
import type { SessionStore } from './session-store';

/**
 * The one way a session's customer data is erased (data lifecycle): the erasure is written first,
 * marked unannounced, then published as SessionCustomerErased (the merchant's audit event) and
 * marked announced. An erasure whose publication failed stays marked, and `announceUnannounced`
 * publishes it later: none goes unaudited.
 */
export class CustomerDataErasure {
  constructor(
    private readonly store: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly source: string,
  ) {}

  /** The session as erased, or null when it is not found or still PROCESSING. Throws when the audit event cannot be published (the erasure stands; asking again publishes it). */
  async erase(sessionId: string, reason: ErasureReason, at = new Date()): Promise<SessionDocument | null> {
    const erased = await this.store.eraseCustomer(sessionId, at, reason);
    if (!erased) return null;
    await this.announce(erased);
    return erased;
  }

  /** Sessions closed before `closedBefore` whose customer data is still kept: erased, each audited. How many. */
  async eraseClosedBefore(closedBefore: Date, limit: number): Promise<number> {
    const due = await this.store.findCustomerDataDue(closedBefore, limit);
    for (const session of due) await this.erase(session._id, 'retention');
    return due.length;
  }

  /** Publishes the erasures left unannounced. How many. */
  async announceUnannounced(limit: number): Promise<number> {
    const unannounced = await this.store.findUnannouncedErasures(limit);
    for (const session of unannounced) await this.announce(session);
    return unannounced.length;
  }

  private async announce(session: SessionDocument): Promise<void> {
    if (session.customerErasureAnnounced !== false) return;
    await this.publisher.publish(Topics.sessionErasure, [customerErasedAnnouncement(session, session.customerErasureReason ?? 'retention', this.source)]);
    await this.store.markErasureAnnounced(session._id);
  }
}
