import type { CreateSessionResult } from '../sessions/create-session';

export interface CreateSessionReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** POST /api/v1/sessions' answer for the use case's result: the stored answer (flagged when replayed), or 202. */
export function replyFor(result: CreateSessionResult): CreateSessionReply {
  if (result.kind === 'accepted') {
    return {
      status: 202,
      headers: { Location: `/api/v1/sessions/${result.session.sessionId}`, 'Retry-After': String(result.retryAfterSeconds) },
      body: result.session,
    };
  }
  return { status: result.response.status, headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {}, body: result.response.body };
}
