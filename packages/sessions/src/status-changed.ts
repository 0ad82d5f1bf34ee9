import { encodeEvent, EventTypes, type EventMessage } from '@checkout/contracts';
import type { CloseMove } from './lifecycle';
import type { SessionDocument } from './session-document';

/** The SessionStatusChanged event announcing a move out of PENDING. */
export function statusChanged(session: SessionDocument, move: CloseMove, source: string): EventMessage {
  return encodeEvent(EventTypes.sessionStatusChanged, source, session._id, {
    sessionId: session._id,
    applicationId: session.applicationId,
    from: move.from,
    to: move.to,
    reason: move.reason,
    provider: session.provider?.name ?? null,
    providerReference: session.provider?.reference ?? null,
    changedAt: session.updatedAt.toISOString(),
  });
}
