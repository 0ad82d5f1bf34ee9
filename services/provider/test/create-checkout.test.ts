import { expect } from 'chai';
import { Topics, type SessionRouted } from '@checkout/contracts';
import { createLogger } from '@checkout/platform';
import { InMemorySessionStore, SessionLifecycle, type SessionDocument } from '@checkout/sessions';
import { CreateCheckout } from '../src/create-checkout';
import { ShopperReturnUrls } from '../src/http/shopper-return-urls';
import { ProviderTelemetry } from '../src/provider-telemetry';
import { callProvider, ProviderError, unanswered, type CreateCheckoutInput, type PaymentProvider } from '@checkout/providers';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';

const logger = createLogger({ service: 'test', level: 'silent' });
const SESSION_ID = 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9';

async function storeWith(session: SessionDocument): Promise<InMemorySessionStore> {
  const store = new InMemorySessionStore();
  await store.insert(session);
  return store;
}

const stored = (store: InMemorySessionStore) => store.find(SESSION_ID);

/** A provider that answers from a script: a checkout, or a thrown error, or silence. */
class ScriptedProvider implements PaymentProvider {
  readonly calls: CreateCheckoutInput[] = [];
  readonly budgets: number[] = [];
  readonly webhookAcknowledgement = 'ok';
  constructor(
    readonly id: string,
    private readonly behaviour: 'ok' | 'down' | 'rejects' | 'refuses-credentials' | 'hangs',
  ) {}
  async createCheckout(input: CreateCheckoutInput) {
    this.calls.push(input);
    this.budgets.push(input.budget.timeoutMs);
    if (this.behaviour === 'down') throw new ProviderError('retryable', 'http_503', 'service unavailable');
    if (this.behaviour === 'rejects') throw new ProviderError('invalid_request', 'http_400', 'bad request');
    if (this.behaviour === 'refuses-credentials') throw new ProviderError('credentials', 'credentials_rejected', 'invalid API key');
    if (this.behaviour === 'hangs') return callProvider(this.id, input.budget, () => new Promise<never>(() => undefined), unanswered);
    return { reference: `${this.id}_ref`, checkoutUrl: `https://${this.id}.example/pay/${input.sessionId}` };
  }
  async expireCheckout() {
    return { result: 'closed' as const };
  }
  parseWebhook() {
    return { notices: [] };
  }
}

function session(): SessionDocument {
  return sessionDocument({
    _id: SESSION_ID,
    applicationId: 'app-1',
    orderReference: 'ORD-1',
    locale: 'en_AU',
    amount: { totalMinor: 14076, shippingMinor: 995, taxMinor: 1181 },
    orderItems: [{ name: 'Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }],
    paymentMethod: 'klarna',
    customer: { firstName: 'Jane', lastName: 'Smith', email: 'jane@example.com', phone: '+61412345678', billingAddress: { line1: 'x', city: 'y', country: 'AU' } },
    shipping: { type: 'express', method: 'aus_post' },
    additionalInformation: { campaignId: 'summer-sale-2024', firstOrder: true, items: 3 },
    redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
  });
}

function routed(...providers: (string | { provider: string; timeoutMs: number })[]): SessionRouted {
  return {
    sessionId: SESSION_ID,
    applicationId: 'app-1',
    currency: 'AUD',
    amountMinor: 14076,
    candidates: providers.map((entry, index) => {
      const { provider, timeoutMs } = typeof entry === 'string' ? { provider: entry, timeoutMs: 50 } : entry;
      return { provider, score: 90 - index * 10, factors: [], rankedBy: 'score' as const, timeoutMs };
    }),
    rejected: [],
    routedAt: '2024-01-15T11:00:01Z',
  };
}

function setup(store: InMemorySessionStore, ...providers: PaymentProvider[]) {
  const publisher = new RecordingPublisher();
  const returnUrls = new ShopperReturnUrls('https://checkout.example.com/');
  const useCase = new CreateCheckout(store, new SessionLifecycle(store, publisher, 'urn:test'), new Map(providers.map((p) => [p.id, p])), returnUrls, new ProviderTelemetry(), logger);
  return { useCase, publisher };
}

describe('CreateCheckout', () => {
  describe('execute', () => {
    it('should create the checkout at the best candidate with the whole order: method, shopper, shipping, metadata, both redirects and our return URL', async () => {
      const store = await storeWith(session());
      const stripe = new ScriptedProvider('stripe', 'ok');
      const { useCase, publisher } = setup(store, stripe);
      await useCase.execute(routed('stripe'));
      const { budget, ...order } = stripe.calls[0]!;
      expect(budget.timeoutMs).to.equal(50);
      expect(order).to.deep.equal({
        sessionId: SESSION_ID,
        orderReference: 'ORD-1',
        paymentMethod: 'klarna',
        currency: 'AUD',
        totalMinor: 14076,
        shippingMinor: 995,
        taxMinor: 1181,
        lineItems: [{ name: 'Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }],
        shopper: { firstName: 'Jane', lastName: 'Smith', email: 'jane@example.com', phone: '+61412345678', billingAddress: { line1: 'x', city: 'y', country: 'AU' }, shippingAddress: null },
        shipping: { type: 'express', method: 'aus_post' },
        locale: 'en_AU',
        metadata: { campaignId: 'summer-sale-2024', firstOrder: 'true', items: '3' },
        successUrl: 'https://shop.example/ok',
        failureUrl: 'https://shop.example/ko',
        returnUrl: `https://checkout.example.com/return/stripe/${SESSION_ID}`,
        expiresAt: new Date('2024-01-15T12:00:00Z'),
      });
      expect((await stored(store))?.status).to.equal('PENDING');
      expect((await stored(store))?.checkoutUrl).to.equal(`https://stripe.example/pay/${SESSION_ID}`);
      const [ready] = publisher.payloads(Topics.sessionOutcome) as Record<string, unknown>[];
      expect(ready).to.include({ sessionId: SESSION_ID, currency: 'AUD', provider: 'stripe', score: 90, status: 'PENDING', createdAt: '2024-01-15T11:00:00Z', expiresAt: '2024-01-15T12:00:00Z' });
      expect((ready as { attempts: { provider: string; outcome: string }[] }).attempts.map((a) => [a.provider, a.outcome])).to.deep.equal([['stripe', 'succeeded']]);
      expect(publisher.published[0]?.message.headers.ce_type).to.equal('dev.checkout.session.ready.v1');
    });

    it('should fail over on an outage or a timeout, recording every attempt', async () => {
      const store = await storeWith(session());
      const { useCase, publisher } = setup(store, new ScriptedProvider('stripe', 'down'), new ScriptedProvider('adyen', 'hangs'), new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('stripe', 'adyen', 'sandbox'));
      expect((await stored(store))?.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).to.deep.equal([
        ['stripe', 'failed', 'http_503'],
        ['adyen', 'failed', 'timeout'],
        ['sandbox', 'succeeded', undefined],
      ]);
      expect((await stored(store))?.routing?.selectedProvider).to.equal('sandbox');
      expect((await stored(store))?.routing?.score).to.equal(70);
      expect((publisher.payloads(Topics.sessionOutcome)[0] as { provider: string }).provider).to.equal('sandbox');
    });

    it("should give each provider call the catalog's timeout for that provider, and record a timeout as such", async function () {
      // Stripe's 60 s outlasts this test's own limit: it passes only because adyen's 30 ms applies to adyen.
      this.timeout(5000);
      const store = await storeWith(session());
      const slow = new ScriptedProvider('adyen', 'hangs');
      const stripe = new ScriptedProvider('stripe', 'ok');
      const { useCase } = setup(store, slow, stripe);
      await useCase.execute(routed({ provider: 'adyen', timeoutMs: 30 }, { provider: 'stripe', timeoutMs: 60_000 }));
      expect(slow.budgets).to.deep.equal([30]);
      expect(stripe.budgets).to.deep.equal([60_000]);
      expect((await stored(store))?.attempts.map((a) => [a.provider, a.errorCode ?? a.outcome])).to.deep.equal([
        ['adyen', 'timeout'],
        ['stripe', 'succeeded'],
      ]);
    });

    it('should not fail over when a provider rejects our request', async () => {
      const store = await storeWith(session());
      const sandbox = new ScriptedProvider('sandbox', 'ok');
      const { useCase, publisher } = setup(store, new ScriptedProvider('stripe', 'rejects'), sandbox);
      await useCase.execute(routed('stripe', 'sandbox'));
      expect(sandbox.calls).to.have.length(0);
      expect((await stored(store))?.status).to.equal('FAILED');
      expect(publisher.published[0]?.message.headers.ce_type).to.equal('dev.checkout.session.failed.v1');
      expect(publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'provider_unavailable' });
    });

    it('should fail over when a provider refuses our credentials, recording it as such', async () => {
      const store = await storeWith(session());
      const { useCase } = setup(store, new ScriptedProvider('stripe', 'refuses-credentials'), new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('stripe', 'sandbox'));
      expect((await stored(store))?.attempts.map((a) => a.errorCode ?? a.outcome)).to.deep.equal(['credentials_rejected', 'succeeded']);
      expect((await stored(store))?.status).to.equal('PENDING');
    });

    it('should fail a session no provider is eligible for, with the rejections as the reason, and announce it', async () => {
      const store = await storeWith(session());
      const { useCase, publisher } = setup(store, new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute({ ...routed(), rejected: [{ provider: 'sandbox', reasons: ['currency AUD not supported'] }] });
      const failed = await stored(store);
      expect(failed).to.include({ status: 'FAILED' });
      expect(failed?.failure).to.deep.equal({ code: 'no_eligible_provider', detail: 'No provider can take this payment: sandbox currency AUD not supported.' });
      expect(publisher.payloads(Topics.sessionOutcome)).to.deep.equal([
        {
          sessionId: SESSION_ID,
          applicationId: 'app-1',
          currency: 'AUD',
          code: 'no_eligible_provider',
          detail: failed!.failure!.detail,
          attempts: [],
          idempotency: { keyHash: failed!.idempotencyKeyHash, fingerprint: failed!.requestFingerprint },
        },
      ]);
      await useCase.execute({ ...routed(), rejected: [] });
      expect(publisher.payloads(Topics.sessionOutcome)[1], 'a redelivery republishes the stored decision').to.deep.equal(publisher.payloads(Topics.sessionOutcome)[0]);
    });

    it('should skip a candidate it has no adapter for', async () => {
      const store = await storeWith(session());
      const { useCase } = setup(store, new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('unknown', 'sandbox'));
      expect((await stored(store))?.attempts.map((a) => a.errorCode ?? a.outcome)).to.deep.equal(['not_configured', 'succeeded']);
    });

    it('should republish the decision without calling any provider when the event comes again', async () => {
      const store = await storeWith(session());
      const stripe = new ScriptedProvider('stripe', 'ok');
      const { useCase, publisher } = setup(store, stripe);
      await useCase.execute(routed('stripe'));
      await useCase.execute(routed('stripe'));
      expect(stripe.calls).to.have.length(1);
      const outcomes = publisher.payloads(Topics.sessionOutcome);
      expect(outcomes).to.have.length(2);
      expect(outcomes[1]).to.deep.equal(outcomes[0]);
    });

    it('should report session_not_found for a session that is not stored or belongs elsewhere', async () => {
      const { useCase, publisher } = setup(new InMemorySessionStore(), new ScriptedProvider('stripe', 'ok'));
      await useCase.execute(routed('stripe'));
      expect(publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'session_not_found' });
      const other = setup(await storeWith({ ...session(), applicationId: 'app-2' }), new ScriptedProvider('stripe', 'ok'));
      await other.useCase.execute(routed('stripe'));
      expect(other.publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'session_not_found' });
    });
  });
});
