import type { PaymentMethod } from '@checkout/contracts';

/** A sandbox checkout as its hosted page shows it and acts on it. */
export interface SandboxCheckout {
  /** `sbx_<24 hex>`, derived from our sessionId (its idempotency key): one checkout per session. */
  _id: string;
  orderReference: string;
  /** The method the shopper is asked to pay with (absent on checkouts stored before it was recorded: card). */
  paymentMethod?: PaymentMethod;
  currency: string;
  totalMinor: number;
  successUrl: string;
  cancelUrl: string;
  status: SandboxCheckoutStatus;
  expiresAt: Date;
}

export type SandboxCheckoutStatus = 'open' | 'paid' | 'declined' | 'expired';
export type SandboxClosedStatus = Exclude<SandboxCheckoutStatus, 'open'>;

/**
 * What the sandbox stores of a checkout. An open checkout is not stored at all: its page's data travel
 * sealed in its URL (`checkout-link.ts`), so opening one costs no write. A checkout is stored once it
 * closes, as `{ _id, status, closedAt }`. Checkouts opened by versions before that were stored whole
 * when opened (`status: 'open'` and the page's fields); they are still read and closed.
 */
export interface StoredSandboxCheckout {
  _id: string;
  status: SandboxCheckoutStatus;
  closedAt?: Date;
  /** Only on checkouts stored whole when opened (earlier versions). */
  legacy?: Omit<SandboxCheckout, '_id' | 'status'>;
}

/** Where the sandbox keeps its closed checkouts (and reads the whole ones earlier versions stored). */
export interface SandboxCheckouts {
  find(id: string): Promise<StoredSandboxCheckout | null>;
  /** Records an open checkout as closed with `status`; returns whether it closed now (false: it was closed before). */
  close(id: string, status: SandboxClosedStatus): Promise<boolean>;
}

export const SANDBOX_CHECKOUTS_COLLECTION = 'sandbox_checkouts';
