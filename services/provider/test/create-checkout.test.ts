import { expect } from 'chai';
import { Topics, type SessionDocument, type SessionRouted } from '@checkout/contracts';
import { createLogger } from '@checkout/platform';
import { CreateCheckout } from '../src/create-checkout';
import { ProviderTelemetry } from '../src/provider-telemetry';
import { ProviderError, type CreateCheckoutInput, type PaymentProvider } from '../src/providers/payment-provider';
import type { CheckoutCreated, SessionStore } from '../src/sessions/session-store';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { sessionDocument } from '../../../test/adapter-contracts/session-repository.contract';

const logger = createLogger({ service: 'test', level: 'silent' });
const SESSION_ID = 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9';

class MemoryStore implements SessionStore {
  constructor(public session: SessionDocument | null) {}
  async find() {
    return this.session;
  }
  async findByProviderReference() {
    return null;
  }
  async closePending() {
    return null;
  }
  async findOverdue() {
    return [];
  }
  async markPending(_id: string, update: CheckoutCreated) {
    if (this.session?.status === 'PROCESSING') Object.assign(this.session, { status: 'PENDING', ...update, provider: update.provider });
    return this.session;
  }
  async markFailed(_id: string, failure: { code: string; detail: string }, attempts: SessionDocument['attempts'], routing: CheckoutCreated['routing'] | null) {
    if (this.session?.status === 'PROCESSING') Object.assign(this.session, { status: 'FAILED', failure, attempts, routing });
    return this.session;
  }
}

/** A provider that answers from a script: a checkout, or a thrown error, or silence. */
class ScriptedProvider implements PaymentProvider {
  readonly calls: CreateCheckoutInput[] = [];
  readonly webhookAcknowledgement = 'ok';
  constructor(
    readonly id: string,
    private readonly behaviour: 'ok' | 'down' | 'rejects' | 'hangs',
  ) {}
  async createCheckout(input: CreateCheckoutInput) {
    this.calls.push(input);
    if (this.behaviour === 'down') throw new ProviderError('retryable', 'http_503', 'service unavailable');
    if (this.behaviour === 'rejects') throw new ProviderError('rejected', 'http_400', 'bad request');
    if (this.behaviour === 'hangs') return new Promise<never>(() => undefined);
    return { reference: `${this.id}_ref`, checkoutUrl: `https://${this.id}.example/pay/${input.sessionId}` };
  }
  async expireCheckout() {}
  parseWebhook() {
    return [];
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
    customer: { firstName: 'Jane', lastName: 'Smith', email: 'jane@example.com', billingAddress: { line1: 'x', city: 'y', country: 'AU' } },
    redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
  });
}

function routed(...providers: string[]): SessionRouted {
  return {
    sessionId: SESSION_ID,
    applicationId: 'app-1',
    currency: 'AUD',
    amountMinor: 14076,
    candidates: providers.map((provider, index) => ({ provider, score: 90 - index * 10, factors: [], rankedBy: 'score' as const })),
    rejected: [],
    routedAt: '2024-01-15T11:00:01Z',
  };
}

function setup(store: MemoryStore, ...providers: PaymentProvider[]) {
  const publisher = new RecordingPublisher();
  const useCase = new CreateCheckout(store, new Map(providers.map((p) => [p.id, p])), publisher, { timeoutMs: 50, eventSource: 'urn:test' }, new ProviderTelemetry(), logger);
  return { useCase, publisher };
}

describe('CreateCheckout', () => {
  describe('execute', () => {
    it('should create the checkout at the best candidate with our sessionId as idempotency key', async () => {
      const store = new MemoryStore(session());
      const stripe = new ScriptedProvider('stripe', 'ok');
      const { useCase, publisher } = setup(store, stripe);
      await useCase.execute(routed('stripe'));
      expect(stripe.calls[0]).to.include({ sessionId: SESSION_ID, totalMinor: 14076, currency: 'AUD', customerEmail: 'jane@example.com', billingCountry: 'AU' });
      expect(store.session?.status).to.equal('PENDING');
      expect(store.session?.checkoutUrl).to.equal(`https://stripe.example/pay/${SESSION_ID}`);
      const [ready] = publisher.payloads(Topics.sessionOutcome) as Record<string, unknown>[];
      expect(ready).to.include({ sessionId: SESSION_ID, currency: 'AUD', provider: 'stripe', score: 90, status: 'PENDING', createdAt: '2024-01-15T11:00:00Z', expiresAt: '2024-01-15T12:00:00Z' });
      expect((ready as { attempts: { provider: string; outcome: string }[] }).attempts.map((a) => [a.provider, a.outcome])).to.deep.equal([['stripe', 'succeeded']]);
      expect(publisher.published[0]?.message.headers.ce_type).to.equal('dev.checkout.session.ready.v1');
    });

    it('should fail over on an outage or a timeout, recording every attempt', async () => {
      const store = new MemoryStore(session());
      const { useCase, publisher } = setup(store, new ScriptedProvider('stripe', 'down'), new ScriptedProvider('adyen', 'hangs'), new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('stripe', 'adyen', 'sandbox'));
      expect(store.session?.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).to.deep.equal([
        ['stripe', 'failed', 'http_503'],
        ['adyen', 'failed', 'timeout'],
        ['sandbox', 'succeeded', undefined],
      ]);
      expect(store.session?.routing?.selectedProvider).to.equal('sandbox');
      expect(store.session?.routing?.score).to.equal(70);
      expect((publisher.payloads(Topics.sessionOutcome)[0] as { provider: string }).provider).to.equal('sandbox');
    });

    it('should give each provider its own timeout when one is configured', async function () {
      // The default (60 s) outlasts this test's own limit: it passes only if adyen's 30 ms applies.
      this.timeout(5000);
      const store = new MemoryStore(session());
      const slow = new ScriptedProvider('adyen', 'hangs');
      const useCase = new CreateCheckout(store, new Map([[slow.id, slow as PaymentProvider]]), new RecordingPublisher(), { timeoutMs: 60_000, timeoutsMs: { adyen: 30 }, eventSource: 'urn:test' }, new ProviderTelemetry(), logger);
      await useCase.execute(routed('adyen'));
      expect(store.session?.attempts[0]).to.include({ provider: 'adyen', errorCode: 'timeout' });
    });

    it('should not fail over when a provider rejects our request', async () => {
      const store = new MemoryStore(session());
      const sandbox = new ScriptedProvider('sandbox', 'ok');
      const { useCase, publisher } = setup(store, new ScriptedProvider('stripe', 'rejects'), sandbox);
      await useCase.execute(routed('stripe', 'sandbox'));
      expect(sandbox.calls).to.have.length(0);
      expect(store.session?.status).to.equal('FAILED');
      expect(publisher.published[0]?.message.headers.ce_type).to.equal('dev.checkout.session.failed.v1');
      expect(publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'provider_unavailable' });
    });

    it('should skip a candidate it has no adapter for', async () => {
      const store = new MemoryStore(session());
      const { useCase } = setup(store, new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('unknown', 'sandbox'));
      expect(store.session?.attempts.map((a) => a.errorCode ?? a.outcome)).to.deep.equal(['not_configured', 'succeeded']);
    });

    it('should republish the decision without calling any provider when the event comes again', async () => {
      const store = new MemoryStore(session());
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
      const { useCase, publisher } = setup(new MemoryStore(null), new ScriptedProvider('stripe', 'ok'));
      await useCase.execute(routed('stripe'));
      expect(publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'session_not_found' });
      const other = setup(new MemoryStore({ ...session(), applicationId: 'app-2' }), new ScriptedProvider('stripe', 'ok'));
      await other.useCase.execute(routed('stripe'));
      expect(other.publisher.payloads(Topics.sessionOutcome)[0]).to.include({ code: 'session_not_found' });
    });
  });
});
