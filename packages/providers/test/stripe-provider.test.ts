import { expect } from 'chai';
import Stripe from 'stripe';
import { callBudget, ProviderError, WebhookSignatureError } from '../src/payment-provider';
import { StripeProvider } from '../src/stripe/stripe-provider';
import { StripeStandIn } from '../../../test/support/stripe-stand-in';
import { checkoutInput } from './checkout-input';
import { rejection } from '../../../test/support/rejection';

const WEBHOOK_SECRET = 'whsec_test_secret_for_the_stand_in';

const providerError = (promise: Promise<unknown>) => rejection(promise, ProviderError);
// Room for the SDK's own retry of a dropped connection; the timeout cases get a short budget of their own.
const budget = () => callBudget(5000);

describe('StripeProvider (official SDK against the Stripe stand-in)', function () {
  this.timeout(20_000);
  const standIn = new StripeStandIn();
  let stripe: StripeProvider;
  let apiUrl = '';

  before(async () => {
    apiUrl = await standIn.start();
    stripe = new StripeProvider({ secretKey: 'sk_test_standin', webhookSecret: WEBHOOK_SECRET, apiUrl, webhookToleranceSeconds: 300 });
  });
  afterEach(() => standIn.recover());
  after(() => standIn.stop());

  describe('createCheckout', () => {
    it('should send the whole order as a payment-mode Checkout Session, in Stripe\'s shapes, field by field', async () => {
      const created = await stripe.createCheckout(checkoutInput({ budget: budget() }));
      // docs.stripe.com/api/checkout/sessions/create: every parameter we send, and nothing else.
      expect(standIn.lastForm()).to.deep.equal({
        mode: 'payment',
        'allowed_payment_method_types[0]': 'card',
        'line_items[0][quantity]': '1',
        'line_items[0][price_data][currency]': 'aud',
        'line_items[0][price_data][unit_amount]': '11900',
        'line_items[0][price_data][product_data][name]': 'Wireless Headphones',
        'line_items[1][quantity]': '1',
        'line_items[1][price_data][currency]': 'aud',
        'line_items[1][price_data][unit_amount]': '995',
        'line_items[1][price_data][product_data][name]': 'Shipping (aus_post)',
        'line_items[2][quantity]': '1',
        'line_items[2][price_data][currency]': 'aud',
        'line_items[2][price_data][unit_amount]': '1181',
        'line_items[2][price_data][product_data][name]': 'Tax',
        success_url: 'https://merchant.example.com/checkout/success',
        cancel_url: 'https://merchant.example.com/checkout/failure',
        customer_email: 'jane.smith@example.com',
        locale: 'en',
        expires_at: String(Date.parse('2030-01-15T12:00:00Z') / 1000),
        client_reference_id: 'ORD-2024-001',
        'metadata[campaignId]': 'summer-sale-2024',
        'metadata[referralCode]': 'REF-ABC',
        'metadata[sessionId]': 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        'metadata[orderReference]': 'ORD-2024-001',
        'payment_intent_data[metadata][sessionId]': 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        'payment_intent_data[metadata][orderReference]': 'ORD-2024-001',
        'payment_intent_data[shipping][name]': 'Jane Smith',
        'payment_intent_data[shipping][phone]': '+61412345678',
        'payment_intent_data[shipping][address][line1]': '123 Collins Street',
        'payment_intent_data[shipping][address][line2]': 'Level 5',
        'payment_intent_data[shipping][address][city]': 'Melbourne',
        'payment_intent_data[shipping][address][state]': 'VIC',
        'payment_intent_data[shipping][address][postal_code]': '3000',
        'payment_intent_data[shipping][address][country]': 'AU',
      });
      const request = standIn.requests.at(-1)!;
      expect(request.headers['idempotency-key']).to.equal('e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9');
      expect(request.headers.authorization).to.equal('Bearer sk_test_standin');
      expect(request.headers['stripe-version']).to.be.a('string');
      expect(created.checkoutUrl).to.equal(`https://checkout.stripe.com/c/pay/${created.reference}`);
      expect(standIn.sessions.get(created.reference)?.amount_total).to.equal(14076);
    });

    it("should send a paypal, klarna or afterpay_clearpay session the same way, asking for exactly that method by Stripe's name", async () => {
      await stripe.createCheckout(checkoutInput({ sessionId: 'method-card', budget: budget() }));
      const card = standIn.lastForm();
      for (const method of ['paypal', 'klarna', 'afterpay_clearpay'] as const) {
        await stripe.createCheckout(checkoutInput({ sessionId: `method-${method}`, paymentMethod: method, budget: budget() }));
        const sessionId = `method-${method}`;
        expect(standIn.lastForm(), method).to.deep.equal({
          ...card,
          'allowed_payment_method_types[0]': method,
          'metadata[sessionId]': sessionId,
          'payment_intent_data[metadata][sessionId]': sessionId,
        });
      }
    });

    it('should leave out what Stripe cannot take (metadata keys over 40 characters), and send no shipping without an address', async () => {
      const longKey = 'k'.repeat(41);
      await stripe.createCheckout(
        checkoutInput({ sessionId: 'no-shipping', metadata: { [longKey]: 'x', kept: 'yes' }, shopper: { ...checkoutInput().shopper, shippingAddress: null }, budget: budget() }),
      );
      const form = standIn.lastForm();
      expect(form).to.include({ 'metadata[kept]': 'yes', 'metadata[sessionId]': 'no-shipping' });
      expect(form).not.to.have.property(`metadata[${longKey}]`);
      expect(Object.keys(form).filter((key) => key.startsWith('payment_intent_data[shipping]'))).to.deep.equal([]);
    });

    it('should send JPY (exponent 0) and KWD (exponent 3) amounts as integers', async () => {
      await stripe.createCheckout(checkoutInput({ sessionId: 'jpy-1', currency: 'JPY', totalMinor: 15000, shippingMinor: 0, taxMinor: 0, lineItems: [{ name: 'Tea', sku: null, quantity: 3, unitPriceMinor: 5000 }], budget: budget() }));
      expect(standIn.lastForm()).to.include({ 'line_items[0][price_data][currency]': 'jpy', 'line_items[0][price_data][unit_amount]': '5000', 'line_items[0][quantity]': '3' });
      expect(standIn.lastForm()).not.to.have.property('line_items[1][quantity]');
      await stripe.createCheckout(checkoutInput({ sessionId: 'kwd-1', currency: 'KWD', totalMinor: 12345, shippingMinor: 500, taxMinor: 0, lineItems: [{ name: 'Perfume', sku: null, quantity: 1, unitPriceMinor: 11845 }], budget: budget() }));
      expect(standIn.lastForm()).to.include({ 'line_items[0][price_data][currency]': 'kwd', 'line_items[0][price_data][unit_amount]': '11845', 'line_items[1][price_data][unit_amount]': '500' });
    });

    it('should get the same checkout back for the same session (idempotency key)', async () => {
      const first = await stripe.createCheckout(checkoutInput({ sessionId: 'same-session', budget: budget() }));
      const again = await stripe.createCheckout(checkoutInput({ sessionId: 'same-session', budget: budget() }));
      expect(again).to.deep.equal(first);
    });

    it('should classify failures: outages are retryable, refused credentials and requests are not', async () => {
      standIn.fail('http500');
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f1', budget: budget() })))).to.include({ kind: 'retryable', code: 'http_500' });
      standIn.fail('http429');
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f2', budget: budget() })))).to.include({ kind: 'retryable', code: 'rate_limited' });
      standIn.fail('reset', 2);
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f3', budget: budget() })))).to.include({ kind: 'retryable', code: 'connection_error' });
      standIn.fail('timeout');
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f4', budget: callBudget(300) })))).to.include({ kind: 'retryable', code: 'timeout' });
      standIn.fail('http400');
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f5', budget: budget() })))).to.include({ kind: 'invalid_request', code: 'parameter_invalid_integer' });
      standIn.fail('http401');
      expect(await providerError(stripe.createCheckout(checkoutInput({ sessionId: 'f6', budget: budget() })))).to.include({ kind: 'credentials', code: 'credentials_rejected' });
    });
  });

  it('should let the SDK retry one dropped connection, under the same idempotency key', async () => {
    standIn.fail('reset');
    const before = standIn.requests.length;
    const created = await stripe.createCheckout(checkoutInput({ sessionId: 'reset-once', budget: budget() }));
    const attempts = standIn.requests.slice(before);
    expect(attempts).to.have.length(2);
    expect(attempts.map((r) => r.headers['idempotency-key'])).to.deep.equal(['reset-once', 'reset-once']);
    expect(created.reference).to.match(/^cs_test_/);
  });

  describe('expireCheckout', () => {
    it('should expire an open session, and accept one already closed', async () => {
      const created = await stripe.createCheckout(checkoutInput({ sessionId: 'to-expire', budget: budget() }));
      expect(await stripe.expireCheckout({ reference: created.reference, budget: budget() })).to.deep.equal({ result: 'closed' });
      expect(standIn.sessions.get(created.reference)?.status).to.equal('expired');
      expect(await stripe.expireCheckout({ reference: created.reference, budget: budget() })).to.deep.equal({ result: 'already_closed' });
    });

    it('should not outlive its budget', async () => {
      const created = await stripe.createCheckout(checkoutInput({ sessionId: 'expire-slow', budget: budget() }));
      standIn.fail('timeout');
      expect(await providerError(stripe.expireCheckout({ reference: created.reference, budget: callBudget(300) }))).to.include({ kind: 'retryable', code: 'timeout' });
    });
  });

  describe('parseWebhook', () => {
    const sdk = new Stripe('sk_test_standin');
    const event = (type: string, paymentStatus = 'paid') =>
      JSON.stringify({ id: 'evt_1', object: 'event', type, data: { object: { id: 'cs_test_1', object: 'checkout.session', payment_status: paymentStatus, payment_intent: 'pi_1' } } });
    const signed = (payload: string, timestamp?: number) => ({
      'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, ...(timestamp ? { timestamp } : {}) }),
    });

    it('should map signed events to our statuses, a completion with its PaymentIntent', () => {
      const completed = event('checkout.session.completed');
      expect(stripe.parseWebhook({ rawBody: Buffer.from(completed), headers: signed(completed) }).notices).to.deep.equal([{ eventId: 'evt_1', providerReference: 'cs_test_1', status: 'COMPLETED', paymentReference: 'pi_1' }]);
      const expired = event('checkout.session.expired', 'unpaid');
      expect(stripe.parseWebhook({ rawBody: Buffer.from(expired), headers: signed(expired) }).notices[0]?.status).to.equal('EXPIRED');
      const failed = event('checkout.session.async_payment_failed', 'unpaid');
      expect(stripe.parseWebhook({ rawBody: Buffer.from(failed), headers: signed(failed) }).notices[0]?.status).to.equal('FAILED');
    });

    it('should leave out events it does not act on, and a completion still awaiting payment', () => {
      const other = event('customer.created');
      expect(stripe.parseWebhook({ rawBody: Buffer.from(other), headers: signed(other) }).notices).to.deep.equal([]);
      const awaiting = event('checkout.session.completed', 'unpaid');
      expect(stripe.parseWebhook({ rawBody: Buffer.from(awaiting), headers: signed(awaiting) }).notices).to.deep.equal([]);
    });

    it('should refuse a missing, wrong or stale signature', () => {
      const payload = event('checkout.session.completed');
      expect(() => stripe.parseWebhook({ rawBody: Buffer.from(payload), headers: {} }).notices).to.throw(WebhookSignatureError, /missing/);
      expect(() => stripe.parseWebhook({ rawBody: Buffer.from(payload.replace('evt_1', 'evt_2')), headers: signed(payload) }).notices).to.throw(WebhookSignatureError);
      const stale = signed(payload, Math.floor(Date.now() / 1000) - 3600);
      expect(() => stripe.parseWebhook({ rawBody: Buffer.from(payload), headers: stale }).notices).to.throw(WebhookSignatureError, /tolerance/i);
    });

    it('should still take the previous signing secret during its overlap, and no other', () => {
      const rotated = new StripeProvider({ secretKey: 'sk_test_standin', webhookSecret: 'whsec_new_secret_1234', previousWebhookSecrets: [WEBHOOK_SECRET], apiUrl, webhookToleranceSeconds: 300 });
      const payload = event('checkout.session.completed');
      expect(rotated.parseWebhook({ rawBody: Buffer.from(payload), headers: signed(payload) }).notices).to.have.length(1);
      const other = { 'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }) };
      expect(() => rotated.parseWebhook({ rawBody: Buffer.from(payload), headers: other })).to.throw(WebhookSignatureError);
    });
  });

  describe('checkCredentials', () => {
    it('should read the balance with the key (one GET), and classify a refused key as credentials', async () => {
      const before = standIn.requests.length;
      await stripe.checkCredentials({ budget: budget() });
      expect(standIn.requests.slice(before).map((r) => [r.method, r.path, r.headers.authorization])).to.deep.equal([['GET', '/v1/balance', 'Bearer sk_test_standin']]);
      standIn.revoke('sk_test_revoked_key');
      const revoked = new StripeProvider({ secretKey: 'sk_test_revoked_key', webhookSecret: WEBHOOK_SECRET, apiUrl, webhookToleranceSeconds: 300 });
      const refusal = await revoked.checkCredentials({ budget: budget() }).catch((error: unknown) => error);
      expect(refusal).to.be.instanceOf(ProviderError).and.include({ kind: 'credentials', status: 401 });
      expect((refusal as Error).message).not.to.include('sk_test_revoked_key');
    });
  });

  it('should refuse bad options at start-up', () => {
    expect(() => new StripeProvider({ secretKey: 'pk_test_x', webhookSecret: WEBHOOK_SECRET, apiUrl: 'https://api.stripe.com', webhookToleranceSeconds: 300 })).to.throw(/STRIPE_SECRET_KEY/);
    expect(() => new StripeProvider({ secretKey: 'sk_test_x', webhookSecret: 'nope', apiUrl: 'https://api.stripe.com', webhookToleranceSeconds: 300 })).to.throw(/STRIPE_WEBHOOK_SECRET/);
  });
});
