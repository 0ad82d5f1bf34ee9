/** How a call is retried: exponential backoff with full jitter, capped, and Retry-After honoured. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The first backoff; doubled each time. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

/** The wait before attempt `attempt + 1` (attempt counts from 1): Retry-After when the server gave one, else jittered backoff. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null, random: () => number = Math.random): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs * 4);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Answers worth sending the same request again for: a key in flight (a 409 with Retry-After),
 * rate limited, or a server-side failure. A 409 without Retry-After is a conflict with the
 * resource's state (a session no longer pending, an account still enabled): the same request
 * would get it again.
 */
export function isRetryableStatus(status: number, retryAfter: string | null = null): boolean {
  return (status === 409 && retryAfter !== null) || status === 429 || status >= 500;
}

/**
 * Whether the same call may be sent again after one that may have reached the server (no answer, a
 * 5xx): GET, PATCH and DELETE say the same thing twice; a POST only when it carries an
 * Idempotency-Key (sent unchanged on every try), else a second try could make a second endpoint or
 * rotate a secret twice. A 429 is always safe: the request was turned away before anything was done.
 */
export function maySendAgain(method: string, hasIdempotencyKey: boolean, status: number | null): boolean {
  if (status === 429) return true;
  return method !== 'POST' || hasIdempotencyKey;
}
