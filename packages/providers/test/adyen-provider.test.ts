import { expect } from 'chai';
import { hmacValidator, type Types } from '@adyen/api-library';
import { AdyenProvider, adyenIdempotencyKey } from '../src/adyen/adyen-provider';
import { ADYEN_LIVE_CHECKOUT_URL, buildProvider, modeOf } from '../src/build-providers';
import { callBudget, ProviderError, WebhookSignatureError } from '../src/payment-provider';
import { AdyenStandIn, loopbackCertificate } from '../../../test/support/adyen-stand-in';
import { checkoutInput } from './checkout-input';
import { rejection } from '../../../test/support/rejection';

const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

const providerError = (promise: Promise<unknown>) => rejection(promise, ProviderError);
// Room for the SDK's own retry of a dropped connection; the timeout cases get a short budget of their own.
const budget = () => callBudget(5000);

describe('AdyenProvider (official library against the Adyen stand-in, over HTTPS)', function () {
  this.timeout(20_000);
  const standIn = new AdyenStandIn();
  let adyen: AdyenProvider;
  let url = '';
  const certificate = loopbackCertificate();

  before(async () => {
    url = await standIn.start(certificate);
    adyen = new AdyenProvider({
      apiKey: 'AQE_test_api_key',
      merchantAccount: 'CheckoutECOM',
      hmacKey: HMAC_KEY,
      environment: 'TEST',
      checkoutUrl: `${url}/v72`,
      caFile: certificate.certFile,
    });
  });
  afterEach(() => standIn.recover());
  after(() => standIn.stop());

  describe('createCheckout', () => {
    it("should send the whole order as a hosted session, in Adyen's shapes, field by field", async () => {
      const created = await adyen.createCheckout(checkoutInput({ budget: budget() }));
      const { expiresAt, ...body } = standIn.lastSessionRequest();
      // docs.adyen.com/api-explorer/Checkout/latest/post/sessions: every field we send, and nothing else.
      const address = { street: '123 Collins Street', houseNumberOrName: 'Level 5', city: 'Melbourne', postalCode: '3000', stateOrProvince: 'VIC', country: 'AU' };
      expect(body).to.deep.equal({
        merchantAccount: 'CheckoutECOM',
        amount: { currency: 'AUD', value: 14076 },
        reference: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        merchantOrderReference: 'ORD-2024-001',
        returnUrl: 'https://checkout.example.com/return/adyen/e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        mode: 'hosted',
        allowedPaymentMethods: ['scheme', 'applepay', 'googlepay'],
        lineItems: [
          { id: 'WH-100', description: 'Wireless Headphones', quantity: 1, amountIncludingTax: 11900 },
          { id: 'shipping', description: 'Shipping (aus_post)', quantity: 1, amountIncludingTax: 995 },
          { id: 'tax', description: 'Tax', quantity: 1, amountIncludingTax: 1181 },
        ],
        countryCode: 'AU',
        shopperEmail: 'jane.smith@example.com',
        shopperName: { firstName: 'Jane', lastName: 'Smith' },
        telephoneNumber: '+61412345678',
        billingAddress: address,
        deliveryAddress: { ...address, firstName: 'Jane', lastName: 'Smith' },
        shopperLocale: 'en-AU',
        metadata: { campaignId: 'summer-sale-2024', referralCode: 'REF-ABC', sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', orderReference: 'ORD-2024-001' },
      });
      expect(Date.parse(expiresAt)).to.equal(Date.parse('2030-01-15T12:00:00Z'));
      const request = standIn.requests.at(-1)!;
      expect(request.headers['x-api-key']).to.equal('AQE_test_api_key');
      expect(request.headers['idempotency-key']).to.equal(adyenIdempotencyKey('e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9'));
      expect(String(request.headers['idempotency-key']).length).to.be.at.most(64);
      expect(created.reference).to.match(/^CS[0-9A-F]+$/);
      expect(created.checkoutUrl).to.match(new RegExp(`/checkoutshopper/checkout/session\\?id=${created.reference}$`));
    });

    it("should send a paypal, klarna or afterpay session the same way, asking for exactly that method by Adyen's names (clearpay in the UK)", async () => {
      const asked = async (paymentMethod: 'paypal' | 'klarna' | 'afterpay_clearpay', country = 'AU') => {
        const address = { line1: '1 High Street', city: 'London', country };
        await adyen.createCheckout(checkoutInput({ sessionId: `${paymentMethod}-${country}`, paymentMethod, shopper: { ...checkoutInput().shopper, billingAddress: address, shippingAddress: address }, budget: budget() }));
        return standIn.lastSessionRequest().allowedPaymentMethods;
      };
      await adyen.createCheckout(checkoutInput({ sessionId: 'method-card', budget: budget() }));
      const { expiresAt: _cardExpiry, ...card } = standIn.lastSessionRequest();
      for (const [method, names] of [['paypal', ['paypal']], ['klarna', ['klarna', 'klarna_account', 'klarna_paynow']], ['afterpay_clearpay', ['afterpaytouch']]] as const) {
        await adyen.createCheckout(checkoutInput({ sessionId: `method-${method}`, paymentMethod: method, budget: budget() }));
        const { expiresAt: _expiry, ...sent } = standIn.lastSessionRequest();
        const sessionId = `method-${method}`;
        expect(sent, method).to.deep.equal({ ...card, allowedPaymentMethods: names, reference: sessionId, metadata: { ...card.metadata, sessionId } });
      }
      expect(await asked('paypal')).to.deep.equal(['paypal']);
      expect(await asked('klarna')).to.deep.equal(['klarna', 'klarna_account', 'klarna_paynow']);
      expect(await asked('afterpay_clearpay')).to.deep.equal(['afterpaytouch']);
      expect(await asked('afterpay_clearpay', 'GB')).to.deep.equal(['clearpay']);
      expect(standIn.lastSessionRequest().billingAddress).to.deep.equal({ street: '1 High Street', houseNumberOrName: '', city: 'London', postalCode: '', country: 'GB' });
    });

    it("should leave out metadata Adyen cannot take (keys over 20 characters, values over 80), and what the shopper did not give", async () => {
      await adyen.createCheckout(
        checkoutInput({
          sessionId: 'sparse',
          metadata: { aVeryLongMetadataKeyName: 'x', long: 'v'.repeat(81), kept: 'yes' },
          shopper: { firstName: 'Jane', lastName: 'Smith', email: 'jane@example.com', phone: null, billingAddress: null, shippingAddress: null },
          locale: null,
          budget: budget(),
        }),
      );
      const body = standIn.lastSessionRequest();
      expect(body.metadata).to.deep.equal({ kept: 'yes', sessionId: 'sparse', orderReference: 'ORD-2024-001' });
      for (const absent of ['telephoneNumber', 'billingAddress', 'deliveryAddress', 'countryCode', 'shopperLocale']) expect(body, absent).not.to.have.property(absent);
    });

    it('should send JPY and KWD amounts in their own minor units', async () => {
      await adyen.createCheckout(checkoutInput({ sessionId: 'jpy', currency: 'JPY', totalMinor: 15000, shippingMinor: 0, taxMinor: 0, lineItems: [{ name: 'Tea', sku: null, quantity: 3, unitPriceMinor: 5000 }], budget: budget() }));
      expect(standIn.lastSessionRequest().amount).to.deep.equal({ currency: 'JPY', value: 15000 });
      await adyen.createCheckout(checkoutInput({ sessionId: 'kwd', currency: 'KWD', totalMinor: 12345, shippingMinor: 0, taxMinor: 0, lineItems: [{ name: 'Oud', sku: null, quantity: 1, unitPriceMinor: 12345 }], budget: budget() }));
      expect(standIn.lastSessionRequest().amount).to.deep.equal({ currency: 'KWD', value: 12345 });
    });

    it('should derive a stable idempotency key of at most 64 characters', () => {
      expect(adyenIdempotencyKey('a')).to.equal(adyenIdempotencyKey('a'));
      expect(adyenIdempotencyKey('a')).not.to.equal(adyenIdempotencyKey('b'));
      expect(adyenIdempotencyKey('x'.repeat(500))).to.have.length.at.most(64);
    });

    it('should classify failures: outages are retryable, refused credentials and requests are not', async () => {
      standIn.fail('http500');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f1', budget: budget() })))).to.include({ kind: 'retryable', code: 'http_500' });
      standIn.fail('http429');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f2', budget: budget() })))).to.include({ kind: 'retryable', code: 'rate_limited' });
      standIn.fail('reset');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f3', budget: budget() })))).to.include({ kind: 'retryable', code: 'connection_error' });
      standIn.fail('timeout');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f4', budget: callBudget(300) })))).to.include({ kind: 'retryable', code: 'timeout' });
      standIn.fail('http400');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f5', budget: budget() })))).to.include({ kind: 'invalid_request', code: 'adyen_702' });
      standIn.fail('http401');
      expect(await providerError(adyen.createCheckout(checkoutInput({ sessionId: 'f6', budget: budget() })))).to.include({ kind: 'credentials', code: 'credentials_rejected' });
    });
  });

  describe('readShopperReturn', () => {
    it('should read the outcome from Adyen, never from the query: completed and pending succeed, refused and cancelled fail', async () => {
      const { reference } = await adyen.createCheckout(checkoutInput({ sessionId: 'returning', budget: budget() }));
      const outcomeOf = async (status: 'completed' | 'paymentPending' | 'refused' | 'canceled') => {
        const query = Object.fromEntries(new URL(standIn.finish(reference, status)).searchParams);
        return (await adyen.readShopperReturn({ reference, query, budget: budget() })).outcome;
      };
      expect(await outcomeOf('completed')).to.equal('succeeded');
      expect(await outcomeOf('paymentPending')).to.equal('succeeded');
      expect(await outcomeOf('refused')).to.equal('failed');
      expect(await outcomeOf('canceled')).to.equal('failed');
      expect(standIn.requests.at(-1)?.path).to.match(new RegExp(`^/v72/sessions/${reference}\\?sessionResult=res[0-9a-f]+$`));
    });

    it("should call a return for another session, or without a result, failed without asking Adyen", async () => {
      const { reference } = await adyen.createCheckout(checkoutInput({ sessionId: 'returning-2', budget: budget() }));
      const before = standIn.requests.length;
      expect(await adyen.readShopperReturn({ reference, query: { sessionId: 'CSOTHER', sessionResult: 'x' }, budget: budget() })).to.deep.equal({ outcome: 'failed' });
      expect(await adyen.readShopperReturn({ reference, query: { sessionId: reference }, budget: budget() })).to.deep.equal({ outcome: 'failed' });
      expect(standIn.requests.length).to.equal(before);
    });
  });

  it("should build a LIVE account's adapter at its own live URL, as the platform's LIVE account at the URL it was given", () => {
    const live = buildProvider({ provider: 'adyen', apiKey: 'AQE_live', merchantAccount: 'ShopECOM', hmacKey: HMAC_KEY, liveUrlPrefix: '1797a841fbb37ca7-AdyenDemo' }, { webhookToleranceSeconds: 300, stripeApiUrl: '', adyenTestCheckoutUrl: `${url}/v72`, adyenLiveCheckoutUrl: ADYEN_LIVE_CHECKOUT_URL, adyenCaFile: '', sandbox: null });
    expect((live as unknown as { payments: { baseUrl: string } }).payments.baseUrl).to.equal('https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72');
    expect(modeOf({ provider: 'adyen', apiKey: 'k', merchantAccount: 'm', hmacKey: HMAC_KEY, liveUrlPrefix: 'a-B' })).to.equal('live');
    expect(() => new AdyenProvider({ apiKey: 'AQE_live', merchantAccount: 'ShopECOM', hmacKey: HMAC_KEY, environment: 'LIVE', checkoutUrl: 'https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72', caFile: '' })).not.to.throw();
  });

  describe('checkCredentials', () => {
    it('should ask for the merchant account\'s payment methods (creating nothing), and classify a key refused, or not allowed that account, as credentials', async () => {
      const before = standIn.requests.length;
      await adyen.checkCredentials({ budget: budget() });
      const [asked] = standIn.requests.slice(before);
      expect([asked?.method, asked?.path, JSON.parse(asked!.body)]).to.deep.equal(['POST', '/v72/paymentMethods', { merchantAccount: 'CheckoutECOM' }]);
      standIn.allowKey('AQE_other_key', 'OtherMerchant');
      const elsewhere = new AdyenProvider({ apiKey: 'AQE_other_key', merchantAccount: 'CheckoutECOM', hmacKey: HMAC_KEY, environment: 'TEST', checkoutUrl: `${url}/v72`, caFile: certificate.certFile });
      expect(await elsewhere.checkCredentials({ budget: budget() }).catch((error: unknown) => error)).to.be.instanceOf(ProviderError).and.include({ kind: 'credentials', status: 403 });
      const unknown = new AdyenProvider({ apiKey: 'AQE_unknown', merchantAccount: 'CheckoutECOM', hmacKey: HMAC_KEY, environment: 'TEST', checkoutUrl: `${url}/v72`, caFile: certificate.certFile });
      expect(await unknown.checkCredentials({ budget: budget() }).catch((error: unknown) => error)).to.be.instanceOf(ProviderError).and.include({ kind: 'credentials', status: 401 });
    });
  });

  describe('parseWebhook', () => {
    const validator = new hmacValidator();
    const item = (success: boolean, overrides: Partial<Types.notification.NotificationRequestItem> = {}): Types.notification.NotificationRequestItem => {
      const notification = {
        amount: { currency: 'AUD', value: 14076 },
        eventCode: 'AUTHORISATION',
        eventDate: '2024-01-15T11:05:00+01:00',
        merchantAccountCode: 'CheckoutECOM',
        merchantReference: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        pspReference: 'QFQTPCQ8HXSKGK82',
        success: String(success),
        additionalData: { checkoutSessionId: 'CS0123456789ABCDEF' },
        ...overrides,
      } as Types.notification.NotificationRequestItem;
      notification.additionalData = { ...notification.additionalData, hmacSignature: validator.calculateHmac(notification, HMAC_KEY) };
      return notification;
    };
    const body = (...items: Types.notification.NotificationRequestItem[]) =>
      Buffer.from(JSON.stringify({ live: 'false', notificationItems: items.map((NotificationRequestItem) => ({ NotificationRequestItem })) }));

    it('should map signed AUTHORISATION notifications to COMPLETED (with the pspReference as payment) or FAILED, by the signed reference (our sessionId), with the signed merchant account and amount', () => {
      expect(adyen.parseWebhook({ rawBody: body(item(true)), headers: {} }).notices).to.deep.equal([
        {
          eventId: 'QFQTPCQ8HXSKGK82',
          providerReference: 'CS0123456789ABCDEF',
          sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
          merchantAccount: 'CheckoutECOM',
          amount: { currency: 'AUD', valueMinor: 14076 },
          status: 'COMPLETED',
          paymentReference: 'QFQTPCQ8HXSKGK82',
        },
      ]);
      expect(adyen.parseWebhook({ rawBody: body(item(false)), headers: {} }).notices[0]?.status).to.equal('FAILED');
      expect(adyen.parseWebhook({ rawBody: body(item(true, { eventCode: 'REPORT_AVAILABLE' as never })), headers: {} }).notices).to.deep.equal([]);
      expect(adyen.webhookAcknowledgement).to.equal('[accepted]');
    });

    it("should still take the previous HMAC key during its overlap", () => {
      const rotated = new AdyenProvider({ apiKey: 'AQE_test_api_key', merchantAccount: 'CheckoutECOM', hmacKey: 'A'.repeat(64), previousHmacKeys: [HMAC_KEY], environment: 'TEST', checkoutUrl: `${url}/v72`, caFile: certificate.certFile });
      expect(rotated.parseWebhook({ rawBody: body(item(true)), headers: {} }).notices).to.have.length(1);
      const other = new AdyenProvider({ apiKey: 'AQE_test_api_key', merchantAccount: 'CheckoutECOM', hmacKey: 'A'.repeat(64), environment: 'TEST', checkoutUrl: `${url}/v72`, caFile: certificate.certFile });
      expect(() => other.parseWebhook({ rawBody: body(item(true)), headers: {} })).to.throw(WebhookSignatureError);
    });

    it('should refuse a notification whose HMAC does not match', () => {
      const forged = item(true);
      forged.amount = { currency: 'AUD', value: 1 };
      expect(() => adyen.parseWebhook({ rawBody: body(forged), headers: {} }).notices).to.throw(WebhookSignatureError, /HMAC/);
      const unsigned = item(true);
      delete unsigned.additionalData!.hmacSignature;
      expect(() => adyen.parseWebhook({ rawBody: body(unsigned), headers: {} }).notices).to.throw(WebhookSignatureError);
      expect(() => adyen.parseWebhook({ rawBody: Buffer.from('not json'), headers: {} }).notices).to.throw(WebhookSignatureError);
    });
  });
});
