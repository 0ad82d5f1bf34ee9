import { ErrorCode, ApiError } from '@checkout/contracts';
import type { Caller } from '../auth/caller';
import type { SessionStore } from '@checkout/sessions';
import { sessionView } from '@checkout/sessions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/v1/sessions/{id}: only the caller's own sessions exist for it (others are 404, never 403). */
export class GetSession {
  constructor(private readonly sessions: SessionStore) {}

  async execute(caller: Caller, sessionId: string) {
    const session = UUID.test(sessionId) ? await this.sessions.findInScope(sessionId, caller) : null;
    if (!session) throw new ApiError(ErrorCode.SessionNotFound, `No session ${sessionId} exists for this application.`);
    return sessionView(session);
  }
}
