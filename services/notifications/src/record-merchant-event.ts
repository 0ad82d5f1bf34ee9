import { isLive, webhookEventTypeOf, type SessionCustomerErased, type SessionStatusChanged } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { sessionView, type SessionDocument, type SessionStore } from '@checkout/sessions';
import { merchantEventId, type MerchantEventDocument, type WebhookStores } from '@checkout/webhooks';
import { recordMerchantEvent } from './queue-deliveries';
import type { NotificationsTelemetry } from './notifications-telemetry';

/**
 * Whether the stored session shows the move an event claims: completed (paid), failed, or expired
 * (still, or before a late payment completed it).
 */
function showsMove(session: SessionDocument, to: SessionStatusChanged['to']): boolean {
  switch (to) {
    case 'COMPLETED':
      return session.status === 'COMPLETED';
    case 'FAILED':
      return session.status === 'FAILED';
    case 'EXPIRED':
      return session.status === 'EXPIRED' || session.expiredAt !== null;
  }
}

/**
 * A session closed (SessionStatusChanged): record the merchant event, and one delivery for every
 * endpoint of the application subscribed to it, due now. Every write is an insert keyed by what
 * it is about, so a redelivered status change, or one handled by two replicas, writes nothing new;
 * the consumer commits its offset only after, so a crash in between is a redelivery.
 */
export class RecordMerchantEvent {
  constructor(
    private readonly sessions: SessionStore,
    private readonly stores: WebhookStores,
    private readonly telemetry: NotificationsTelemetry,
    private readonly logger: Logger,
    private readonly deliveriesDue: () => void,
  ) {}

  async execute(change: SessionStatusChanged): Promise<void> {
    const session = await this.sessions.find(change.sessionId);
    if (!session) {
      this.logger.warn({ sessionId: change.sessionId }, 'status change of a session that is not stored; no event');
      return;
    }
    // The stored session is the truth, not the event: whoever can publish on the topic cannot make us
    // sign a "completed" that the session does not show.
    if (!showsMove(session, change.to)) {
      this.logger.warn({ sessionId: session._id, claimed: change.to, stored: session.status }, 'status change the stored session does not show; no event');
      return;
    }
    const type = webhookEventTypeOf(change.to);
    // The insert is the check: a redelivered change finds its event there and inserts nothing; what
    // follows only uses the event's id and time, which are the same either way.
    const event: MerchantEventDocument = {
      _id: merchantEventId(session._id, type),
      applicationId: session.applicationId,
      livemode: isLive(session),
      type,
      sessionId: session._id,
      data: { object: sessionView(session) },
      createdAt: new Date(change.changedAt),
    };
    const queued = await recordMerchantEvent(this.stores, this.telemetry, event, this.deliveriesDue);
    this.logger.debug({ sessionId: session._id, eventId: event._id, type, queued }, 'merchant event recorded');
  }

  /** A session's customer data erased: the audit event checkout.session.customer_erased, if the stored session shows the erasure. */
  async executeErasure(erased: SessionCustomerErased): Promise<void> {
    const session = await this.sessions.find(erased.sessionId);
    if (!session?.customerErasedAt || session.applicationId !== erased.applicationId) {
      this.logger.warn({ sessionId: erased.sessionId }, 'erasure the stored session does not show; no event');
      return;
    }
    const type = 'checkout.session.customer_erased' as const;
    const event: MerchantEventDocument = {
      _id: merchantEventId(session._id, type),
      applicationId: session.applicationId,
      livemode: isLive(session),
      type,
      sessionId: session._id,
      data: { object: sessionView(session) },
      createdAt: session.customerErasedAt,
    };
    await recordMerchantEvent(this.stores, this.telemetry, event, this.deliveriesDue);
    this.logger.info({ sessionId: session._id, eventId: event._id, reason: erased.reason }, 'customer data erasure recorded');
  }
}
