import type { PaymentMethod } from '@checkout/contracts';

/** The sandbox provider's own record of a checkout, as a real provider keeps one on its side. */
export interface SandboxCheckout {
  _id: string;
  idempotencyKey: string;
  orderReference: string;
  /** The method the shopper was asked to pay with (absent on checkouts stored before it was recorded: card). */
  paymentMethod?: PaymentMethod;
  currency: string;
  totalMinor: number;
  successUrl: string;
  cancelUrl: string;
  status: SandboxCheckoutStatus;
  createdAt: Date;
  expiresAt: Date;
}

export type SandboxCheckoutStatus = 'open' | 'paid' | 'declined' | 'expired';

/** Where the sandbox provider keeps its checkouts: one per idempotency key. */
export interface SandboxCheckouts {
  /** Stores the checkout, or returns the one already stored under its idempotency key. */
  createOnce(checkout: SandboxCheckout): Promise<SandboxCheckout>;
  find(id: string): Promise<SandboxCheckout | null>;
  /** Moves an open checkout to `status`; returns whether it moved (false: not open any more). */
  close(id: string, status: Exclude<SandboxCheckoutStatus, 'open'>): Promise<boolean>;
}

export const SANDBOX_CHECKOUTS_COLLECTION = 'sandbox_checkouts';
