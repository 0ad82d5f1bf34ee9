import Stripe from 'stripe';
import type { PaymentMethod } from '@checkout/contracts';
import {
  callProvider,
  ProviderError,
  unanswered,
  WebhookSignatureError,
  type CallBudget,
  type CheckCredentialsInput,
  type CreateCheckoutInput,
  type CreateCheckoutOutput,
  type ExpireCheckoutInput,
  type ExpireCheckoutOutput,
  type ParseWebhookInput,
  type ParseWebhookOutput,
  type PaymentProvider,
  type ProviderFailure,
  type WebhookStatus,
} from '../payment-provider';
import { fittingMetadata } from '../provider-metadata';
import { stripeLocale } from './stripe-locale';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Secrets that still verify webhooks for a while after the account's secret was changed. */
  previousWebhookSecrets?: readonly string[];
  /** https://api.stripe.com in production; a stand-in in tests. */
  apiUrl: string;
  webhookToleranceSeconds: number;
}

/** Stripe Checkout in payment mode through the official SDK. */
export class StripeProvider implements PaymentProvider {
  static readonly identifier = 'stripe';
  readonly id = StripeProvider.identifier;
  readonly webhookAcknowledgement = '{"received":true}';
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeOptions) {
    if (!/^(sk|rk)_(test|live)_/.test(options.secretKey)) throw new Error('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)');
    if (!options.webhookSecret.startsWith('whsec_')) throw new Error('STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)');
    const url = new URL(options.apiUrl);
    this.stripe = new Stripe(options.secretKey, {
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      protocol: url.protocol.replace(':', '') as 'http' | 'https',
      // Failover to the next provider is our retry; the SDK must not hold the request longer.
      maxNetworkRetries: 0,
      appInfo: { name: 'checkout-orchestrator' },
    });
  }

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    const session = await this.call(input.budget, () => this.stripe.checkout.sessions.create(stripeCheckoutParams(input), { idempotencyKey: input.sessionId, timeout: input.budget.timeoutMs }));
    if (!session.url) throw new ProviderError('invalid_request', 'no_checkout_url', `Stripe returned session ${session.id} without a url`);
    return { reference: session.id, checkoutUrl: session.url };
  }

  async expireCheckout({ reference, budget }: ExpireCheckoutInput): Promise<ExpireCheckoutOutput> {
    try {
      await this.call(budget, () => this.stripe.checkout.sessions.expire(reference, undefined, { timeout: budget.timeoutMs }));
      return { result: 'closed' };
    } catch (error) {
      // Only an open session can be expired; one already complete or expired needs nothing more.
      if (error instanceof ProviderError && error.status === 400) return { result: 'already_closed' };
      throw error;
    }
  }

  async checkCredentials({ budget }: CheckCredentialsInput): Promise<void> {
    // GET /v1/balance: readable by every secret key, changes nothing.
    await this.call(budget, () => this.stripe.balance.retrieve(undefined, { timeout: budget.timeoutMs }));
  }

  private call<T>(budget: CallBudget, work: () => Promise<T>): Promise<T> {
    return callProvider(this.id, budget, work, describeStripeError);
  }

  parseWebhook({ rawBody, headers }: ParseWebhookInput): ParseWebhookOutput {
    const signature = headers['stripe-signature'];
    if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
    let event: Stripe.Event | undefined;
    let problem = '';
    for (const secret of [this.options.webhookSecret, ...(this.options.previousWebhookSecrets ?? [])]) {
      try {
        event = this.stripe.webhooks.constructEvent(rawBody, signature, secret, this.options.webhookToleranceSeconds);
        break;
      } catch (error) {
        problem ||= (error as Error).message;
      }
    }
    if (!event) throw new WebhookSignatureError(problem);
    const status = STRIPE_EVENTS[event.type];
    if (!status) return { notices: [] };
    const session = event.data.object as Stripe.Checkout.Session;
    // A completed session whose payment is still processing (bank debits) settles in a later event.
    if (event.type === 'checkout.session.completed' && session.payment_status === 'unpaid') return { notices: [] };
    const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
    return { notices: [{ eventId: event.id, providerReference: session.id, status, ...(status === 'COMPLETED' ? { paymentReference: paymentIntent } : {}) }] };
  }
}

/** Stripe's metadata: at most 50 keys of 40 characters (no square brackets), values of 500. */
const STRIPE_METADATA = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/**
 * The Checkout Session for the whole order, in Stripe's shapes (docs.stripe.com/api/checkout/sessions/create):
 * exactly the method asked for, the items with shipping and tax as lines, the shopper's email and
 * locale, the shipping address and phone on the PaymentIntent, the merchant's metadata within
 * Stripe's limits, both redirects and the session's expiry. Stripe takes no billing address here
 * (Checkout asks the shopper); what does not fit is left out, never failing the session.
 */
export function stripeCheckoutParams(input: CreateCheckoutInput): Stripe.Checkout.SessionCreateParams {
  const line = (name: string, unitAmount: number, quantity: number) => ({
    quantity,
    price_data: { currency: input.currency.toLowerCase(), unit_amount: unitAmount, product_data: { name } },
  });
  const lineItems = input.lineItems.map((item) => line(item.name, item.unitPriceMinor, item.quantity));
  if (lineItems.length === 0) lineItems.push(line(`Order ${input.orderReference}`, input.totalMinor - input.shippingMinor - input.taxMinor, 1));
  if (input.shippingMinor > 0) lineItems.push(line(input.shipping?.method ? `Shipping (${input.shipping.method})` : 'Shipping', input.shippingMinor, 1));
  if (input.taxMinor > 0) lineItems.push(line('Tax', input.taxMinor, 1));
  const references = { sessionId: input.sessionId, orderReference: input.orderReference };
  const { shopper } = input;
  const shippingAddress = shopper.shippingAddress;
  return {
    mode: 'payment',
    // Stripe's API (2026-10-28) filters the methods Checkout may show with this list; ours has one.
    allowed_payment_method_types: [STRIPE_METHOD_TYPES[input.paymentMethod]],
    line_items: lineItems,
    success_url: input.successUrl,
    cancel_url: input.failureUrl,
    customer_email: shopper.email,
    locale: stripeLocale(input.locale) as Stripe.Checkout.SessionCreateParams.Locale,
    expires_at: Math.floor(input.expiresAt.getTime() / 1000),
    client_reference_id: input.orderReference,
    metadata: { ...fittingMetadata(input.metadata, STRIPE_METADATA, Object.keys(references).length), ...references },
    payment_intent_data: {
      metadata: references,
      ...(shippingAddress
        ? {
            shipping: {
              name: `${shopper.firstName} ${shopper.lastName}`,
              ...(shopper.phone ? { phone: shopper.phone } : {}),
              address: {
                line1: shippingAddress.line1,
                ...(shippingAddress.line2 ? { line2: shippingAddress.line2 } : {}),
                city: shippingAddress.city,
                ...(shippingAddress.state ? { state: shippingAddress.state } : {}),
                ...(shippingAddress.postalCode ? { postal_code: shippingAddress.postalCode } : {}),
                country: shippingAddress.country,
              },
            },
          }
        : {}),
    },
  };
}

/** Our methods by Stripe's names; `card` brings Apple Pay and Google Pay where Checkout shows them. */
const STRIPE_METHOD_TYPES: Record<PaymentMethod, Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType> = {
  card: 'card',
  paypal: 'paypal',
  klarna: 'klarna',
  afterpay_clearpay: 'afterpay_clearpay',
};

const STRIPE_EVENTS: Partial<Record<string, WebhookStatus>> = {
  'checkout.session.completed': 'COMPLETED',
  'checkout.session.async_payment_succeeded': 'COMPLETED',
  'checkout.session.async_payment_failed': 'FAILED',
  'checkout.session.expired': 'EXPIRED',
};

/** What the Stripe SDK's error says: its status and code, or that its own timeout (the budget) fired. */
function describeStripeError(error: unknown): ProviderFailure {
  if (!(error instanceof Stripe.errors.StripeError)) return unanswered(error);
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return { message: error.message, timedOut: (error.detail as { code?: string } | undefined)?.code === 'ETIMEDOUT' };
  }
  return { message: error.message, status: error.statusCode, code: error.code ?? null };
}
