import { ErrorCode, type FieldError } from '@checkout/contracts';

/** The codes the session use cases refuse a request with; the HTTP layer gives each its status. */
export type SessionErrorCode =
  | ErrorCode.IdempotencyKeyMissing
  | ErrorCode.IdempotencyKeyInvalid
  | ErrorCode.ValidationFailed
  | ErrorCode.TooManyDecimals
  | ErrorCode.AmountMismatch
  | ErrorCode.UnsupportedCurrency
  | ErrorCode.InsecureRedirectUrl
  | ErrorCode.IdempotencyKeyReused
  | ErrorCode.RequestInProgress
  | ErrorCode.SessionNotFound
  | ErrorCode.SessionNotPending
  | ErrorCode.ServiceUnavailable;

/**
 * Why a session use case refused: the stable code merchants branch on, what to tell them, the
 * fields concerned, and when a retry may succeed. No HTTP here: http/session-problems.ts maps it.
 */
export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    detail: string,
    readonly errors?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}
