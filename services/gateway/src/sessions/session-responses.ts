import { apiTime, ErrorCode, problem, UnreachableCaseError, type Problem, type SessionFailed, type SessionReady } from '@checkout/contracts';
import { outcomeOf, type SessionDocument } from '@checkout/sessions';
import type { StoredResponse } from '../idempotency/idempotency-store';

/** The 201 body of the seed: exactly these fields, in this order. */
export interface CreatedSessionBody {
  sessionId: string;
  checkoutUrl: string;
  status: 'PENDING';
  routing: { selectedProvider: string; score: number };
  expiresAt: string;
  createdAt: string;
}

export function createdResponse(ready: Pick<SessionReady, 'sessionId' | 'checkoutUrl' | 'provider' | 'score' | 'expiresAt' | 'createdAt'>): StoredResponse {
  const body: CreatedSessionBody = {
    sessionId: ready.sessionId,
    checkoutUrl: ready.checkoutUrl,
    status: 'PENDING',
    routing: { selectedProvider: ready.provider, score: ready.score },
    expiresAt: ready.expiresAt,
    createdAt: ready.createdAt,
  };
  return { status: 201, body };
}

export function failedResponse(failed: Pick<SessionFailed, 'sessionId' | 'code' | 'detail'>): StoredResponse {
  const body = failureProblem(failed.code, failed.detail);
  return { status: body.status, body: { ...body, sessionId: failed.sessionId } };
}

/** The API's error code for each way a session's creation fails. */
const FAILURE_ERRORS: { readonly [F in SessionFailed['code']]: ErrorCode } = {
  no_eligible_provider: ErrorCode.NoEligibleProvider,
  provider_unavailable: ErrorCode.ProviderUnavailable,
  // The routed session was not stored: our fault, never the merchant's.
  session_not_found: ErrorCode.Internal,
  // Its request was dead-lettered after repeated failures: ours too.
  processing_failed: ErrorCode.Internal,
};

function failureProblem(code: SessionFailed['code'], detail: string): Problem {
  return problem(FAILURE_ERRORS[code], detail);
}

/**
 * The answer a session's outcome gave, rebuilt from the stored session: the same fields the outcome
 * event was built from, so it is byte for byte what the merchant first received. Null while the
 * pipeline is still working on it.
 */
export function responseFor(session: SessionDocument): StoredResponse | null {
  const outcome = outcomeOf(session);
  switch (outcome?.kind) {
    case undefined:
      return null;
    case 'ready':
      return createdResponse({
        sessionId: session._id,
        checkoutUrl: outcome.checkoutUrl,
        provider: outcome.provider,
        score: outcome.score,
        expiresAt: apiTime(session.expiresAt),
        createdAt: apiTime(session.createdAt),
      });
    case 'failed':
      return failedResponse({ sessionId: session._id, code: outcome.code, detail: outcome.detail });
    default:
      throw new UnreachableCaseError(outcome);
  }
}

/** The 202 body while the pipeline is still working: the seed's fields, with what is known yet. */
export interface ProcessingBody {
  sessionId: string;
  checkoutUrl: null;
  status: 'PROCESSING';
  routing: null;
  expiresAt: string;
  createdAt: string;
}

export function processingBody(session: Pick<SessionDocument, '_id' | 'createdAt' | 'expiresAt'>): ProcessingBody {
  return {
    sessionId: session._id,
    checkoutUrl: null,
    status: 'PROCESSING',
    routing: null,
    expiresAt: apiTime(session.expiresAt),
    createdAt: apiTime(session.createdAt),
  };
}
