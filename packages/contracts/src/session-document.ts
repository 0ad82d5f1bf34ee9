import type { Customer } from './schemas/create-session-request';
import type { ProviderAttempt, RankedCandidate, RejectedProvider } from './schemas/events';

/** PROCESSING until a provider checkout exists (the API's 202 status); then the lifecycle states. */
export type SessionStatus = 'PROCESSING' | 'PENDING' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

/** An HTTP answer the idempotency layer replays exactly as first sent. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** One document per session in the `sessions` collection; `_id` is the sessionId. */
export interface SessionDocument {
  _id: string;
  applicationId: string;
  idempotencyKeyHash: string;
  requestFingerprint: string;
  status: SessionStatus;
  orderReference: string;
  paymentMethod: 'card';
  currency: string;
  locale: string | null;
  amount: { totalMinor: number; shippingMinor: number; taxMinor: number };
  orderItems: { name: string; sku: string | null; quantity: number; unitPriceMinor: number }[];
  customer: Customer;
  shipping: { type: string; method: string | null } | null;
  additionalInformation: Record<string, string | number | boolean>;
  redirectUrls: { success: string; failure: string };
  routing: { selectedProvider: string; score: number; candidates: RankedCandidate[]; rejected: RejectedProvider[] } | null;
  provider: { name: string; reference: string } | null;
  checkoutUrl: string | null;
  attempts: ProviderAttempt[];
  failure: { code: string; detail: string } | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export const SESSIONS_COLLECTION = 'sessions';

/** One claim per session leaving PENDING (`<sessionId>:leave-PENDING`), so that only one writer moves it. */
export const SESSION_TRANSITIONS_COLLECTION = 'session_transitions';

export function leavePendingClaimId(sessionId: string): string {
  return `${sessionId}:leave-PENDING`;
}

/** A claim older than this whose session is still PENDING belongs to a writer that died: finish its move. */
export const STALE_CLAIM_MS = 30_000;

/** Indexes every service that touches `sessions` ensures at start-up (creation is idempotent). */
export const SESSION_INDEXES = [
  { key: { applicationId: 1, idempotencyKeyHash: 1 }, name: 'application_idempotency_key', unique: true },
  { key: { status: 1, expiresAt: 1 }, name: 'status_expiry' },
] as const;

/** ISO 8601 UTC to the second, as the API shows times: 2024-01-15T11:00:00Z. */
export function apiTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
