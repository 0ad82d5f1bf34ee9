import { ApiError, ErrorCode } from '@checkout/contracts';

/** The longest Idempotency-Key accepted (the IETF draft's and Stripe's 255). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The request's Idempotency-Key, required and 1 to 255 characters; `what` tells the caller what a key is for. */
export function checkIdempotencyKey(key: string | undefined, what: string): string {
  if (key === undefined) {
    throw new ApiError(ErrorCode.IdempotencyKeyMissing, `Send an Idempotency-Key header: ${what}.`, {
      errors: [{ pointer: '/headers/Idempotency-Key', detail: 'is required' }],
    });
  }
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError(ErrorCode.IdempotencyKeyInvalid, `The Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, got ${key.length}.`, {
      errors: [{ pointer: '/headers/Idempotency-Key', detail: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` }],
    });
  }
  return key;
}

/** The one answer to a key first used with another request (422); `what` names what that request did, when it helps. */
export function keyReused(what?: string): ApiError {
  return new ApiError(ErrorCode.IdempotencyKeyReused, `This Idempotency-Key was already used${what ? ` ${what}` : ''} with a different request body.`, {
    errors: [{ pointer: '/', detail: 'differs from the request first sent with this Idempotency-Key' }],
  });
}
