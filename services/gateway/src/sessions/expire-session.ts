import { ErrorCode, ApiError } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import type { SessionLifecycle, SessionStore } from '@checkout/sessions';
import type { Caller } from '../auth/caller';
import { sessionView } from '@checkout/sessions';

/**
 * POST /api/v1/sessions/{id}/expire (Stripe's expire): a PENDING session becomes EXPIRED (a
 * conflict for any other state), and its SessionStatusChanged tells the provider service to close
 * the checkout at the provider.
 */
export class ExpireSession {
  constructor(
    private readonly sessions: SessionStore,
    private readonly lifecycle: SessionLifecycle,
    private readonly logger: Logger,
  ) {}

  async execute(caller: Caller, sessionId: string) {
    const session = await this.sessions.findInScope(sessionId, caller);
    if (!session) throw new ApiError(ErrorCode.SessionNotFound, `No session ${sessionId} exists for this application.`);
    let expired;
    try {
      expired = session.status === 'PENDING' ? await this.lifecycle.close(session._id, { from: 'PENDING', to: 'EXPIRED', reason: 'merchant' }) : null;
    } catch (error) {
      this.logger.error({ err: error, sessionId }, 'could not announce the expiry; undone');
      throw new ApiError(ErrorCode.ServiceUnavailable, 'The session could not be expired just now; retry.', { retryAfterSeconds: 1 });
    }
    if (!expired) {
      const current = (await this.sessions.findInScope(sessionId, caller)) ?? session;
      throw new ApiError(ErrorCode.SessionNotPending, `Only a PENDING session can be expired; this one is ${current.status}.`);
    }
    this.logger.info({ sessionId }, 'session expired by the merchant');
    return sessionView(expired);
  }
}
