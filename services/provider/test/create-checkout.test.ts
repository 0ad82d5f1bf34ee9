import { expect } from 'chai';
import { Topics, type SessionRouted } from '@checkout/contracts';
import { createLogger, DependencyUnavailable, MongoUnavailable } from '@checkout/platform';
import { InMemorySessionStore, SessionLifecycle, type SessionDocument } from '@checkout/sessions';
import { CreateCheckout } from '../src/create-checkout';
import { ShopperReturnUrls } from '../src/http/shopper-return-urls';
import { ProviderTelemetry } from '../src/provider-telemetry';
import { callProvider, ProviderError, unanswered, type CreateCheckoutInput, type PaymentProvider, type ProviderId } from '@checkout/providers';
import { InMemoryProviderAccountStore, platformAccount, type ProviderAccount } from '@checkout/provider-accounts';
import { AccountClients, type AccountClient } from '../src/accounts/account-clients';
import { ReportRejectedCredentials } from '../src/accounts/report-rejected-credentials';
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
    private readonly behaviour: 'ok' | 'down' | 'rejects' | 'refuses-credentials' | 'hangs' | 'our-store-down',
  ) {}
  async createCheckout(input: CreateCheckoutInput) {
    this.calls.push(input);
    this.budgets.push(input.budget.timeoutMs);
    if (this.behaviour === 'down') throw new ProviderError('retryable', 'http_503', 'service unavailable');
    if (this.behaviour === 'rejects') throw new ProviderError('invalid_request', 'http_400', 'bad request');
    if (this.behaviour === 'refuses-credentials') throw new ProviderError('credentials', 'credentials_rejected', 'invalid API key');
    if (this.behaviour === 'our-store-down') throw new MongoUnavailable('MongoDB: connection timed out');
    if (this.behaviour === 'hangs') return callProvider(this.id, input.budget, () => new Promise<never>(() => undefined), unanswered);
    return { reference: `${this.id}_ref`, checkoutUrl: `https://${this.id}.example/pay/${input.sessionId}` };
  }
  async expireCheckout() {
    return { result: 'closed' as const };
  }
  parseWebhook() {
    return { notices: [] };
  }
  async checkCredentials() {}
}

/** Clients that hand out the scripted providers: the platform's by provider, merchants' accounts by id. */
class ScriptedClients extends AccountClients {
  constructor(
    platform: PaymentProvider[],
    private readonly own: Map<string, PaymentProvider>,
    private readonly accounts: InMemoryProviderAccountStore,
  ) {
    super(new Map(platform.map((p) => [`pa_platform_${p.id}`, { account: platformAccount(p.id as ProviderId, 'test', ''), provider: p }])), accounts, { webhookToleranceSeconds: 300, stripeApiUrl: '', adyenTestCheckoutUrl: '', adyenLiveCheckoutUrl: '', adyenCaFile: '', sandbox: null }, logger);
  }
  override async clientFor(accountId: string): Promise<AccountClient | null> {
    const provider = this.own.get(accountId);
    if (!provider) return super.clientFor(accountId);
    const account = await this.accounts.find(accountId);
    return account ? { account, provider } : null;
  }
}

function ownAccount(id: string, provider: ProviderId, applicationId = 'app-1'): ProviderAccount {
  return { ...platformAccount(provider, 'test', '4242'), _id: id, applicationId, label: id, credentialsVersion: 1 };
}

function session(): SessionDocument {
  return sessionDocument({
    _id: SESSION_ID,
    applicationId: 'app-1',
    livemode: false,
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

function routed(...providers: (string | { provider: string; timeoutMs?: number; account?: string })[]): SessionRouted {
  return {
    sessionId: SESSION_ID,
    applicationId: 'app-1',
    currency: 'AUD',
    amountMinor: 14076,
    candidates: providers.map((entry, index) => {
      const { provider, timeoutMs = 50, account } = typeof entry === 'string' ? { provider: entry } : entry;
      return { provider, ...(account ? { account } : {}), score: 90 - index * 10, factors: [], rankedBy: 'score' as const, timeoutMs };
    }),
    rejected: [],
    routedAt: '2024-01-15T11:00:01Z',
  };
}

function setup(store: InMemorySessionStore, ...providers: PaymentProvider[]) {
  return setupWith(store, providers, new Map());
}

function setupWith(store: InMemorySessionStore, platform: PaymentProvider[], own: Map<string, PaymentProvider>, accounts = new InMemoryProviderAccountStore()) {
  const publisher = new RecordingPublisher();
  const returnUrls = new ShopperReturnUrls('https://checkout.example.com/');
  const clients = new ScriptedClients(platform, own, accounts);
  const rejected = new ReportRejectedCredentials(accounts, publisher, 'urn:test', logger);
  const useCase = new CreateCheckout(store, new SessionLifecycle(store, publisher, 'urn:test'), clients, rejected, returnUrls, new ProviderTelemetry(), logger);
  return { useCase, publisher, accounts };
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

    it('should leave the session PROCESSING and fail the message, not the session, when one of our own stores is down (the sandbox keeps its checkouts in our database)', async () => {
      const store = await storeWith(session());
      const { useCase, publisher } = setup(store, new ScriptedProvider('sandbox', 'our-store-down'), new ScriptedProvider('stripe', 'ok'));
      const failed = await useCase.execute(routed('sandbox', 'stripe')).catch((error: unknown) => error);
      expect(failed).to.be.instanceOf(DependencyUnavailable);
      expect((await stored(store))?.status, 'decided again when the message comes back').to.equal('PROCESSING');
      expect(publisher.payloads(Topics.sessionOutcome)).to.deep.equal([]);
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
          livemode: false,
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

    it('should skip a candidate whose account it does not have', async () => {
      const store = await storeWith(session());
      const { useCase } = setup(store, new ScriptedProvider('sandbox', 'ok'));
      await useCase.execute(routed('stripe', 'sandbox'));
      expect((await stored(store))?.attempts.map((a) => [a.account, a.errorCode ?? a.outcome])).to.deep.equal([
        ['pa_platform_stripe', 'account_not_found'],
        ['pa_platform_sandbox', 'succeeded'],
      ]);
    });

    it("should open the checkout with the merchant's own account and name it on the session", async () => {
      const store = await storeWith(session());
      const mine = new ScriptedProvider('stripe', 'ok');
      const platformStripe = new ScriptedProvider('stripe', 'ok');
      const accounts = new InMemoryProviderAccountStore();
      await accounts.insert(ownAccount('pa_mine', 'stripe'), { provider: 'stripe', secretKey: 'sk_test_mine4242', webhookSecret: 'whsec_mine' });
      const { useCase } = setupWith(store, [platformStripe], new Map([['pa_mine', mine]]), accounts);
      await useCase.execute(routed({ provider: 'stripe', account: 'pa_mine' }));
      expect(mine.calls).to.have.length(1);
      expect(platformStripe.calls).to.have.length(0);
      expect((await stored(store))?.provider).to.deep.equal({ name: 'stripe', reference: 'stripe_ref', accountId: 'pa_mine' });
      expect((await stored(store))?.attempts[0]).to.include({ provider: 'stripe', account: 'pa_mine', outcome: 'succeeded' });
    });

    it('should not call an account disabled since routing, one of another application, nor one of the other mode', async () => {
      const store = await storeWith(session());
      const off = new ScriptedProvider('stripe', 'ok');
      const theirs = new ScriptedProvider('stripe', 'ok');
      const live = new ScriptedProvider('stripe', 'ok');
      const accounts = new InMemoryProviderAccountStore();
      await accounts.insert({ ...ownAccount('pa_off', 'stripe'), status: 'disabled' }, { provider: 'stripe', secretKey: 'sk_test_off', webhookSecret: 'whsec_off' });
      await accounts.insert(ownAccount('pa_theirs', 'stripe', 'app-2'), { provider: 'stripe', secretKey: 'sk_test_theirs', webhookSecret: 'whsec_theirs' });
      await accounts.insert({ ...ownAccount('pa_live', 'stripe'), mode: 'live' }, { provider: 'stripe', secretKey: 'sk_live_mine', webhookSecret: 'whsec_live' });
      const { useCase } = setupWith(store, [new ScriptedProvider('sandbox', 'ok')], new Map([['pa_off', off], ['pa_theirs', theirs], ['pa_live', live]]), accounts);
      // A routing that names a live account for a test session (it never should): the account is not called.
      await useCase.execute(routed({ provider: 'stripe', account: 'pa_off' }, { provider: 'stripe', account: 'pa_theirs' }, { provider: 'stripe', account: 'pa_live' }, 'sandbox'));
      expect(off.calls.length + theirs.calls.length + live.calls.length).to.equal(0);
      expect((await stored(store))?.attempts.map((a) => a.errorCode ?? a.outcome)).to.deep.equal(['account_disabled', 'account_not_found', 'account_wrong_mode', 'succeeded']);
    });

    it("should mark a merchant's account whose credentials the provider refuses, tell the merchant once, and move on", async () => {
      const accounts = new InMemoryProviderAccountStore();
      await accounts.insert(ownAccount('pa_revoked', 'stripe'), { provider: 'stripe', secretKey: 'sk_test_revoked', webhookSecret: 'whsec_revoked' });
      const revoked = new ScriptedProvider('stripe', 'refuses-credentials');
      const store = await storeWith(session());
      const { useCase, publisher } = setupWith(store, [new ScriptedProvider('sandbox', 'ok')], new Map([['pa_revoked', revoked]]), accounts);
      await useCase.execute(routed({ provider: 'stripe', account: 'pa_revoked' }, 'sandbox'));
      expect((await stored(store))?.attempts.map((a) => a.errorCode ?? a.outcome)).to.deep.equal(['credentials_rejected', 'succeeded']);
      const failedToo = await storeWith({ ...session(), _id: 'f0b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9' });
      await setupWith(failedToo, [], new Map([['pa_revoked', revoked]]), accounts).useCase.execute({ ...routed({ provider: 'stripe', account: 'pa_revoked' }, 'adyen'), sessionId: 'f0b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9' });
      expect((await failedToo.find('f0b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9'))?.failure?.detail).to.equal('Every candidate provider failed: stripe account pa_revoked (account_credentials_rejected), adyen (account_not_found).');
      expect(await accounts.find('pa_revoked')).to.include({ status: 'credentials_rejected', statusReason: 'stripe refused the credentials: invalid API key' });
      const events = publisher.payloads(Topics.providerAccountStatus);
      expect(events).to.deep.equal([
        {
          accountId: 'pa_revoked',
          applicationId: 'app-1',
          livemode: false,
          provider: 'stripe',
          credentialsVersion: 1,
          reason: 'stripe refused the credentials: invalid API key',
          sessionId: SESSION_ID,
          rejectedAt: (events[0] as { rejectedAt: string }).rejectedAt,
        },
      ]);
      expect(JSON.stringify(events)).not.to.include('sk_test_revoked');
      // A second session finds the account marked: no call, no second event.
      const again = await storeWith({ ...session() });
      const second = setupWith(again, [new ScriptedProvider('sandbox', 'ok')], new Map([['pa_revoked', revoked]]), accounts);
      await second.useCase.execute(routed({ provider: 'stripe', account: 'pa_revoked' }, 'sandbox'));
      expect(revoked.calls).to.have.length(1);
      expect(second.publisher.payloads(Topics.providerAccountStatus)).to.deep.equal([]);
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
