import type { Address, ClosedStatus, PaymentMethod } from '@checkout/contracts';
import { DependencyUnavailable } from '@checkout/platform';

/** The shopper as the merchant described them: what each provider accepts of it is sent. */
export interface Shopper {
  firstName: string;
  lastName: string;
  email: string;
  /** E.164. */
  phone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
}

/** What a provider needs to open a hosted checkout: the whole order. Amounts in minor units. */
export interface CreateCheckoutInput {
  /** Our sessionId: also the provider-side idempotency key, so a retry never opens a second checkout. */
  sessionId: string;
  orderReference: string;
  /** Exactly the method the merchant asked for; the provider is asked for it alone. */
  paymentMethod: PaymentMethod;
  currency: string;
  totalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  lineItems: { name: string; sku: string | null; quantity: number; unitPriceMinor: number }[];
  shopper: Shopper;
  shipping: { type: string; method: string | null } | null;
  /** `en_AU`: each adapter turns it into its provider's format. */
  locale: string | null;
  /** The merchant's `additionalInformation`, as text: each adapter keeps what fits its provider's limits. */
  metadata: Record<string, string>;
  successUrl: string;
  failureUrl: string;
  /** Where a provider that sends every shopper back to one URL returns them: our return endpoint, which redirects on by the outcome. */
  returnUrl: string;
  expiresAt: Date;
  /** The call's deadline; a call past it fails as a `timeout` ProviderError. */
  budget: CallBudget;
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
  /** Our sessionId, where the provider signs it into the notification (Adyen's merchantReference): the session is found by it. */
  sessionId?: string;
  /** What the provider says was paid, where it signs it (Adyen): it must match the session's. */
  amount?: { currency: string; valueMinor: number };
  /** The provider-side account the notification is for, where it signs it (Adyen's merchantAccountCode). */
  merchantAccount?: string;
}

/**
 * How a provider call failed, which decides what happens next:
 * - `retryable`: the provider could not answer (timeout, 5xx, 429, connection): the next candidate is
 *   tried, and a redelivered event may ask again;
 * - `credentials`: the provider refused our credentials (401, 403): the next candidate is tried, but
 *   asking this account again cannot help;
 * - `invalid_request`: the provider refused the request itself (another 4xx): another provider would
 *   not change that;
 * - `unknown`: an answer none of these explains: treated as a failed attempt, and the next tried.
 */
export type ProviderFailureKind = 'retryable' | 'credentials' | 'invalid_request' | 'unknown';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    readonly code: string,
    message: string,
    /** The HTTP status the provider answered, when it did. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Whether a failed checkout creation moves on to the next candidate (all but a refused request). */
export function failsOver(error: ProviderError): boolean {
  return error.kind !== 'invalid_request';
}

/** What an adapter can tell of an SDK's error, for classifyProviderFailure. */
export interface ProviderFailure {
  message: string;
  /** The HTTP status the provider answered; undefined when none came back. */
  status?: number;
  /** The provider's own error code, already prefixed the way attempts record it; `http_<status>` when absent. */
  code?: string | null;
  /** The SDK's own request timeout fired (before our signal did). */
  timedOut?: boolean;
}

/** The one classifier of provider failures, shared by every adapter. */
export function classifyProviderFailure(failure: ProviderFailure): ProviderError {
  const { status, message } = failure;
  if (failure.timedOut) return new ProviderError('retryable', 'timeout', message);
  if (status === undefined) return new ProviderError('retryable', 'connection_error', message);
  if (status === 429) return new ProviderError('retryable', 'rate_limited', message, status);
  if (status >= 500) return new ProviderError('retryable', `http_${status}`, message, status);
  if (status === 401 || status === 403) return new ProviderError('credentials', 'credentials_rejected', message, status);
  if (status >= 400) return new ProviderError('invalid_request', failure.code ?? `http_${status}`, message, status);
  return new ProviderError('unknown', `http_${status}`, message, status);
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
async function withinBudget<T>(providerId: string, budget: CallBudget, work: Promise<T>): Promise<T> {
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

/**
 * One call to a provider within its budget: the SDK's error classified (`describe` says what the
 * adapter can tell of it), a `timeout` once the budget has passed, whatever the SDK does. A store of
 * ours that cannot be reached (DependencyUnavailable) is not the provider's failure: it goes through
 * as it is, for the caller to try again later rather than fail over or fail the session.
 */
export async function callProvider<T>(providerId: string, budget: CallBudget, work: () => Promise<T>, describe: (error: unknown) => ProviderFailure): Promise<T> {
  try {
    return await withinBudget(providerId, budget, work());
  } catch (error) {
    if (error instanceof ProviderError || error instanceof DependencyUnavailable) throw error;
    const failure = describe(error);
    if (budget.signal.aborted || failure.timedOut) throw timeoutError(providerId, budget);
    throw classifyProviderFailure(failure);
  }
}

/** What an adapter can tell of an error that is not its SDK's: nothing came back (some SDKs reject with plain objects that carry a message). */
export function unanswered(error: unknown): ProviderFailure {
  if (error instanceof Error) return { message: error.message };
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return { message: typeof message === 'string' ? message : 'no answer' };
}

/** The webhook's signature is missing, wrong or too old: nothing in it may be trusted. */
export class WebhookSignatureError extends Error {}

export interface ExpireCheckoutInput {
  /** The provider's reference of the checkout (as returned by createCheckout). */
  reference: string;
  budget: CallBudget;
}

/**
 * `closed`: the provider closed it now; `already_closed`: it was paid, expired or closed before;
 * `lapses`: the provider cannot close it early, and it lapses at its expiresAt, which is ours.
 */
export interface ExpireCheckoutOutput {
  result: 'closed' | 'already_closed' | 'lapses';
}

export interface ParseWebhookInput {
  /** The body exactly as received: the signature covers its bytes. */
  rawBody: Buffer;
  headers: Readonly<Record<string, string | undefined>>;
}

export interface ParseWebhookOutput {
  /** The notifications this system acts on, mapped to our statuses; events it does not act on are left out. */
  notices: WebhookNotice[];
}

export interface ShopperReturnInput {
  /** The provider's reference of the checkout. */
  reference: string;
  /** The query the provider sent the shopper back with. */
  query: Readonly<Record<string, string | undefined>>;
  budget: CallBudget;
}

/** Where the shopper goes on: `succeeded` (paid, or the payment is pending) to the success URL, `failed` to the failure URL. */
export interface ShopperReturnOutput {
  outcome: 'succeeded' | 'failed';
}

export interface CheckCredentialsInput {
  budget: CallBudget;
}

/** One adapter per provider; one verb per operation, each taking one input object and returning one output object; errors thrown as ProviderError. */
export interface PaymentProvider {
  readonly id: string;
  /** The body the provider expects in a webhook's 2xx answer. */
  readonly webhookAcknowledgement: string;
  /** The provider's own name of the account, where its notifications sign one (Adyen's merchant account). */
  readonly merchantAccount?: string;
  /** Opens the checkout within its budget. */
  createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput>;
  /** Closes the checkout at the provider, within its budget, so the shopper can no longer pay. */
  expireCheckout(input: ExpireCheckoutInput): Promise<ExpireCheckoutOutput>;
  /**
   * For a provider that sends every shopper back to one URL (`returnUrl`), whatever the payment came
   * to: reads the outcome from the provider. Providers that take both redirects do without it.
   */
  readShopperReturn?(input: ShopperReturnInput): Promise<ShopperReturnOutput>;
  /** Verifies the signature first, then maps each notification. Throws WebhookSignatureError when a signature does not hold. */
  parseWebhook(input: ParseWebhookInput): ParseWebhookOutput;
  /**
   * One read-only call with the account's credentials, so that credentials the provider refuses are
   * found when they are saved, not at a shopper's checkout: a `credentials` ProviderError then.
   */
  checkCredentials(input: CheckCredentialsInput): Promise<void>;
}
