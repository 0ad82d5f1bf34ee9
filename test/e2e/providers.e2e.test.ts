import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hmacValidator, type Types } from '@adyen/api-library';
import { MongoClient } from 'mongodb';
import Stripe from 'stripe';
import { createKafka, createLogger } from '@checkout/platform';
import { Topics } from '@checkout/contracts';
import type { AdyenStandIn } from '../support/adyen-stand-in';
import { flushRedis, infra, redisDatabaseUrl, uniqueName } from '../support/infra';
import { ADYEN_HMAC_KEY, startProviderStandIns, STRIPE_WEBHOOK_SECRET, type ProviderStandIns } from '../support/provider-stand-ins';
import { expectCleanLogs } from '../support/log-hygiene';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import type { StripeStandIn } from '../support/stripe-stand-in';
import { pressOnSandboxPage, sandboxFormToken } from '../support/sandbox-page';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, sandboxCheckoutId } from '@checkout/providers';


interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('providers, failover, webhooks and the session lifecycle end to end', function () {
  this.timeout(120_000);
  const database = uniqueName('providers').replace(/-/g, '_');
  let standIns: ProviderStandIns;
  let stripeStandIn: StripeStandIn;
  let adyenStandIn: AdyenStandIn;
  const services: RunningService[] = [];
  let gateway: RunningService;
  let providerA: RunningService;
  let mongo: MongoClient;
  const applicationId = uniqueName('app');

  before(async () => {
    standIns = await startProviderStandIns();
    ({ stripe: stripeStandIn, adyen: adyenStandIn } = standIns);
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    // Each provider call's one timeout comes from the catalog.
    const profile = (id: string, currencies: string[], baseWeight: number) => ({
      id, currencies, countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 1, fixedMinor: 0 }, baseWeight, timeoutMs: 1500,
    });
    // Stripe leads Adyen by far more than the failures these tests cause can take from it.
    writeFileSync(catalogFile, JSON.stringify({ providers: [profile('stripe', ['AUD', 'JPY'], 1), profile('adyen', ['AUD', 'JPY'], 0.3), profile('sandbox', ['NZD'], 0.9)] }));
    // A Redis database of its own, so that the live signals of other suites do not steer routing here.
    const redisUrl = redisDatabaseUrl(6);
    await flushRedis(redisUrl);
    const common = {
      MONGO_DATABASE: database,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'debug', // every line a service can write, for the log hygiene check
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
    };
    const providerPorts = [await freePort(), await freePort()];
    const providerEnv = (port: number) => ({
      ...common,
      PROVIDERS: 'sandbox,stripe,adyen',
      SWEEP_INTERVAL_MS: '200',
      SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...standIns.env,
    });
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile, PROVIDERS: 'sandbox,stripe,adyen', ROUTING_PROBE_PERCENT: '0' }));
    providerA = await startService('provider', providerPorts[0]!, providerEnv(providerPorts[0]!), 'provider-a');
    services.push(providerA, await startService('provider', providerPorts[1]!, providerEnv(providerPorts[1]!), 'provider-b'));
    gateway = await startService('gateway', await freePort(), common);
    services.push(gateway);
    mongo = await new MongoClient(infra.mongoUrl).connect();
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await standIns?.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  afterEach(function () {
    stripeStandIn.recover();
    adyenStandIn.recover();
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  const sessions = () => mongo.db(database).collection<{ _id: string; status: string; attempts: unknown[] }>('sessions');

  async function create(body: unknown = seedBody(), app = applicationId): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(app)}`, 'idempotency-key': uniqueName('key') },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function read(sessionId: string, app = applicationId): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token(app)}` } });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function expire(sessionId: string, app = applicationId): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${sessionId}/expire`, { method: 'POST', headers: { authorization: `Bearer ${token(app)}` } });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  const nzd = () => ({ ...seedBody(), currency: 'NZD' });
  const statusOf = async (sessionId: string) => (await read(sessionId)).body.status as string;

  describe('creating checkouts', () => {
    it('should create the session at Stripe, the best candidate, with our sessionId as idempotency key', async () => {
      const answer = await create();
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body.routing.selectedProvider).to.equal('stripe');
      expect(answer.body.checkoutUrl).to.match(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
      expect(stripeStandIn.requests.at(-1)?.headers['idempotency-key']).to.equal(answer.body.sessionId);
    });

    it('should fail over to Adyen when Stripe is down, recording both attempts', async () => {
      stripeStandIn.fail('http500', Infinity);
      const answer = await create();
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body.routing.selectedProvider).to.equal('adyen');
      expect(answer.body.checkoutUrl).to.match(/\/checkoutshopper\/checkout\/session\?id=CS[0-9A-F]+$/);
      const attempts = (await read(answer.body.sessionId)).body.attempts;
      expect(attempts.map((a: { provider: string; outcome: string; errorCode?: string }) => [a.provider, a.outcome, a.errorCode ?? null])).to.deep.equal([
        ['stripe', 'failed', 'http_500'],
        ['adyen', 'succeeded', null],
      ]);
    });

    it('should record a Stripe call slower than its catalog timeout as a timeout, and fail over to Adyen', async () => {
      stripeStandIn.fail('timeout', Infinity);
      const answer = await create();
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body.routing.selectedProvider).to.equal('adyen');
      const attempts = (await read(answer.body.sessionId)).body.attempts as { provider: string; outcome: string; errorCode?: string; latencyMs: number }[];
      expect(attempts.map((a) => [a.provider, a.outcome, a.errorCode ?? null])).to.deep.equal([
        ['stripe', 'failed', 'timeout'],
        ['adyen', 'succeeded', null],
      ]);
      // Given up at the catalog's 1.5 s: not earlier, and not at the 5 s a provider without one gets.
      expect(attempts[0]!.latencyMs).to.be.at.least(1400).and.below(5000);
    });

    it('should answer 502 provider_unavailable when every provider fails, and store the session FAILED', async () => {
      stripeStandIn.fail('timeout', Infinity);
      adyenStandIn.fail('http429', Infinity);
      const answer = await create();
      expect(answer.status).to.equal(502);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body).to.include({ code: 'provider_unavailable', status: 502 });
      expect(answer.body.detail).to.contain('stripe (timeout)').and.to.contain('adyen (rate_limited)');
      const stored = await sessions().findOne({ _id: answer.body.sessionId });
      expect(stored?.status).to.equal('FAILED');
      expect(stored?.attempts).to.have.length(2);
    });
  });

  describe('webhooks', () => {
    const stripe = new Stripe('sk_test_e2e');
    const stripeEvent = (id: string, type: string, checkoutId: string) =>
      JSON.stringify({ id, object: 'event', type, data: { object: { id: checkoutId, object: 'checkout.session', payment_status: 'paid' } } });
    const postWebhook = (provider: string, body: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${providerA.port}/webhooks/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('should complete a session once on a valid Stripe webhook, and ignore its redelivery', async () => {
      const created = await create();
      const reference = (await read(created.body.sessionId)).body.provider.reference as string;
      const payload = stripeEvent('evt_completed_1', 'checkout.session.completed', reference);
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET });
      const first = await postWebhook('stripe', payload, { 'stripe-signature': signature });
      expect(first.status).to.equal(200);
      expect(await first.json()).to.deep.equal({ received: true });
      expect(await statusOf(created.body.sessionId)).to.equal('COMPLETED');
      const updatedAt = (await read(created.body.sessionId)).body.updatedAt;
      const again = await postWebhook('stripe', payload, { 'stripe-signature': signature });
      expect(again.status).to.equal(200);
      expect((await read(created.body.sessionId)).body.updatedAt).to.equal(updatedAt);
    });

    it('should refuse a bad or stale signature with 400 and change nothing', async () => {
      const created = await create();
      const reference = (await read(created.body.sessionId)).body.provider.reference as string;
      const payload = stripeEvent('evt_forged', 'checkout.session.completed', reference);
      const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
      const stale = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
      for (const signature of [forged, stale, '']) {
        const answer = await postWebhook('stripe', payload, signature ? { 'stripe-signature': signature } : {});
        expect(answer.status).to.equal(400);
        expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(await answer.json()).to.include({ code: 'invalid_webhook_signature' });
      }
      expect(await statusOf(created.body.sessionId)).to.equal('PENDING');
      expect((await postWebhook('paypal', payload, {})).status).to.equal(404);
    });

    it('should fail a session on a signed Adyen refusal, acknowledged with [accepted]', async () => {
      stripeStandIn.fail('http500', Infinity);
      const created = await create();
      const reference = (await read(created.body.sessionId)).body.provider.reference as string;
      const item = {
        amount: { currency: 'AUD', value: 14076 },
        eventCode: 'AUTHORISATION',
        eventDate: new Date().toISOString(),
        merchantAccountCode: 'CheckoutECOM',
        merchantReference: created.body.sessionId,
        pspReference: 'PSP0000000000001',
        success: 'false',
        additionalData: { checkoutSessionId: reference },
      } as Types.notification.NotificationRequestItem;
      item.additionalData = { ...item.additionalData, hmacSignature: new hmacValidator().calculateHmac(item, ADYEN_HMAC_KEY) };
      const answer = await postWebhook('adyen', JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }), {});
      expect(answer.status).to.equal(200);
      expect(await answer.text()).to.equal('[accepted]');
      expect(await statusOf(created.body.sessionId)).to.equal('FAILED');
    });
  });

  describe('the sandbox provider', () => {
    it("should complete a session end to end when the shopper presses Pay on the sandbox page", async () => {
      const created = await create(nzd());
      expect(created.status).to.equal(201);
      expect(created.body.routing.selectedProvider).to.equal('sandbox');
      const page = await fetch(created.body.checkoutUrl);
      expect(page.status).to.equal(200);
      const html = await page.text();
      expect(html).to.contain('ORD-2024-001').and.to.contain('NZ$140.76').and.to.contain('>Pay</button>');

      const token = await sandboxFormToken(created.body.checkoutUrl);
      const pay = await pressOnSandboxPage(created.body.checkoutUrl, 'pay', token);
      expect(pay.status).to.equal(303);
      expect(pay.headers.get('location')).to.equal('https://merchant.example.com/checkout/success');
      await until('the sandbox webhook to complete the session', async () => ((await statusOf(created.body.sessionId)) === 'COMPLETED' ? true : undefined));
      const payAgain = await pressOnSandboxPage(created.body.checkoutUrl, 'pay', token);
      expect(payAgain.status).to.equal(409);
    });

    it('should send the shopper back without a webhook on Cancel, and fail the session on Decline', async () => {
      const created = await create(nzd());
      const cancel = await pressOnSandboxPage(created.body.checkoutUrl, 'cancel');
      expect(cancel.status).to.equal(303);
      expect(cancel.headers.get('location')).to.equal('https://merchant.example.com/checkout/failure');
      expect(await statusOf(created.body.sessionId)).to.equal('PENDING');
      const decline = await pressOnSandboxPage(created.body.checkoutUrl, 'decline');
      expect(decline.status).to.equal(303);
      await until('the decline to fail the session', async () => ((await statusOf(created.body.sessionId)) === 'FAILED' ? true : undefined));
    });
  });

  describe('lifecycle', () => {
    it('should let the merchant expire a PENDING session (409 afterwards), closing the checkout at the provider', async () => {
      const created = await create();
      const reference = (await read(created.body.sessionId)).body.provider.reference as string;
      const expired = await expire(created.body.sessionId);
      expect(expired.status).to.equal(200);
      expect(expired.body).to.include({ sessionId: created.body.sessionId, status: 'EXPIRED' });
      const again = await expire(created.body.sessionId);
      expect(again.status).to.equal(409);
      expect(again.body).to.include({ code: 'session_not_pending' });
      expect((await expire(created.body.sessionId, uniqueName('other'))).status).to.equal(404);
      await until('Stripe to expire the checkout', async () => (stripeStandIn.sessions.get(reference)?.status === 'expired' ? true : undefined));
    });

    it('should expire overdue sessions exactly once with two sweepers running, and close their sandbox checkouts', async () => {
      const created = await Promise.all([create(nzd()), create(nzd()), create(nzd())]);
      const ids = created.map((answer) => answer.body.sessionId as string);
      await sessions().updateMany({ _id: { $in: ids } }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      for (const id of ids) await until(`${id} to expire`, async () => ((await statusOf(id)) === 'EXPIRED' ? true : undefined));

      const kafka = createKafka({ clientId: 'e2e-status', brokers: infra.kafkaBrokers, logger: createLogger({ service: 'e2e', level: 'silent' }) });
      const consumer = kafka.consumer({ groupId: uniqueName('status-reader') });
      const seen = new Map<string, number>();
      await consumer.connect();
      await consumer.subscribe({ topic: Topics.sessionStatus, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          if (ids.includes(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
        },
      });
      await until('the status events', async () => (seen.size === ids.length ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await consumer.disconnect();
      expect(Object.fromEntries(seen)).to.deep.equal(Object.fromEntries(ids.map((id) => [id, 1])));

      const checkouts = mongo.db(database).collection('sandbox_checkouts');
      const references = ids.map((id) => sandboxCheckoutId(id, DEVELOPMENT_SANDBOX_WEBHOOK_SECRET));
      await until('the sandbox checkouts to close', async () =>
        (await checkouts.countDocuments({ _id: { $in: references as never[] }, status: 'expired' })) === ids.length ? true : undefined);
    });
  });

  // A suite of its own, so that mocha runs it after every other test of this file.
  describe('log hygiene', () => {
    it("should leave no customer data, token or Authorization header in any service's log, after all of the above", () => {
      expectCleanLogs(services);
    });
  });
});
