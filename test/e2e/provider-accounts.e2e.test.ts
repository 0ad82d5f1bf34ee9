import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hmacValidator, type Types } from '@adyen/api-library';
import { MongoClient } from 'mongodb';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import type { AdyenStandIn } from '../support/adyen-stand-in';
import { eventually } from '../support/eventually';
import { flushRedis, infra, redisDatabaseUrl, uniqueName } from '../support/infra';
import { expectCleanLogs } from '../support/log-hygiene';
import { MerchantReceiver } from '../support/merchant-receiver';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import type { StripeStandIn } from '../support/stripe-stand-in';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

const SCOPES = 'sessions:write sessions:read webhooks:write webhooks:read provider-accounts:write provider-accounts:read';

/** Each application's own credentials: two Stripe accounts (two keys on the one Stripe stand-in) and an Adyen one. */
const KEYS = {
  a: { secretKey: 'sk_test_51AppAlphaKeyAu0001', webhookSecret: 'whsec_AppAlphaSigning0001' },
  b: { secretKey: 'sk_test_51AppBravoKeyUs0002', webhookSecret: 'whsec_AppBravoSigning0002' },
  c: { apiKey: 'AQE_app_charlie_key_0003', merchantAccount: 'CharlieECOM', hmacKey: 'C3'.repeat(32) },
};

describe("provider accounts: each merchant's own Stripe and Adyen accounts end to end", function () {
  this.timeout(180_000);
  const database = uniqueName('accounts').replace(/-/g, '_');
  let standIns: ProviderStandIns;
  let stripeStandIn: StripeStandIn;
  let adyenStandIn: AdyenStandIn;
  const receiver = new MerchantReceiver();
  const services: RunningService[] = [];
  let gateway: RunningService;
  let provider: RunningService;
  let mongo: MongoClient;
  const apps = { a: uniqueName('app-a'), b: uniqueName('app-b'), c: uniqueName('app-c') };
  const accounts: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let bravoEndpointSecret = '';

  before(async () => {
    standIns = await startProviderStandIns();
    ({ stripe: stripeStandIn, adyen: adyenStandIn } = standIns);
    adyenStandIn.allowKey(KEYS.c.apiKey, KEYS.c.merchantAccount);
    await receiver.start();
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    const profile = (id: string, baseWeight: number) => ({ id, currencies: ['AUD'], countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 1, fixedMinor: 0 }, baseWeight, timeoutMs: 1500 });
    // Stripe first, then Adyen: a merchant's Stripe account is chosen while it can be.
    writeFileSync(catalogFile, JSON.stringify({ providers: [profile('stripe', 1), profile('adyen', 0.3)] }));
    const redisUrl = redisDatabaseUrl(9);
    await flushRedis(redisUrl);
    const common = {
      MONGO_DATABASE: database,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'debug',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
      ALLOW_HTTP_LOCALHOST_REDIRECTS: 'true',
      ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'true',
      ...standIns.env,
    };
    const providerPort = await freePort();
    // The deployment's own account is at Adyen only: an application with no account of its own at a provider falls back to it.
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile, PROVIDERS: 'adyen', ROUTING_PROBE_PERCENT: '0', PROVIDER_ACCOUNTS_CACHE_MS: '0' }));
    provider = await startService('provider', providerPort, { ...common, PROVIDERS: 'adyen', SANDBOX_PUBLIC_URL: `http://127.0.0.1:${providerPort}` });
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

  async function api(app: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}${route}`, {
      method,
      headers: { authorization: `Bearer ${token(app, { scope: SCOPES })}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }
  const createSession = (app: string) => api(app, 'POST', '/api/v1/sessions', seedBody(), { 'idempotency-key': uniqueName('key') });
  const readSession = async (app: string, sessionId: string) => (await api(app, 'GET', `/api/v1/sessions/${sessionId}`)).body;
  const postWebhook = (route: string, body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${provider.port}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const stripe = new Stripe('sk_test_signing_only');
  const completedEvent = (checkoutId: string) =>
    JSON.stringify({ id: uniqueName('evt'), object: 'event', type: 'checkout.session.completed', data: { object: { id: checkoutId, object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_1' } } });
  const stripeSigned = (payload: string, secret: string) => ({ 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }) });

  it('should onboard a merchant in three calls: a token, its Stripe account (checked at Stripe), a webhook endpoint', async () => {
    const before = stripeStandIn.requests.length;
    const created = await api(apps.a, 'POST', '/api/v1/provider-accounts', { provider: 'stripe', label: 'Alpha AU', credentials: KEYS.a }, { 'idempotency-key': 'onboard-alpha' });
    expect(created.status, created.text).to.equal(201);
    expect(created.body).to.include({ provider: 'stripe', mode: 'test', status: 'enabled', credentialsHint: '0001' });
    expect(created.text).not.to.include(KEYS.a.secretKey).and.not.to.include(KEYS.a.webhookSecret);
    const checks = stripeStandIn.requests.slice(before);
    expect(checks.map((r) => [r.method, r.path, r.headers.authorization])).to.deep.equal([['GET', '/v1/balance', `Bearer ${KEYS.a.secretKey}`]]);
    accounts.a = created.body.id;
    const endpoint = await api(apps.a, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url('/alpha'), enabledEvents: ['*'] });
    expect(endpoint.status).to.equal(201);

    const b = await api(apps.b, 'POST', '/api/v1/provider-accounts', { provider: 'stripe', label: 'Bravo US', credentials: KEYS.b });
    const c = await api(apps.c, 'POST', '/api/v1/provider-accounts', { provider: 'adyen', label: 'Charlie EU', credentials: KEYS.c });
    expect([b.status, c.status], `${b.text} ${c.text}`).to.deep.equal([201, 201]);
    accounts.b = b.body.id;
    accounts.c = c.body.id;
    const bravoEndpoint = await api(apps.b, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url('/bravo'), enabledEvents: ['provider_account.credentials_rejected'] });
    expect(bravoEndpoint.status).to.equal(201);
    bravoEndpointSecret = bravoEndpoint.body.secret;
  });

  it("should refuse credentials the provider refuses, with the provider's reason, saving nothing", async () => {
    stripeStandIn.revoke('sk_test_51RevokedBeforeOnboard');
    const refused = await api(apps.a, 'POST', '/api/v1/provider-accounts', { provider: 'stripe', label: 'Old', credentials: { secretKey: 'sk_test_51RevokedBeforeOnboard', webhookSecret: 'whsec_OldOldOldOld' } });
    expect(refused.status).to.equal(422);
    expect(refused.body).to.include({ code: 'provider_credentials_invalid' });
    expect(refused.body.detail).to.include('Invalid API Key provided');
    expect(refused.text).not.to.include('sk_test_51RevokedBeforeOnboard');
    const wrongMerchant = await api(apps.c, 'POST', '/api/v1/provider-accounts', { provider: 'adyen', label: 'Not mine', credentials: { ...KEYS.c, merchantAccount: 'SomeoneElseECOM' } });
    expect(wrongMerchant.status).to.equal(422);
    expect((await api(apps.a, 'GET', '/api/v1/provider-accounts')).body.data.map((a: { id: string }) => a.id)).to.deep.equal([accounts.a]);
  });

  it("should create each application's checkout with its own account's key, and name the account on the session", async () => {
    for (const [app, key] of [[apps.a, KEYS.a.secretKey], [apps.b, KEYS.b.secretKey]] as const) {
      const created = await createSession(app);
      expect(created.status, created.text).to.equal(201);
      const last = stripeStandIn.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
      expect(last.headers.authorization).to.equal(`Bearer ${key}`);
      expect(last.headers['idempotency-key']).to.equal(created.body.sessionId);
      const session = await readSession(app, created.body.sessionId);
      expect(session.provider.accountId).to.equal(app === apps.a ? accounts.a : accounts.b);
      expect(session.routing.candidates[0].account).to.equal(session.provider.accountId);
    }
    const charlie = await createSession(apps.c);
    expect(charlie.status, charlie.text).to.equal(201);
    const asked = adyenStandIn.requests.filter((r) => r.path === '/v72/sessions').at(-1)!;
    expect(asked.headers['x-api-key']).to.equal(KEYS.c.apiKey);
    expect(JSON.parse(asked.body).merchantAccount).to.equal(KEYS.c.merchantAccount);
    // Charlie's own Adyen account hides the platform's; Stripe it has no account at.
    const session = await readSession(apps.c, charlie.body.sessionId);
    expect(session.routing.candidates.map((c: { account: string }) => c.account)).to.deep.equal([accounts.c]);
    expect(session.routing.rejected.map((r: { provider: string }) => r.provider)).to.deep.equal(['stripe']);
  });

  it("should verify each account's webhooks with that account's secret: another account's secret, or another account's session, is refused", async () => {
    const created = await createSession(apps.a);
    const session = await readSession(apps.a, created.body.sessionId);
    const payload = completedEvent(session.provider.reference);
    const signedByB = await postWebhook(`/webhooks/stripe/${accounts.a}`, payload, stripeSigned(payload, KEYS.b.webhookSecret));
    expect(signedByB.status).to.equal(400);
    expect(await signedByB.json()).to.include({ code: 'invalid_webhook_signature' });
    const platformRoute = await postWebhook('/webhooks/stripe', payload, stripeSigned(payload, KEYS.a.webhookSecret));
    expect(platformRoute.status, 'no platform Stripe account here').to.equal(404);
    // B's own secret on B's route, about A's checkout: signed, but not B's session: ignored.
    const misrouted = await postWebhook(`/webhooks/stripe/${accounts.b}`, payload, stripeSigned(payload, KEYS.b.webhookSecret));
    expect(misrouted.status).to.equal(200);
    expect((await readSession(apps.a, created.body.sessionId)).status).to.equal('PENDING');
    const genuine = await postWebhook(`/webhooks/stripe/${accounts.a}`, payload, stripeSigned(payload, KEYS.a.webhookSecret));
    expect(genuine.status).to.equal(200);
    expect((await readSession(apps.a, created.body.sessionId)).status).to.equal('COMPLETED');
  });

  it("should complete an Adyen session only on a notification with the account's merchant account, amount and currency", async () => {
    const created = await createSession(apps.c);
    const session = await readSession(apps.c, created.body.sessionId);
    expect(session.provider).to.include({ name: 'adyen', accountId: accounts.c });
    const notification = (overrides: Partial<Types.notification.NotificationRequestItem>) => {
      const item = {
        amount: { currency: 'AUD', value: 14076 },
        eventCode: 'AUTHORISATION',
        eventDate: new Date().toISOString(),
        merchantAccountCode: KEYS.c.merchantAccount,
        merchantReference: created.body.sessionId,
        pspReference: uniqueName('PSP').slice(0, 16),
        success: 'true',
        additionalData: { checkoutSessionId: session.provider.reference },
        ...overrides,
      } as Types.notification.NotificationRequestItem;
      item.additionalData = { ...item.additionalData, hmacSignature: new hmacValidator().calculateHmac(item, KEYS.c.hmacKey) };
      return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] });
    };
    for (const mismatch of [{ amount: { currency: 'AUD', value: 1 } }, { amount: { currency: 'NZD', value: 14076 } }, { merchantAccountCode: 'OtherECOM' }]) {
      const answer = await postWebhook(`/webhooks/adyen/${accounts.c}`, notification(mismatch), {});
      expect(answer.status, JSON.stringify(mismatch)).to.equal(200);
      expect((await readSession(apps.c, created.body.sessionId)).status, JSON.stringify(mismatch)).to.equal('PENDING');
    }
    const answer = await postWebhook(`/webhooks/adyen/${accounts.c}`, notification({}), {});
    expect(await answer.text()).to.equal('[accepted]');
    expect((await readSession(apps.c, created.body.sessionId)).status).to.equal('COMPLETED');
  });

  it('should send nothing more to a disabled account, while its sessions already open still complete', async () => {
    const open = await createSession(apps.a);
    const reference = (await readSession(apps.a, open.body.sessionId)).provider.reference as string;
    const disabled = await api(apps.a, 'PATCH', `/api/v1/provider-accounts/${accounts.a}`, { status: 'disabled' });
    expect(disabled.body).to.include({ status: 'disabled' });
    const before = stripeStandIn.requests.length;
    const next = await createSession(apps.a);
    expect(next.status, next.text).to.equal(201);
    expect(stripeStandIn.requests.slice(before).filter((r) => r.headers.authorization === `Bearer ${KEYS.a.secretKey}`)).to.deep.equal([]);
    // Its own Stripe account hides the platform's: the next candidate is the platform's Adyen account.
    expect(next.body.routing.selectedProvider).to.equal('adyen');
    const payload = completedEvent(reference);
    expect((await postWebhook(`/webhooks/stripe/${accounts.a}`, payload, stripeSigned(payload, KEYS.a.webhookSecret))).status).to.equal(200);
    expect((await readSession(apps.a, open.body.sessionId)).status).to.equal('COMPLETED');
    await api(apps.a, 'PATCH', `/api/v1/provider-accounts/${accounts.a}`, { status: 'enabled' });
  });

  it('should move new sessions off a key the provider starts refusing, mark the account, and tell the merchant once', async () => {
    stripeStandIn.revoke(KEYS.b.secretKey);
    const moved = await createSession(apps.b);
    expect(moved.status, moved.text).to.equal(201);
    expect(moved.body.routing.selectedProvider).to.equal('adyen');
    const attempts = (await readSession(apps.b, moved.body.sessionId)).attempts as { account: string; errorCode?: string }[];
    expect(attempts[0]).to.include({ account: accounts.b, errorCode: 'credentials_rejected' });
    const account = (await api(apps.b, 'GET', `/api/v1/provider-accounts/${accounts.b}`)).body;
    expect(account).to.include({ status: 'credentials_rejected' });
    expect(account.statusReason).to.include('Invalid API Key provided');
    const [delivery] = await eventually(async () => {
      const received = receiver.at('/bravo');
      expect(received).to.have.length(1);
      return received;
    }, 20_000);
    const event = JSON.parse(delivery!.body);
    expect(event).to.include({ type: 'provider_account.credentials_rejected' });
    expect(event.data.object).to.include({ id: accounts.b, status: 'credentials_rejected', credentialsHint: '0002' });
    expect(delivery!.body).not.to.include(KEYS.b.secretKey);
    // Signed like every delivery: the merchant verifies it with its endpoint's secret.
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivery!.headers[name])]));
    expect(new Webhook(bravoEndpointSecret).verify(delivery!.body, headers)).to.deep.equal(event);

    const before = stripeStandIn.requests.length;
    const after = await createSession(apps.b);
    expect(after.status).to.equal(201);
    expect(stripeStandIn.requests.slice(before).filter((r) => r.headers.authorization === `Bearer ${KEYS.b.secretKey}`)).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at('/bravo'), 'one event per refused credentials').to.have.length(1);
    // New credentials, checked, enable it again.
    const renewed = await api(apps.b, 'PATCH', `/api/v1/provider-accounts/${accounts.b}`, { credentials: { secretKey: 'sk_test_51AppBravoKeyUs0003', webhookSecret: KEYS.b.webhookSecret } });
    expect(renewed.body).to.include({ status: 'enabled', credentialsHint: '0003' });
  });

  it('should keep no credential or webhook signing secret in clear in MongoDB, nor in any log line', async () => {
    const raw = JSON.stringify([
      ...(await mongo.db(database).collection('provider_accounts').find({}).toArray()),
      ...(await mongo.db(database).collection('webhook_endpoints').find({}).toArray()),
    ]);
    expect(raw).to.include('sealed:v1:');
    for (const secret of [KEYS.a.secretKey, KEYS.a.webhookSecret, KEYS.b.secretKey, KEYS.b.webhookSecret, 'sk_test_51AppBravoKeyUs0003', KEYS.c.apiKey, KEYS.c.hmacKey, 'whsec_']) {
      expect(raw, secret).not.to.include(secret);
    }
    expectCleanLogs(services, [KEYS.a.secretKey, KEYS.a.webhookSecret, KEYS.b.secretKey, KEYS.c.apiKey, KEYS.c.hmacKey, 'sk_test_51AppBravoKeyUs0003']);
  });
});
