/** What a provider needs to open a hosted checkout. Amounts in minor units. */
export interface CreateCheckoutInput {
  /** Our sessionId: also the provider-side idempotency key, so a retry never opens a second checkout. */
  sessionId: string;
  orderReference: string;
  currency: string;
  totalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  lineItems: { name: string; sku: string | null; quantity: number; unitPriceMinor: number }[];
  customerEmail: string;
  locale: string | null;
  billingCountry: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
}

export interface CreateCheckoutOutput {
  reference: string;
  checkoutUrl: string;
}

/**
 * `retryable`: the provider could not answer (timeout, 5xx, 429, connection): try the next one.
 * `rejected`: the provider refused our request (4xx): another provider would not change that.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'retryable' | 'rejected',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One adapter per provider; one verb per operation, errors thrown as ProviderError. */
export interface PaymentProvider {
  readonly id: string;
  createCheckout(input: CreateCheckoutInput, signal: AbortSignal): Promise<CreateCheckoutOutput>;
}
