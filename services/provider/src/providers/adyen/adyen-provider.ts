import { createHash } from 'node:crypto';
import { hmacValidator, HttpClientException, Types } from '@adyen/api-library';
import { ProviderError, timeoutError, WebhookSignatureError, withinBudget, type CallBudget, type CreateCheckoutInput, type CreateCheckoutOutput, type PaymentProvider, type WebhookNotice } from '../payment-provider';
import { createAdyenPayments, type AdyenClientOptions, type AdyenPaymentsApi } from './adyen-client';

export interface AdyenOptions extends AdyenClientOptions {
  merchantAccount: string;
  /** Hex HMAC key of the webhook configuration in the Customer Area. */
  hmacKey: string;
}

type NotificationItem = Types.notification.NotificationRequestItem;

/** Adyen hosted checkout (`/sessions`, mode hosted) through the official library. */
export class AdyenProvider implements PaymentProvider {
  static readonly identifier = 'adyen';
  readonly id = AdyenProvider.identifier;
  readonly webhookAcknowledgement = '[accepted]';
  private readonly payments: AdyenPaymentsApi;
  private readonly hmac = new hmacValidator();

  constructor(private readonly options: AdyenOptions) {
    if (!options.apiKey) throw new Error('ADYEN_API_KEY is required');
    if (!options.merchantAccount) throw new Error('ADYEN_MERCHANT_ACCOUNT is required');
    if (!/^[0-9A-Fa-f]{64}$/.test(options.hmacKey)) throw new Error('ADYEN_HMAC_KEY must be the 64-hex-digit HMAC key of the webhook');
    this.payments = createAdyenPayments(options);
  }

  async createCheckout(input: CreateCheckoutInput, budget: CallBudget): Promise<CreateCheckoutOutput> {
    const lineItems: Types.checkout.LineItem[] = input.lineItems.map((item) => ({
      id: item.sku ?? undefined,
      description: item.name,
      quantity: item.quantity,
      amountIncludingTax: item.unitPriceMinor,
    }));
    if (input.shippingMinor > 0) lineItems.push({ id: 'shipping', description: 'Shipping', quantity: 1, amountIncludingTax: input.shippingMinor });
    if (input.taxMinor > 0) lineItems.push({ id: 'tax', description: 'Tax', quantity: 1, amountIncludingTax: input.taxMinor });
    try {
      // The library takes Node's request options: the signal aborts the request itself at the deadline.
      const creating = this.payments.sessions(
        {
          merchantAccount: this.options.merchantAccount,
          amount: { currency: input.currency, value: input.totalMinor },
          reference: input.orderReference,
          returnUrl: input.successUrl,
          mode: Types.checkout.CreateCheckoutSessionRequest.ModeEnum.Hosted,
          lineItems,
          countryCode: input.billingCountry ?? undefined,
          shopperEmail: input.customerEmail,
          shopperLocale: input.locale ?? undefined,
          expiresAt: input.expiresAt,
          metadata: { sessionId: input.sessionId },
        },
        { idempotencyKey: adyenIdempotencyKey(input.sessionId), signal: budget.signal },
      );
      const session = await withinBudget(this.id, budget, creating);
      if (!session.url) throw new ProviderError('rejected', 'no_checkout_url', `Adyen returned session ${session.id} without a url`);
      return { reference: session.id, checkoutUrl: session.url };
    } catch (error) {
      throw budget.signal.aborted ? timeoutError(this.id, budget) : toProviderError(error);
    }
  }

  /** Adyen's hosted sessions cannot be closed early: they lapse at their expiresAt, which is ours. */
  async expireCheckout(): Promise<void> {}

  parseWebhook(rawBody: Buffer): WebhookNotice[] {
    let items: NotificationItem[];
    try {
      const body = JSON.parse(rawBody.toString('utf8')) as { notificationItems?: { NotificationRequestItem: NotificationItem }[] };
      items = (body.notificationItems ?? []).map((wrapper) => wrapper.NotificationRequestItem);
    } catch {
      throw new WebhookSignatureError('the notification is not JSON');
    }
    if (items.length === 0) throw new WebhookSignatureError('the notification has no items');
    for (const item of items) {
      if (!item.additionalData?.hmacSignature || !this.hmac.validateHMAC(item, this.options.hmacKey)) {
        throw new WebhookSignatureError(`HMAC signature of notification ${item.pspReference} does not match`);
      }
    }
    return items.flatMap((item) => {
      const sessionId = item.additionalData?.checkoutSessionId;
      if (item.eventCode !== 'AUTHORISATION' || !sessionId) return [];
      const succeeded = String(item.success) === 'true';
      return [
        succeeded
          ? { eventId: item.pspReference, providerReference: sessionId, status: 'COMPLETED' as const, paymentReference: item.pspReference }
          : { eventId: item.pspReference, providerReference: sessionId, status: 'FAILED' as const },
      ];
    });
  }
}

/** Adyen accepts idempotency keys of at most 64 characters; ours is a hash of the sessionId. */
export function adyenIdempotencyKey(sessionId: string): string {
  return `checkout-${createHash('sha256').update(sessionId).digest('hex').slice(0, 48)}`;
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof HttpClientException && error.statusCode) {
    const status = error.statusCode;
    if (status === 429) return new ProviderError('retryable', 'rate_limited', error.message);
    if (status >= 500) return new ProviderError('retryable', `http_${status}`, error.message);
    if (status === 401 || status === 403) return new ProviderError('retryable', 'provider_auth_failed', error.message);
    return new ProviderError('rejected', error.errorCode ? `adyen_${error.errorCode}` : `http_${status}`, error.message);
  }
  return new ProviderError('retryable', 'connection_error', (error as Error).message);
}
