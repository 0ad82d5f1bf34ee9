import { ErrorCode, statusChanged, Topics } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import type { Caller } from '../auth/caller';
import { ProblemError } from '../http/problem-error';
import type { SessionRepository } from './session-repository';
import { sessionView } from './session-responses';

/**
 * POST /api/v1/sessions/{id}/expire: a PENDING session becomes EXPIRED (409 for any other state),
 * and SessionStatusChanged tells the provider service to close the checkout at the provider.
 */
export class ExpireSession {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
    private readonly logger: Logger,
  ) {}

  async execute(caller: Caller, sessionId: string) {
    const session = await this.sessions.findForApplication(sessionId, caller.applicationId);
    if (!session) throw new ProblemError(404, ErrorCode.SessionNotFound, 'Session not found', `No session ${sessionId} exists for this application.`);
    const expired = session.status === 'PENDING' ? await this.sessions.expirePending(session._id) : null;
    if (!expired) {
      const current = (await this.sessions.findForApplication(sessionId, caller.applicationId)) ?? session;
      throw new ProblemError(409, ErrorCode.SessionNotPending, 'Session not pending', `Only a PENDING session can be expired; this one is ${current.status}.`);
    }
    try {
      await this.publisher.publish(Topics.sessionStatus, [statusChanged(expired, 'EXPIRED', 'merchant', this.eventSource)]);
    } catch (error) {
      await this.sessions.undoExpiry(expired._id);
      this.logger.error({ err: error, sessionId }, 'could not announce the expiry; undone');
      throw new ProblemError(503, ErrorCode.ServiceUnavailable, 'Service unavailable', 'The session could not be expired just now; retry.', undefined, { 'Retry-After': '1' });
    }
    this.logger.info({ sessionId }, 'session expired by the merchant');
    return sessionView(expired);
  }
}
