import { apiTime, encodeEvent, isLive, EventTypes, type EventMessage, type SessionRouted } from '@checkout/contracts';
import type { CloseMove } from './lifecycle';
import { outcomeOf } from './outcome';
import type { ErasureReason, SessionDocument } from './session-document';

/**
 * The events that announce a session's moves, built here and nowhere else: its outcome
 * (SessionReady, SessionFailed) when it leaves PROCESSING, SessionStatusChanged when it closes.
 * Each is built from the stored session, so an announcement made again says the same thing.
 */

/** The outcome a decided session records; null while it is still PROCESSING. */
export function outcomeAnnouncement(session: SessionDocument, source: string): EventMessage | null {
  const outcome = outcomeOf(session);
  const idempotency = { keyHash: session.idempotencyKeyHash, fingerprint: session.requestFingerprint };
  switch (outcome?.kind) {
    case undefined:
      return null;
    case 'ready':
      return encodeEvent(EventTypes.sessionReady, source, session._id, {
        sessionId: session._id,
        applicationId: session.applicationId,
        livemode: isLive(session),
        currency: session.currency,
        attempts: session.attempts,
        status: 'PENDING',
        checkoutUrl: outcome.checkoutUrl,
        provider: outcome.provider,
        providerReference: outcome.providerReference,
        score: outcome.score,
        createdAt: apiTime(session.createdAt),
        expiresAt: apiTime(session.expiresAt),
        idempotency,
      });
    case 'failed':
      return encodeEvent(EventTypes.sessionFailed, source, session._id, {
        sessionId: session._id,
        applicationId: session.applicationId,
        livemode: isLive(session),
        currency: session.currency,
        code: outcome.code,
        detail: outcome.detail,
        attempts: session.attempts,
        idempotency,
      });
  }
}

/** The outcome of a routed session that is not stored (or not the routed application's): it cannot be created. */
export function notStoredAnnouncement(routed: SessionRouted, source: string): EventMessage {
  return encodeEvent(EventTypes.sessionFailed, source, routed.sessionId, {
    sessionId: routed.sessionId,
    applicationId: routed.applicationId,
    ...(routed.livemode === undefined ? {} : { livemode: routed.livemode }),
    currency: routed.currency,
    code: 'session_not_found',
    detail: 'The routed session is not stored.',
    attempts: [],
    ...(routed.idempotency ? { idempotency: routed.idempotency } : {}),
  });
}

/** The SessionStatusChanged event announcing a move out of PENDING (or a late payment out of EXPIRED). */
export function statusChangedAnnouncement(session: SessionDocument, move: CloseMove, source: string): EventMessage {
  return encodeEvent(EventTypes.sessionStatusChanged, source, session._id, {
    sessionId: session._id,
    applicationId: session.applicationId,
    livemode: isLive(session),
    from: move.from,
    to: move.to,
    reason: move.reason,
    provider: session.provider?.name ?? null,
    providerReference: session.provider?.reference ?? null,
    ...(session.provider?.accountId ? { providerAccountId: session.provider.accountId } : {}),
    changedAt: session.updatedAt.toISOString(),
  });
}

/** The SessionCustomerErased event auditing an erasure of the session's customer data. */
export function customerErasedAnnouncement(session: SessionDocument, reason: ErasureReason, source: string): EventMessage {
  return encodeEvent(EventTypes.sessionCustomerErased, source, session._id, {
    sessionId: session._id,
    applicationId: session.applicationId,
    livemode: isLive(session),
    reason,
    erasedAt: (session.customerErasedAt ?? session.updatedAt).toISOString(),
  });
}
