import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import Stripe from 'stripe';
import { eventually } from '../support/eventually';
import { flushRedis, infra, redisDatabaseUrl, uniqueName } from '../support/infra';
import { MerchantReceiver } from '../support/merchant-receiver';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

const SCOPES = 'sessions:write sessions:read webhooks:write webhooks:read provider-accounts:write provider-accounts:read';
const KEYS = {
  test: { secretKey: 'sk_test_51ModesTestKey0001', webhookSecret: 'whsec_ModesTestSigning0001' },
  live: { secretKey: 'sk_live_51ModesLiveKey0002', webhookSecret: 'whsec_ModesLiveSigning0002' },
};
type Mode = 'test' | 'live' | 'no claim';

describe('test and live mode in one deployment: one application, two disjoint worlds (each service its own process)', function () {
  this.timeout(180_000);
  const database = uniqueName('modes').replace(/-/g, '_');
  const app = uniqueName('app');
  let standIns: ProviderStandIns;
  const receiver = new MerchantReceiver();
  const services: RunningService[] = [];
  let gateway: RunningService;
  let provider: RunningService;
  let mongo: MongoClient;
  const accounts = { test: '', live: '' };
  const sessionsOf: Record<'test' | 'live', string[]> = { test: [], live: [] };

  before(async () => {
    standIns = await startProviderStandIns();
    await receiver.start();
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    const profile = (id: string, baseWeight: number) => ({ id, currencies: ['AUD'], countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 1, fixedMinor: 0 }, baseWeight, timeoutMs: 1500 });
    // Stripe first while an account can take the session; the sandbox after it.
    writeFileSync(catalogFile, JSON.stringify({ providers: [profile('stripe', 1), profile('sandbox', 0.3)] }));
    const redisUrl = redisDatabaseUrl(10);
    await flushRedis(redisUrl);
    const common = {
      MONGO_DATABASE: database,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'warn',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
      ALLOW_HTTP_LOCALHOST_REDIRECTS: 'true',
      ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'true',
      ...standIns.env,
    };
    // The deployment's only platform account is the sandbox: test sessions have it, live ones never.
    const providerPort = await freePort();
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile, PROVIDERS: 'sandbox', ROUTING_PROBE_PERCENT: '0', PROVIDER_ACCOUNTS_CACHE_MS: '0' }));
    provider = await startService('provider', providerPort, { ...common, PROVIDERS: 'sandbox', SANDBOX_PUBLIC_URL: `http://127.0.0.1:${providerPort}` });
    gateway = await startService('gateway', await freePort(), common);
    services.push(provider, gateway, await startService('notifications', await freePort(), { ...common, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '100' }));
    mongo = await new MongoClient(infra.mongoUrl).connect();
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await standIns?.stop();
    await receiver.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  async function api(mode: Mode, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const bearer = token(app, { scope: SCOPES, mode: mode === 'no claim' ? null : mode });
    const response = await fetch(`http://127.0.0.1:${gateway.port}${route}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }
  const ids = (answer: Answer) => (answer.body.data as { id?: string; sessionId?: string }[]).map((item) => item.id ?? item.sessionId);
  const stripe = new Stripe('sk_test_signing_only');
  const complete = async (accountId: string, checkoutId: string, secret: string) => {
    const payload = JSON.stringify({ id: uniqueName('evt'), object: 'event', type: 'checkout.session.completed', data: { object: { id: checkoutId, object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_1' } } });
    const answer = await fetch(`http://127.0.0.1:${provider.port}/webhooks/stripe/${accountId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    });
    expect(answer.status).to.equal(200);
  };

  it('should fail a live session with only the sandbox available as no_eligible_provider, saying "mode", for a token with no mode claim', async () => {
    const created = await api('no claim', 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': 'only-sandbox' });
    expect(created.status, created.text).to.equal(422);
    expect(created.body).to.include({ code: 'no_eligible_provider' });
    expect(created.body.detail).to.include('sandbox mode: a test account cannot serve a live session');
    const session = (await api('live', 'GET', `/api/v1/sessions/${created.body.sessionId}`)).body;
    expect(session).to.include({ status: 'FAILED', livemode: true });
    expect(session.failure.code).to.equal('no_eligible_provider');
    // The same request in test mode goes to the sandbox.
    const test = await api('test', 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': 'only-sandbox' });
    expect(test.status, test.text).to.equal(201);
    expect(test.body.routing.selectedProvider).to.equal('sandbox');
    expect(test.body.sessionId).not.to.equal(created.body.sessionId);
    sessionsOf.live.push(created.body.sessionId);
    sessionsOf.test.push(test.body.sessionId);
  });

  it("should keep each mode's provider accounts and webhook endpoints to itself", async () => {
    const wrongMode = await api('test', 'POST', '/api/v1/provider-accounts', { provider: 'stripe', label: 'Live key, test token', credentials: KEYS.live });
    expect(wrongMode.status).to.equal(422);
    expect(wrongMode.body).to.include({ code: 'provider_account_wrong_mode' });
    for (const mode of ['test', 'live'] as const) {
      const created = await api(mode, 'POST', '/api/v1/provider-accounts', { provider: 'stripe', label: `Stripe ${mode}`, credentials: KEYS[mode] }, { 'idempotency-key': 'stripe-account' });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ mode, livemode: mode === 'live' });
      accounts[mode] = created.body.id;
      const endpoint = await api(mode, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url(`/${mode}`), enabledEvents: ['*'] }, { 'idempotency-key': 'endpoint' });
      expect(endpoint.status, endpoint.text).to.equal(201);
      expect(endpoint.body.livemode).to.equal(mode === 'live');
    }
    expect(accounts.test, 'one Idempotency-Key, two modes: two accounts').not.to.equal(accounts.live);
    expect(ids(await api('test', 'GET', '/api/v1/provider-accounts'))).to.deep.equal([accounts.test]);
    expect(ids(await api('live', 'GET', '/api/v1/provider-accounts'))).to.deep.equal([accounts.live]);
    expect(ids(await api('no claim', 'GET', '/api/v1/provider-accounts'))).to.deep.equal([accounts.live]);
    expect((await api('test', 'GET', `/api/v1/provider-accounts/${accounts.live}`)).status).to.equal(404);
    expect((await api('live', 'GET', `/api/v1/provider-accounts/${accounts.test}`)).status).to.equal(404);
    const testEndpoints = ids(await api('test', 'GET', '/api/v1/webhook-endpoints'));
    const liveEndpoints = ids(await api('live', 'GET', '/api/v1/webhook-endpoints'));
    expect(testEndpoints).to.have.length(1);
    expect(liveEndpoints).to.have.length(1);
    expect((await api('live', 'GET', `/api/v1/webhook-endpoints/${testEndpoints[0]}`)).status).to.equal(404);
    expect((await api('test', 'DELETE', `/api/v1/webhook-endpoints/${liveEndpoints[0]}`)).status).to.equal(404);
  });

  it("should take one Idempotency-Key once per mode, open each checkout with its own mode's key, and tell each mode's endpoint only of its own", async () => {
    const before = standIns.stripe.requests.length;
    const created = {
      test: await api('test', 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': 'order-1' }),
      live: await api('live', 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': 'order-1' }),
    };
    for (const mode of ['test', 'live'] as const) {
      expect(created[mode].status, created[mode].text).to.equal(201);
      expect(Object.keys(created[mode].body).sort(), 'the seed response, unchanged').to.deep.equal(['checkoutUrl', 'createdAt', 'expiresAt', 'routing', 'sessionId', 'status']);
      expect(created[mode].body.routing.selectedProvider).to.equal('stripe');
      sessionsOf[mode].push(created[mode].body.sessionId);
    }
    expect(created.test.body.sessionId).not.to.equal(created.live.body.sessionId);
    const replayed = await api('no claim', 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': 'order-1' });
    expect(replayed.body, 'a token with no mode claim replays the live key').to.deep.equal(created.live.body);
    const checkouts = standIns.stripe.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    expect(checkouts.map((r) => [r.headers['idempotency-key'], r.headers.authorization])).to.deep.equal([
      [created.test.body.sessionId, `Bearer ${KEYS.test.secretKey}`],
      [created.live.body.sessionId, `Bearer ${KEYS.live.secretKey}`],
    ]);

    for (const mode of ['test', 'live'] as const) {
      const session = (await api(mode, 'GET', `/api/v1/sessions/${created[mode].body.sessionId}`)).body;
      expect(session).to.include({ livemode: mode === 'live' });
      expect(session.provider.accountId).to.equal(accounts[mode]);
      await complete(accounts[mode], session.provider.reference, KEYS[mode].webhookSecret);
    }
    for (const mode of ['test', 'live'] as const) {
      const [delivery] = await eventually(async () => {
        const received = receiver.at(`/${mode}`);
        expect(received).to.have.length(1);
        return received;
      }, 20_000);
      const event = JSON.parse(delivery!.body);
      expect(event).to.include({ type: 'checkout.session.completed', livemode: mode === 'live' });
      expect(event.data.object).to.include({ sessionId: created[mode].body.sessionId, livemode: mode === 'live', status: 'COMPLETED' });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at('/test'), 'the test endpoint hears nothing of live payments').to.have.length(1);
    expect(receiver.at('/live'), 'the live endpoint hears nothing of test payments').to.have.length(1);
  });

  it('should never mix the modes in a list or a read, whatever the object', async () => {
    for (const [mode, other] of [['test', 'live'], ['live', 'test']] as const) {
      const listed = await api(mode, 'GET', '/api/v1/sessions?limit=100');
      expect(ids(listed).sort()).to.deep.equal([...sessionsOf[mode]].sort());
      expect((listed.body.data as { livemode: boolean }[]).every((session) => session.livemode === (mode === 'live'))).to.equal(true);
      for (const sessionId of sessionsOf[other]) expect((await api(mode, 'GET', `/api/v1/sessions/${sessionId}`)).status).to.equal(404);
      const events = await api(mode, 'GET', '/api/v1/events?limit=100');
      expect(events.body.data.length).to.be.greaterThan(0);
      expect((events.body.data as { livemode: boolean }[]).every((event) => event.livemode === (mode === 'live'))).to.equal(true);
      for (const event of (await api(other, 'GET', '/api/v1/events?limit=100')).body.data as { id: string }[]) {
        expect((await api(mode, 'GET', `/api/v1/events/${event.id}`)).status).to.equal(404);
      }
    }
    expect(ids(await api('no claim', 'GET', '/api/v1/sessions?limit=100')).sort()).to.deep.equal([...sessionsOf.live].sort());
  });

  it('should never let a test session reach a live key at the stand-in', async () => {
    const testSessions = new Set(sessionsOf.test);
    const withLiveKey = standIns.stripe.requests.filter((r) => String(r.headers.authorization).startsWith('Bearer sk_live_'));
    expect(withLiveKey.length).to.be.greaterThan(0);
    for (const request of withLiveKey) expect(testSessions.has(String(request.headers['idempotency-key'])), request.path).to.equal(false);
    // And the other way round: a live session at a test key.
    const liveSessions = new Set(sessionsOf.live);
    for (const request of standIns.stripe.requests.filter((r) => String(r.headers.authorization).startsWith('Bearer sk_test_'))) {
      expect(liveSessions.has(String(request.headers['idempotency-key'])), request.path).to.equal(false);
    }
  });
});
