/** The sandbox provider's own record of a checkout, as a real provider keeps one on its side. */
export interface SandboxCheckout {
  _id: string;
  idempotencyKey: string;
  orderReference: string;
  currency: string;
  totalMinor: number;
  successUrl: string;
  cancelUrl: string;
  status: 'open' | 'paid' | 'cancelled' | 'expired';
  createdAt: Date;
  expiresAt: Date;
}

/** Where the sandbox provider keeps its checkouts: one per idempotency key. */
export interface SandboxCheckouts {
  /** Stores the checkout, or returns the one already stored under its idempotency key. */
  createOnce(checkout: SandboxCheckout): Promise<SandboxCheckout>;
  find(id: string): Promise<SandboxCheckout | null>;
}

export const SANDBOX_CHECKOUTS_COLLECTION = 'sandbox_checkouts';
