import type { Customer, PaymentMethod, ProviderAttempt, RankedCandidate, RejectedProvider, SessionFailureCode, SessionStatus } from '@checkout/contracts';

export type { SessionStatus } from '@checkout/contracts';

export interface SessionRouting {
  selectedProvider: string;
  score: number;
  candidates: RankedCandidate[];
  rejected: RejectedProvider[];
}

export interface SessionFailure {
  code: SessionFailureCode;
  detail: string;
}

/** The payment the provider reported: its reference (Stripe PaymentIntent, Adyen pspReference, sandbox payment id) and when. */
export interface SessionPayment {
  reference: string | null;
  completedAt: Date;
}

/** One document per session in the `sessions` collection; `_id` is the sessionId. */
export interface SessionDocument {
  _id: string;
  applicationId: string;
  /** Test or live (the creating token's mode); absent on sessions from before modes, which are live: read it with isLive. */
  livemode?: boolean;
  idempotencyKeyHash: string;
  requestFingerprint: string;
  status: SessionStatus;
  orderReference: string;
  paymentMethod: PaymentMethod;
  currency: string;
  locale: string | null;
  amount: { totalMinor: number; shippingMinor: number; taxMinor: number };
  orderItems: { name: string; sku: string | null; quantity: number; unitPriceMinor: number }[];
  /** Null once erased (CUSTOMER_DATA_RETENTION_DAYS after the session closed, or at the merchant's request). */
  customer: Customer | null;
  /** When the customer's data (and additionalInformation) was erased; absent before. */
  customerErasedAt?: Date | null;
  /** False from the erasure until its SessionCustomerErased is published (the erasure's outbox mark). */
  customerErasureAnnounced?: boolean;
  /** Who asked: the merchant, or the retention period. */
  customerErasureReason?: ErasureReason;
  shipping: { type: string; method: string | null } | null;
  additionalInformation: Record<string, string | number | boolean>;
  redirectUrls: { success: string; failure: string };
  routing: SessionRouting | null;
  /** The provider, the account the checkout was opened with (absent on sessions from before accounts: the platform's), and its reference. */
  provider: { name: string; reference: string; accountId?: string } | null;
  checkoutUrl: string | null;
  attempts: ProviderAttempt[];
  failure: SessionFailure | null;
  /** Set on COMPLETED. With expiredAt also set, the payment came after the session expired (completed late). */
  payment: SessionPayment | null;
  /** When the session expired; kept when a late payment completes it afterwards. */
  expiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export const SESSIONS_COLLECTION = 'sessions';

/** Indexes of `sessions`, ensured at start-up by every service that stores sessions (creation is idempotent). */
export const SESSION_INDEXES = [
  { key: { applicationId: 1, idempotencyKeyHash: 1 }, name: 'application_idempotency_key', unique: true },
  { key: { status: 1, expiresAt: 1 }, name: 'status_expiry' },
  { key: { 'provider.name': 1, 'provider.reference': 1 }, name: 'provider_reference' },
  // GET /api/v1/sessions: an application's sessions, newest first.
  { key: { applicationId: 1, createdAt: -1, _id: -1 }, name: 'application_created' },
] as const;

/** Where a session may have its customer data erased: decided (not PROCESSING, whose checkout is still being opened). */
export const ERASABLE_STATUSES = ['PENDING', 'COMPLETED', 'FAILED', 'EXPIRED'] as const;
/** Closed for good: the retention period runs from the last change of these. */
export const RETAINED_STATUSES = ['COMPLETED', 'FAILED', 'EXPIRED'] as const;

/** What erasing a session's customer data leaves: amounts, status, references, routing, attempts; the shopper and the merchant's free-form data go. */
export function erasedCustomerData(at: Date, reason: ErasureReason): Pick<SessionDocument, 'customer' | 'additionalInformation' | 'customerErasedAt' | 'customerErasureAnnounced' | 'customerErasureReason'> {
  return { customer: null, additionalInformation: {}, customerErasedAt: at, customerErasureAnnounced: false, customerErasureReason: reason };
}

export type ErasureReason = 'merchant' | 'retention';

/** A session completed by a payment reported after it had expired. */
export function completedLate(session: Pick<SessionDocument, 'status' | 'expiredAt'>): boolean {
  return session.status === 'COMPLETED' && (session.expiredAt ?? null) !== null;
}
