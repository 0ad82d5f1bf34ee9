/** The answer to a create request, kept so that a replay gets it exactly as first sent (status and body). */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What is remembered for one (application, Idempotency-Key). */
export type IdempotencyRecord =
  | { state: 'processing'; sessionId: string; fingerprint: string }
  | { state: 'completed'; sessionId: string; fingerprint: string; response: StoredResponse };

export type Reservation = { reserved: true } | { reserved: false; existing: IdempotencyRecord };

import { DependencyUnavailable } from '@checkout/platform';

/** The store cannot be reached (not: it has forgotten a key, which MongoDB's unique index covers). */
export class IdempotencyStoreUnavailable extends DependencyUnavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super('Redis', message, options);
  }
}

/**
 * The fast path of idempotency. MongoDB's unique index is the guard behind it. Every method throws
 * IdempotencyStoreUnavailable when the store cannot be reached.
 */
export interface IdempotencyStore {
  /** Atomically claims the key for this request, or returns what already holds it. */
  reserve(keyHash: string, record: IdempotencyRecord & { state: 'processing' }): Promise<Reservation>;
  /** Writes the record whatever was there (completion, or repair after Redis lost it). */
  save(keyHash: string, record: IdempotencyRecord): Promise<void>;
  /** Gives the key back, when a request that reserved it could not be accepted. */
  release(keyHash: string, sessionId: string): Promise<void>;
}
