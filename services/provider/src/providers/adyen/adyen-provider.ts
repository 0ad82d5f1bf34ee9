import { createHash } from 'node:crypto';
import { hmacValidator, HttpClientException, Types } from '@adyen/api-library';
import {
  callProvider,
  ProviderError,
  unanswered,
  WebhookSignatureError,
  type CreateCheckoutInput,
  type CreateCheckoutOutput,
  type ExpireCheckoutOutput,
  type ParseWebhookInput,
  type ParseWebhookOutput,
  type PaymentProvider,
  type ProviderFailure,
  type WebhookNotice,
} from '../payment-provider';
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

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    const lineItems: Types.checkout.LineItem[] = input.lineItems.map((item) => ({
      id: item.sku ?? undefined,
      description: item.name,
      quantity: item.quantity,
      amountIncludingTax: item.unitPriceMinor,
    }));
    if (input.shippingMinor > 0) lineItems.push({ id: 'shipping', description: 'Shipping', quantity: 1, amountIncludingTax: input.shippingMinor });
    if (input.taxMinor > 0) lineItems.push({ id: 'tax', description: 'Tax', quantity: 1, amountIncludingTax: input.taxMinor });
    // The library takes Node's request options: the signal aborts the request itself at the deadline.
    const session = await callProvider(this.id, input.budget, () =>
      this.payments.sessions(
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
        { idempotencyKey: adyenIdempotencyKey(input.sessionId), signal: input.budget.signal },
      ),
      describeAdyenError,
    );
    if (!session.url) throw new ProviderError('invalid_request', 'no_checkout_url', `Adyen returned session ${session.id} without a url`);
    return { reference: session.id, checkoutUrl: session.url };
  }

  /** Adyen's hosted sessions cannot be closed early: they lapse at their expiresAt, which is ours. */
  async expireCheckout(): Promise<ExpireCheckoutOutput> {
    return { result: 'lapses' };
  }

  parseWebhook({ rawBody }: ParseWebhookInput): ParseWebhookOutput {
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
    const notices = items.flatMap((item): WebhookNotice[] => {
      const sessionId = item.additionalData?.checkoutSessionId;
      if (item.eventCode !== 'AUTHORISATION' || !sessionId) return [];
      const succeeded = String(item.success) === 'true';
      return [
        succeeded
          ? { eventId: item.pspReference, providerReference: sessionId, status: 'COMPLETED', paymentReference: item.pspReference }
          : { eventId: item.pspReference, providerReference: sessionId, status: 'FAILED' },
      ];
    });
    return { notices };
  }
}

/** Adyen accepts idempotency keys of at most 64 characters; ours is a hash of the sessionId. */
export function adyenIdempotencyKey(sessionId: string): string {
  return `checkout-${createHash('sha256').update(sessionId).digest('hex').slice(0, 48)}`;
}

/** What the Adyen library's error says: the HTTP status and Adyen's error code, when it answered. */
function describeAdyenError(error: unknown): ProviderFailure {
  if (!(error instanceof HttpClientException) || !error.statusCode) return unanswered(error);
  return { message: error.message, status: error.statusCode, code: error.errorCode ? `adyen_${error.errorCode}` : null };
}
