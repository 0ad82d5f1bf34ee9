import Stripe from 'stripe';
import { ProviderError, timeoutError, WebhookSignatureError, withinBudget, type CallBudget, type CreateCheckoutInput, type CreateCheckoutOutput, type PaymentProvider, type WebhookNotice, type WebhookStatus } from '../payment-provider';
import { stripeLocale } from './stripe-locale';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
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

  async createCheckout(input: CreateCheckoutInput, budget: CallBudget): Promise<CreateCheckoutOutput> {
    const line = (name: string, unitAmount: number, quantity: number) => ({
      quantity,
      price_data: { currency: input.currency.toLowerCase(), unit_amount: unitAmount, product_data: { name } },
    });
    const lineItems = input.lineItems.map((item) => line(item.name, item.unitPriceMinor, item.quantity));
    if (lineItems.length === 0) lineItems.push(line(`Order ${input.orderReference}`, input.totalMinor - input.shippingMinor - input.taxMinor, 1));
    if (input.shippingMinor > 0) lineItems.push(line('Shipping', input.shippingMinor, 1));
    if (input.taxMinor > 0) lineItems.push(line('Tax', input.taxMinor, 1));
    try {
      const creating = this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lineItems,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          customer_email: input.customerEmail,
          locale: stripeLocale(input.locale) as Stripe.Checkout.SessionCreateParams.Locale,
          expires_at: Math.floor(input.expiresAt.getTime() / 1000),
          client_reference_id: input.orderReference,
          metadata: { sessionId: input.sessionId, orderReference: input.orderReference },
          payment_intent_data: { metadata: { sessionId: input.sessionId } },
        },
        { idempotencyKey: input.sessionId, timeout: budget.timeoutMs },
      );
      const session = await withinBudget(this.id, budget, creating);
      if (!session.url) throw new ProviderError('rejected', 'no_checkout_url', `Stripe returned session ${session.id} without a url`);
      return { reference: session.id, checkoutUrl: session.url };
    } catch (error) {
      throw isStripeTimeout(error) ? timeoutError(this.id, budget) : toProviderError(error);
    }
  }

  async expireCheckout(reference: string): Promise<void> {
    try {
      await this.stripe.checkout.sessions.expire(reference);
    } catch (error) {
      // Only an open session can be expired; one already complete or expired needs nothing more.
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) return;
      throw toProviderError(error);
    }
  }

  parseWebhook(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): WebhookNotice[] {
    const signature = headers['stripe-signature'];
    if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret, this.options.webhookToleranceSeconds);
    } catch (error) {
      throw new WebhookSignatureError((error as Error).message);
    }
    const status = STRIPE_EVENTS[event.type];
    if (!status) return [];
    const session = event.data.object as Stripe.Checkout.Session;
    // A completed session whose payment is still processing (bank debits) settles in a later event.
    if (event.type === 'checkout.session.completed' && session.payment_status === 'unpaid') return [];
    const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
    return [{ eventId: event.id, providerReference: session.id, status, ...(status === 'COMPLETED' ? { paymentReference: paymentIntent } : {}) }];
  }
}

const STRIPE_EVENTS: Partial<Record<string, WebhookStatus>> = {
  'checkout.session.completed': 'COMPLETED',
  'checkout.session.async_payment_succeeded': 'COMPLETED',
  'checkout.session.async_payment_failed': 'FAILED',
  'checkout.session.expired': 'EXPIRED',
};

/** The SDK's own timeout (the budget passed as its request timeout) fired before our signal did. */
function isStripeTimeout(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeConnectionError && (error.detail as { code?: string } | undefined)?.code === 'ETIMEDOUT';
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode;
    if (error instanceof Stripe.errors.StripeConnectionError || status === undefined) return new ProviderError('retryable', 'connection_error', error.message);
    if (status === 429) return new ProviderError('retryable', 'rate_limited', error.message);
    if (status >= 500) return new ProviderError('retryable', `http_${status}`, error.message);
    if (status === 401 || status === 403) return new ProviderError('retryable', 'provider_auth_failed', error.message);
    return new ProviderError('rejected', error.code ?? `http_${status}`, error.message);
  }
  return new ProviderError('retryable', 'connection_error', (error as Error).message);
}
