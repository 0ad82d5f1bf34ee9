import { ErrorCode, problem, UnreachableCaseError } from '@checkout/contracts';
import type { SessionError, SessionErrorCode } from '../sessions/session-errors';
import { ProblemError } from './problem-error';

function answerFor(code: SessionErrorCode): { status: number; title: string } {
  switch (code) {
    case ErrorCode.IdempotencyKeyMissing:
      return { status: 400, title: 'Idempotency-Key required' };
    case ErrorCode.IdempotencyKeyInvalid:
      return { status: 400, title: 'Invalid Idempotency-Key' };
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'Invalid request body' };
    case ErrorCode.TooManyDecimals:
    case ErrorCode.AmountMismatch:
    case ErrorCode.UnsupportedCurrency:
    case ErrorCode.InsecureRedirectUrl:
      return { status: 422, title: 'Request cannot be processed' };
    case ErrorCode.IdempotencyKeyReused:
      return { status: 422, title: 'Idempotency-Key reused' };
    case ErrorCode.RequestInProgress:
      return { status: 409, title: 'Request in progress' };
    case ErrorCode.SessionNotFound:
      return { status: 404, title: 'Session not found' };
    case ErrorCode.SessionNotPending:
      return { status: 409, title: 'Session not pending' };
    case ErrorCode.ServiceUnavailable:
      return { status: 503, title: 'Service unavailable' };
    default:
      throw new UnreachableCaseError(code);
  }
}

/** A session use case's refusal as its RFC 9457 answer. */
export function problemForSessionError(error: SessionError): ProblemError {
  const { status, title } = answerFor(error.code);
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) };
  return new ProblemError(problem(status, error.code, title, error.message, error.errors), headers);
}
