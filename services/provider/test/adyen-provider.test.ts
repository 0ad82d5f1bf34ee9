import { expect } from 'chai';
import { hmacValidator, type Types } from '@adyen/api-library';
import { AdyenProvider, adyenIdempotencyKey } from '../src/providers/adyen/adyen-provider';
import { callBudget, ProviderError, WebhookSignatureError } from '../src/providers/payment-provider';
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

  before(async () => {
    const certificate = loopbackCertificate();
    const url = await standIn.start(certificate);
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
    it('should create a hosted session with amount in minor units, line items and shopper details', async () => {
      const created = await adyen.createCheckout(checkoutInput({ budget: budget() }));
      const body = standIn.lastSessionRequest();
      expect(body).to.deep.include({
        merchantAccount: 'CheckoutECOM',
        amount: { currency: 'AUD', value: 14076 },
        reference: 'ORD-2024-001',
        returnUrl: 'https://merchant.example.com/checkout/success',
        mode: 'hosted',
        countryCode: 'AU',
        shopperEmail: 'jane.smith@example.com',
        shopperLocale: 'en_AU',
        metadata: { sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9' },
      });
      expect(body.lineItems).to.deep.equal([
        { id: 'WH-100', description: 'Wireless Headphones', quantity: 1, amountIncludingTax: 11900 },
        { id: 'shipping', description: 'Shipping', quantity: 1, amountIncludingTax: 995 },
        { id: 'tax', description: 'Tax', quantity: 1, amountIncludingTax: 1181 },
      ]);
      expect(Date.parse(body.expiresAt)).to.equal(Date.parse('2030-01-15T12:00:00Z'));
      const request = standIn.requests.at(-1)!;
      expect(request.headers['x-api-key']).to.equal('AQE_test_api_key');
      expect(request.headers['idempotency-key']).to.equal(adyenIdempotencyKey('e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9'));
      expect(String(request.headers['idempotency-key']).length).to.be.at.most(64);
      expect(created.reference).to.match(/^CS[0-9A-F]+$/);
      expect(created.checkoutUrl).to.equal(`https://checkoutshopper-test.adyen.com/checkoutshopper/checkout/session?id=${created.reference}`);
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

  describe('parseWebhook', () => {
    const validator = new hmacValidator();
    const item = (success: boolean, overrides: Partial<Types.notification.NotificationRequestItem> = {}): Types.notification.NotificationRequestItem => {
      const notification = {
        amount: { currency: 'AUD', value: 14076 },
        eventCode: 'AUTHORISATION',
        eventDate: '2024-01-15T11:05:00+01:00',
        merchantAccountCode: 'CheckoutECOM',
        merchantReference: 'ORD-2024-001',
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

    it('should map signed AUTHORISATION notifications to COMPLETED (with the pspReference as payment) or FAILED by the checkout session id', () => {
      expect(adyen.parseWebhook({ rawBody: body(item(true)), headers: {} }).notices).to.deep.equal([{ eventId: 'QFQTPCQ8HXSKGK82', providerReference: 'CS0123456789ABCDEF', status: 'COMPLETED', paymentReference: 'QFQTPCQ8HXSKGK82' }]);
      expect(adyen.parseWebhook({ rawBody: body(item(false)), headers: {} }).notices[0]?.status).to.equal('FAILED');
      expect(adyen.parseWebhook({ rawBody: body(item(true, { eventCode: 'REPORT_AVAILABLE' as never })), headers: {} }).notices).to.deep.equal([]);
      expect(adyen.webhookAcknowledgement).to.equal('[accepted]');
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
