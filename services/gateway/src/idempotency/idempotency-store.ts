/** The answer to a create request, kept so that a replay gets it exactly as first sent (status and body). */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What is remembered for one (application, Idempotency-Key). */
export type IdempotencyRecord =
  | ProcessingRecord
  | { state: 'completed'; sessionId: string; fingerprint: string; response: StoredResponse };

/**
 * A request under way. `reservedAt` (epoch ms) lets the key's next retry tell a request whose
 * gateway died before its session was queued from one still in the pipeline; records written
 * before it existed have none and count as reserved long ago.
 */
export interface ProcessingRecord {
  state: 'processing';
  sessionId: string;
  fingerprint: string;
  reservedAt?: number;
}

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
  reserve(keyHash: string, record: ProcessingRecord): Promise<Reservation>;
  /**
   * Replaces a stale processing record with `next` only while the key still holds exactly `stale`
   * (same session and reservedAt): true for the one caller among any number that took it over.
   */
  takeOver(keyHash: string, stale: ProcessingRecord, next: ProcessingRecord): Promise<boolean>;
  /** Writes the record whatever was there (completion, or repair after Redis lost it). */
  save(keyHash: string, record: IdempotencyRecord): Promise<void>;
  /** Gives the key back, when a request that reserved it could not be accepted. */
  release(keyHash: string, sessionId: string): Promise<void>;
}
