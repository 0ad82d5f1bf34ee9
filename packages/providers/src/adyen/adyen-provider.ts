import { createHash } from 'node:crypto';
import { hmacValidator, HttpClientException, Types } from '@adyen/api-library';
import type { Address, PaymentMethod } from '@checkout/contracts';
import {
  callProvider,
  ProviderError,
  unanswered,
  WebhookSignatureError,
  type CheckCredentialsInput,
  type CreateCheckoutInput,
  type CreateCheckoutOutput,
  type ExpireCheckoutOutput,
  type ParseWebhookInput,
  type ParseWebhookOutput,
  type PaymentProvider,
  type ProviderFailure,
  type ShopperReturnInput,
  type ShopperReturnOutput,
  type WebhookNotice,
} from '../payment-provider';
import { fittingMetadata } from '../provider-metadata';
import { createAdyenPayments, type AdyenClientOptions, type AdyenPaymentsApi } from './adyen-client';

export interface AdyenOptions extends AdyenClientOptions {
  merchantAccount: string;
  /** Hex HMAC key of the webhook configuration in the Customer Area. */
  hmacKey: string;
  /** HMAC keys that still verify notifications for a while after the account's key was changed. */
  previousHmacKeys?: readonly string[];
}

type NotificationItem = Types.notification.NotificationRequestItem;

/** Adyen hosted checkout (`/sessions`, mode hosted) through the official library. */
export class AdyenProvider implements PaymentProvider {
  static readonly identifier = 'adyen';
  readonly id = AdyenProvider.identifier;
  readonly webhookAcknowledgement = '[accepted]';
  private readonly payments: AdyenPaymentsApi;
  private readonly hmac = new hmacValidator();
  readonly merchantAccount: string;

  constructor(private readonly options: AdyenOptions) {
    this.merchantAccount = options.merchantAccount;
    if (!options.apiKey) throw new Error('ADYEN_API_KEY is required');
    if (!options.merchantAccount) throw new Error('ADYEN_MERCHANT_ACCOUNT is required');
    if (!/^[0-9A-Fa-f]{64}$/.test(options.hmacKey)) throw new Error('ADYEN_HMAC_KEY must be the 64-hex-digit HMAC key of the webhook');
    this.payments = createAdyenPayments(options);
  }

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    // The library takes Node's request options: the signal aborts the request itself at the deadline.
    const session = await callProvider(
      this.id,
      input.budget,
      () => this.payments.sessions(adyenSessionRequest(input, this.options.merchantAccount), { idempotencyKey: adyenIdempotencyKey(input.sessionId), signal: input.budget.signal }),
      describeAdyenError,
    );
    if (!session.url) throw new ProviderError('invalid_request', 'no_checkout_url', `Adyen returned session ${session.id} without a url`);
    return { reference: session.id, checkoutUrl: session.url };
  }

  /**
   * Adyen sends every shopper back to one returnUrl, with its session id and `sessionResult`: the
   * result is read from Adyen (GET /sessions/{id}), never taken from the query. A payment completed
   * or still pending goes to the merchant's success page; refused, cancelled or expired to failure.
   */
  async readShopperReturn({ reference, query, budget }: ShopperReturnInput): Promise<ShopperReturnOutput> {
    const sessionResult = query.sessionResult;
    if (query.sessionId !== reference || !sessionResult) return { outcome: 'failed' };
    const result = await callProvider(this.id, budget, () => this.payments.getResultOfPaymentSession(reference, sessionResult, { signal: budget.signal }), describeAdyenError);
    const paid = result.status === Types.checkout.SessionResultResponse.StatusEnum.Completed || result.status === Types.checkout.SessionResultResponse.StatusEnum.PaymentPending;
    return { outcome: paid ? 'succeeded' : 'failed' };
  }

  async checkCredentials({ budget }: CheckCredentialsInput): Promise<void> {
    // POST /paymentMethods for the merchant account: refused (401, 403) unless the key may act for it; creates nothing.
    await callProvider(this.id, budget, () => this.payments.paymentMethods({ merchantAccount: this.options.merchantAccount }, { signal: budget.signal }), describeAdyenError);
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
    const keys = [this.options.hmacKey, ...(this.options.previousHmacKeys ?? [])];
    for (const item of items) {
      if (!item.additionalData?.hmacSignature || !keys.some((key) => this.hmac.validateHMAC(item, key))) {
        throw new WebhookSignatureError(`HMAC signature of notification ${item.pspReference} does not match`);
      }
    }
    const notices = items.flatMap((item): WebhookNotice[] => {
      if (item.eventCode !== 'AUTHORISATION' || !item.merchantReference) return [];
      // The HMAC covers merchantReference (our sessionId), the merchant account, amount and currency,
      // not additionalData: the session is found by what is signed, and the rest checked against it.
      const signed = {
        eventId: item.pspReference,
        providerReference: item.additionalData?.checkoutSessionId ?? '',
        sessionId: item.merchantReference,
        merchantAccount: item.merchantAccountCode,
        amount: { currency: item.amount.currency ?? '', valueMinor: item.amount.value ?? -1 },
      };
      const succeeded = String(item.success) === 'true';
      return [succeeded ? { ...signed, status: 'COMPLETED', paymentReference: item.pspReference } : { ...signed, status: 'FAILED' }];
    });
    return { notices };
  }
}

/** Adyen's session metadata: at most 20 pairs, keys of 20 characters, values of 80. */
const ADYEN_METADATA = { maxKeys: 20, maxKeyLength: 20, maxValueLength: 80 } as const;

/** Adyen's method names (docs.adyen.com/payment-methods) for each of ours: Afterpay is `clearpay` in the UK. */
function adyenMethods(method: PaymentMethod, country: string | null): string[] {
  switch (method) {
    case 'card':
      return ['scheme', 'applepay', 'googlepay'];
    case 'paypal':
      return ['paypal'];
    case 'klarna':
      return ['klarna', 'klarna_account', 'klarna_paynow'];
    case 'afterpay_clearpay':
      return [country === 'GB' ? 'clearpay' : 'afterpaytouch'];
  }
}

function adyenAddress(address: Address): Types.checkout.Address {
  return {
    street: address.line1,
    houseNumberOrName: address.line2 ?? '',
    city: address.city,
    postalCode: address.postalCode ?? '',
    ...(address.state ? { stateOrProvince: address.state } : {}),
    country: address.country,
  };
}

/**
 * The `/sessions` request for the whole order, in Adyen's shapes (docs.adyen.com/api-explorer/Checkout/latest/post/sessions):
 * exactly the method asked for, the shopper's name, email, phone, billing and delivery addresses,
 * the items with shipping and tax as lines, the locale, the merchant's metadata within Adyen's
 * limits, our sessionId as the payment reference and the order reference as the merchant's, the
 * return to our endpoint (which sends the shopper on to success or failure) and the expiry.
 */
export function adyenSessionRequest(input: CreateCheckoutInput, merchantAccount: string): Types.checkout.CreateCheckoutSessionRequest {
  const { shopper } = input;
  const lineItems: Types.checkout.LineItem[] = input.lineItems.map((item) => ({
    ...(item.sku ? { id: item.sku } : {}),
    description: item.name,
    quantity: item.quantity,
    amountIncludingTax: item.unitPriceMinor,
  }));
  if (input.shippingMinor > 0) lineItems.push({ id: 'shipping', description: input.shipping?.method ? `Shipping (${input.shipping.method})` : 'Shipping', quantity: 1, amountIncludingTax: input.shippingMinor });
  if (input.taxMinor > 0) lineItems.push({ id: 'tax', description: 'Tax', quantity: 1, amountIncludingTax: input.taxMinor });
  const country = shopper.billingAddress?.country ?? shopper.shippingAddress?.country ?? null;
  const references = { sessionId: input.sessionId, orderReference: input.orderReference };
  return {
    merchantAccount,
    amount: { currency: input.currency, value: input.totalMinor },
    reference: input.sessionId,
    merchantOrderReference: input.orderReference,
    returnUrl: input.returnUrl,
    mode: Types.checkout.CreateCheckoutSessionRequest.ModeEnum.Hosted,
    allowedPaymentMethods: adyenMethods(input.paymentMethod, country),
    lineItems,
    ...(country ? { countryCode: country } : {}),
    shopperEmail: shopper.email,
    shopperName: { firstName: shopper.firstName, lastName: shopper.lastName },
    ...(shopper.phone ? { telephoneNumber: shopper.phone } : {}),
    ...(shopper.billingAddress ? { billingAddress: adyenAddress(shopper.billingAddress) } : {}),
    ...(shopper.shippingAddress ? { deliveryAddress: { ...adyenAddress(shopper.shippingAddress), firstName: shopper.firstName, lastName: shopper.lastName } } : {}),
    ...(input.locale ? { shopperLocale: input.locale.replace('_', '-') } : {}),
    expiresAt: input.expiresAt,
    metadata: { ...fittingMetadata(input.metadata, ADYEN_METADATA, Object.keys(references).length), ...references },
  };
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
