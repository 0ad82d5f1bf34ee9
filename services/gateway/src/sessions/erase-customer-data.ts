import { ApiError, ErrorCode } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { sessionView, type CustomerDataErasure, type SessionStore } from '@checkout/sessions';
import type { Caller } from '../auth/caller';

/**
 * DELETE /api/v1/sessions/{id}/customer: the shopper's data (name, email, phone, addresses) and the
 * merchant's additionalInformation are erased now, at the merchant's request (a shopper's right to
 * erasure); amounts, status, references, routing and attempts stay. Audited as the merchant event
 * checkout.session.customer_erased. Asking again answers the same erased session.
 */
export class EraseCustomerData {
  constructor(
    private readonly sessions: SessionStore,
    private readonly erasure: CustomerDataErasure,
    private readonly logger: Logger,
  ) {}

  async execute(caller: Caller, sessionId: string) {
    const session = await this.sessions.findInScope(sessionId, caller);
    if (!session) throw new ApiError(ErrorCode.SessionNotFound, `No session ${sessionId} exists for this application.`);
    if (session.status === 'PROCESSING') {
      throw new ApiError(ErrorCode.SessionProcessing, `Session ${sessionId} is still PROCESSING: its customer data can be erased once it is decided.`, { retryAfterSeconds: 1 });
    }
    let erased;
    try {
      erased = await this.erasure.erase(session._id, 'merchant');
    } catch (error) {
      // The erasure is written; its audit event is not yet: asking again publishes it.
      this.logger.error({ err: error, sessionId }, 'customer data erased, but its audit event could not be published yet');
      throw new ApiError(ErrorCode.ServiceUnavailable, 'The customer data was erased, but the erasure could not be recorded as an event just now; send the request again.', { retryAfterSeconds: 1 });
    }
    if (!erased) throw new ApiError(ErrorCode.SessionNotFound, `No session ${sessionId} exists for this application.`);
    this.logger.info({ sessionId }, 'customer data erased at the merchant\'s request');
    return sessionView(erased);
  }
}
