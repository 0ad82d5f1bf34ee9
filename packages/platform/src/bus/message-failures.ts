import { DependencyUnavailable } from '../dependency-unavailable';

/**
 * An error that fails every time its message is handled again (a move the state machine does not
 * have, a document the store refuses): the message is dead-lettered at once.
 */
export class PermanentFailure extends Error {}

/**
 * How a consumer's handler failed, which decides what becomes of its message:
 * - `transient`: a dependency cannot be reached; every message would fail alike, so the message is
 *   delivered again, with the bus's capped backoff, until the dependency is back (lag, not loss);
 * - `permanent`: it will fail every time: dead-lettered at once;
 * - `unknown`: anything else (a bug, a surprise): tried a few times, then dead-lettered.
 */
export type MessageFailureKind = 'transient' | 'permanent' | 'unknown';

export function messageFailureKind(error: unknown): MessageFailureKind {
  if (error instanceof DependencyUnavailable) return 'transient';
  if (error instanceof PermanentFailure) return 'permanent';
  return 'unknown';
}

/** How often a message whose handler fails for an unknown reason is tried before it is dead-lettered, and the waits between. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Five tries over about a second and a half: enough for a passing fault, short enough not to hold the partition (or the group's session). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 };

/** The wait after failed attempt `attempt` (from 1): doubling from baseDelayMs, capped. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
