import { encodeEvent, EventTypes, type EventMessage } from './events';
import type { SessionStatusChanged } from './schemas/events';
import type { SessionDocument } from './session-document';

/** The SessionStatusChanged event for a session that just left PENDING. */
export function statusChanged(session: SessionDocument, to: SessionStatusChanged['to'], reason: SessionStatusChanged['reason'], source: string): EventMessage {
  return encodeEvent(EventTypes.sessionStatusChanged, source, session._id, {
    sessionId: session._id,
    applicationId: session.applicationId,
    from: 'PENDING',
    to,
    reason,
    provider: session.provider?.name ?? null,
    providerReference: session.provider?.reference ?? null,
    changedAt: new Date().toISOString(),
  });
}
