import type { ClosedStatus } from '@checkout/contracts';

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
export type WebhookStatus = ClosedStatus;

export interface WebhookNotice {
  /** The provider's id of this notification, for logs and deduplication. */
  eventId: string;
  /** The provider's reference of the checkout (as returned by createCheckout). */
  providerReference: string;
  status: WebhookStatus;
  /** On COMPLETED: the provider's id of the payment (Stripe PaymentIntent, Adyen pspReference, the sandbox's payment id). */
  paymentReference?: string | null;
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

/**
 * The one deadline of one provider call: the catalog's timeout for that provider, handed to the SDK
 * as its request timeout, and as a signal that fires when it passes. Every adapter honours the
 * signal (withinBudget), so a call never outlives its budget whatever the SDK does.
 */
export interface CallBudget {
  timeoutMs: number;
  signal: AbortSignal;
}

export function callBudget(timeoutMs: number): CallBudget {
  return { timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
}

export function timeoutError(providerId: string, budget: CallBudget): ProviderError {
  return new ProviderError('retryable', 'timeout', `${providerId} did not answer within ${budget.timeoutMs} ms`);
}

/** `work`, or a `timeout` ProviderError as soon as the budget's signal fires. */
export async function withinBudget<T>(providerId: string, budget: CallBudget, work: Promise<T>): Promise<T> {
  if (budget.signal.aborted) throw timeoutError(providerId, budget);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(timeoutError(providerId, budget));
    budget.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    budget.signal.removeEventListener('abort', onAbort!);
  }
}

/** The webhook's signature is missing, wrong or too old: nothing in it may be trusted. */
export class WebhookSignatureError extends Error {}

/** One adapter per provider; one verb per operation, errors thrown as ProviderError. */
export interface PaymentProvider {
  readonly id: string;
  /** The body the provider expects in a webhook's 2xx answer. */
  readonly webhookAcknowledgement: string;
  /** Opens the checkout within `budget`; a call past it fails as a `timeout` ProviderError. */
  createCheckout(input: CreateCheckoutInput, budget: CallBudget): Promise<CreateCheckoutOutput>;
  /** Closes the checkout at the provider so the shopper can no longer pay; already closed is fine. */
  expireCheckout(reference: string): Promise<void>;
  /**
   * Verifies the signature first, then maps each notification to our status, leaving out events
   * this system does not act on. Throws WebhookSignatureError when a signature does not hold.
   */
  parseWebhook(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): WebhookNotice[];
}
