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

/** Our lifecycle states a provider's webhook can move a session to. */
export type WebhookStatus = 'COMPLETED' | 'FAILED' | 'EXPIRED';

export interface WebhookNotice {
  /** The provider's id of this notification, for logs and deduplication. */
  eventId: string;
  /** The provider's reference of the checkout (as returned by createCheckout). */
  providerReference: string;
  status: WebhookStatus;
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

/** The webhook's signature is missing, wrong or too old: nothing in it may be trusted. */
export class WebhookSignatureError extends Error {}

/** One adapter per provider; one verb per operation, errors thrown as ProviderError. */
export interface PaymentProvider {
  readonly id: string;
  /** The body the provider expects in a webhook's 2xx answer. */
  readonly webhookAcknowledgement: string;
  createCheckout(input: CreateCheckoutInput, signal: AbortSignal): Promise<CreateCheckoutOutput>;
  /** Closes the checkout at the provider so the shopper can no longer pay; already closed is fine. */
  expireCheckout(reference: string): Promise<void>;
  /**
   * Verifies the signature first, then maps each notification to our status, leaving out events
   * this system does not act on. Throws WebhookSignatureError when a signature does not hold.
   */
  parseWebhook(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): WebhookNotice[];
}
