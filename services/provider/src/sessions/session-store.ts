import type { ProviderAttempt, RankedCandidate, RejectedProvider, SessionDocument } from '@checkout/contracts';

export interface CheckoutCreated {
  routing: { selectedProvider: string; score: number; candidates: RankedCandidate[]; rejected: RejectedProvider[] };
  provider: { name: string; reference: string };
  checkoutUrl: string;
  attempts: ProviderAttempt[];
}

export type ClosedStatus = 'COMPLETED' | 'FAILED' | 'EXPIRED';

/** The provider service's view of the `sessions` collection. */
export interface SessionStore {
  findByProviderReference(provider: string, reference: string): Promise<SessionDocument | null>;
  /** PENDING → `to`, atomically: the session if this call moved it, null if it was not PENDING. */
  closePending(sessionId: string, to: ClosedStatus): Promise<SessionDocument | null>;
  /** PENDING sessions whose expiresAt has passed, oldest first. */
  findOverdue(now: Date, limit: number): Promise<SessionDocument[]>;
  find(sessionId: string): Promise<SessionDocument | null>;
  /** PROCESSING → PENDING with the checkout; returns the session as it now stands. */
  markPending(sessionId: string, update: CheckoutCreated): Promise<SessionDocument | null>;
  /** PROCESSING → FAILED; returns the session as it now stands. */
  markFailed(
    sessionId: string,
    failure: { code: string; detail: string },
    attempts: ProviderAttempt[],
    routing: CheckoutCreated['routing'] | null,
  ): Promise<SessionDocument | null>;
}
