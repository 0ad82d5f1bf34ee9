import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { createLogger, connectMongo, type MongoConnection } from '@checkout/platform';
import { MongoSessionStore, SessionLifecycle } from '@checkout/sessions';
import { ExpireOverdueSessions } from '../../services/provider/src/lifecycle/expire-overdue-sessions';
import type { AdyenStandIn } from '../support/adyen-stand-in';
import { flushRedis, infra, redisDatabaseUrl, uniqueName } from '../support/infra';
import { expectCleanLogs } from '../support/log-hygiene';
import { MerchantReceiver } from '../support/merchant-receiver';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { RecordingPublisher } from '../support/recording-publisher';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import type { StripeStandIn } from '../support/stripe-stand-in';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The whole order reaches the provider (#24), each service its own process on real infrastructure,
 * routed by the built-in catalog to Stripe and Adyen stand-ins that record what the official SDKs sent.
 */
describe('the whole order reaches the provider, end to end (built-in catalog, Stripe and Adyen stand-ins, real Chromium)', function () {
  this.timeout(120_000);
  const database = uniqueName('order').replace(/-/g, '_');
  let standIns: ProviderStandIns;
  let stripe: StripeStandIn;
  let adyen: AdyenStandIn;
  const merchant = new MerchantReceiver();
  const services: RunningService[] = [];
  let gateway: RunningService;
  let mongo: MongoClient;
  const stripeApp = uniqueName('stripe-app');
  const adyenApp = uniqueName('adyen-app');

  before(async () => {
    standIns = await startProviderStandIns();
    ({ stripe, adyen } = standIns);
    await merchant.start();
    const rulesFile = path.join(tmpdir(), `${database}-rules.json`);
    // One merchant's sessions go to Adyen; every other application's follow the built-in scores (Stripe first).
    writeFileSync(rulesFile, JSON.stringify({ applications: { [adyenApp]: { allow: ['adyen'] } } }));
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
      // No sandbox: a method neither real provider offers has nowhere to go.
      PROVIDERS: 'stripe,adyen',
    };
    const providerPort = await freePort();
    services.push(await startService('routing', await freePort(), { ...common, ROUTING_RULES_FILE: rulesFile, ROUTING_PROBE_PERCENT: '0' }));
    services.push(await startService('provider', providerPort, { ...common, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${providerPort}`, SWEEP_INTERVAL_MS: '0', ...standIns.env }));
    gateway = await startService('gateway', await freePort(), common);
    services.push(gateway);
    mongo = await new MongoClient(infra.mongoUrl).connect();
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await standIns?.stop();
    await merchant.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  /** The seed, paying with `paymentMethod`, coming back to the merchant receiver's pages. */
  const order = (overrides: Record<string, unknown> = {}) => ({
    ...seedBody(),
    redirectUrls: { success: merchant.url('/success'), failure: merchant.url('/failure') },
    ...overrides,
  });

  async function create(body: unknown, app: string): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(app)}`, 'idempotency-key': uniqueName('key') },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it('should send a Klarna session to Stripe with exactly that method and the shopper, shipping, metadata and expiry the merchant sent', async () => {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 31 * 60_000);
    const answer = await create(order({ paymentMethod: 'klarna', expiresAt: expiresAt.toISOString() }), stripeApp);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    expect(answer.body.routing.selectedProvider).to.equal('stripe');
    expect(answer.body.expiresAt).to.equal(expiresAt.toISOString().replace('.000Z', 'Z'));
    const form = stripe.lastForm();
    expect(form).to.include({
      'allowed_payment_method_types[0]': 'klarna',
      customer_email: 'jane.smith@example.com',
      locale: 'en',
      expires_at: String(expiresAt.getTime() / 1000),
      client_reference_id: 'ORD-2024-001',
      'metadata[sessionId]': answer.body.sessionId,
      'metadata[campaignId]': 'summer-sale-2024',
      'metadata[referralCode]': 'REF-ABC',
      'payment_intent_data[shipping][name]': 'Jane Smith',
      'payment_intent_data[shipping][phone]': '+61412345678',
      'payment_intent_data[shipping][address][postal_code]': '3000',
      cancel_url: merchant.url('/failure'),
      success_url: merchant.url('/success'),
    });
    expect(Object.keys(form).filter((key) => key.startsWith('allowed_payment_method_types'))).to.have.length(1);
  });

  it('should expire a session whose own expiresAt is 31 minutes ahead at that time, by the sweeper, and not before', async () => {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 31 * 60_000);
    const answer = await create(order({ expiresAt: expiresAt.toISOString() }), stripeApp);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    expect(stripe.lastForm().expires_at).to.equal(String(expiresAt.getTime() / 1000));
    // The provider service's own sweeper, its clock moved: the same use case on the same database.
    const connection: MongoConnection = await connectMongo(infra.mongoUrl, database);
    try {
      const store = new MongoSessionStore(connection.db);
      const publisher = new RecordingPublisher();
      const sweeper = new ExpireOverdueSessions(store, new SessionLifecycle(store, publisher, 'urn:test'), createLogger({ service: 'test', level: 'silent' }));
      await sweeper.execute(new Date(expiresAt.getTime() - 60_000));
      expect((await store.find(answer.body.sessionId))?.status, 'a minute before').to.equal('PENDING');
      await sweeper.execute(expiresAt);
      const expired = await store.find(answer.body.sessionId);
      expect(expired?.status).to.equal('EXPIRED');
      expect(publisher.payloads('checkout.session.status')).to.deep.include.members([
        { sessionId: answer.body.sessionId, applicationId: stripeApp, livemode: false, from: 'PENDING', to: 'EXPIRED', reason: 'expired', provider: 'stripe', providerReference: expired!.provider!.reference, providerAccountId: 'pa_platform_stripe', changedAt: expired!.updatedAt.toISOString() },
      ]);
    } finally {
      await connection.client.close();
    }
  });

  it('should refuse an expiresAt outside 30 minutes to 24 hours with 422 naming the field', async () => {
    const answer = await create(order({ expiresAt: new Date(Date.now() + 10 * 60_000).toISOString() }), stripeApp);
    expect(answer.status).to.equal(422);
    expect(answer.body).to.include({ code: 'expires_at_out_of_range' });
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).to.deep.equal(['/expiresAt']);
  });

  it('should answer no_eligible_provider, saying why, for a method no provider offers in that currency', async () => {
    const answer = await create(order({ paymentMethod: 'afterpay_clearpay', currency: 'EUR' }), stripeApp);
    expect(answer.status).to.equal(422);
    expect(answer.body).to.include({ code: 'no_eligible_provider' });
    expect(answer.body.detail).to.contain('stripe does not offer afterpay_clearpay in EUR').and.to.contain('adyen does not offer afterpay_clearpay in EUR');
  });

  it('should send a UK Afterpay session to Adyen as clearpay, with the shopper in Adyen\'s shapes and our return URL', async () => {
    const address = { line1: '1 Oxford Street', city: 'London', postalCode: 'W1D 1AN', country: 'GB' };
    const answer = await create(order({ paymentMethod: 'afterpay_clearpay', currency: 'GBP', customer: { ...seedBody().customer, billingAddress: address, shippingAddress: address } }), adyenApp);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    expect(answer.body.routing.selectedProvider).to.equal('adyen');
    const sent = adyen.lastSessionRequest();
    expect(sent).to.deep.include({
      allowedPaymentMethods: ['clearpay'],
      reference: answer.body.sessionId,
      merchantOrderReference: 'ORD-2024-001',
      countryCode: 'GB',
      shopperName: { firstName: 'Jane', lastName: 'Smith' },
      telephoneNumber: '+61412345678',
      billingAddress: { street: '1 Oxford Street', houseNumberOrName: '', city: 'London', postalCode: 'W1D 1AN', country: 'GB' },
    });
    expect(sent.returnUrl).to.match(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/return/adyen/${answer.body.sessionId}$`));
  });

  it('should bring an Adyen shopper who is refused to the failure page and one who pays to the success page, in real Chromium', async () => {
    const executablePath = execFileSync('bash', [path.join(__dirname, '../../scripts/chromium.sh')], { encoding: 'utf8' }).trim();
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      // The stand-in's hosted page is HTTPS with a certificate made for this run.
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      for (const [button, landing, heading] of [
        ['Refuse', '/failure', 'Payment not completed'],
        ['Pay', '/success', 'Thank you for your order'],
      ] as const) {
        const session = await create(order(), adyenApp);
        expect(session.status, JSON.stringify(session.body)).to.equal(201);
        expect(session.body.routing.selectedProvider).to.equal('adyen');
        const page = await context.newPage();
        await page.goto(session.body.checkoutUrl);
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.waitForURL(merchant.url(landing));
        expect(await page.locator('#landing').textContent(), button).to.equal(heading);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('should list 20 sessions created as fast as possible newest first, each exactly once, across pages', async () => {
    const app = uniqueName('lister');
    const created = await Promise.all(Array.from({ length: 20 }, () => create(order(), app)));
    for (const answer of created) expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    const stored = await mongo.db(database).collection<{ _id: string; createdAt: Date }>('sessions').find({ applicationId: app }).toArray();
    const newestFirst = [...stored].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1)).map((session) => session._id);
    // Ids are time-ordered: within one gateway their order is the order of creation.
    expect(newestFirst).to.deep.equal([...stored.map((session) => session._id)].sort().reverse());
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions?limit=6${after ? `&startingAfter=${after}` : ''}`, { headers: { authorization: `Bearer ${token(app, { scope: 'sessions:read' })}` } });
      const page = (await response.json()) as { data: { sessionId: string; createdAt: string }[]; hasMore: boolean };
      walked.push(...page.data.map((session) => session.sessionId));
      for (const session of page.data) expect(session.createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      if (!page.hasMore) break;
      after = page.data.at(-1)!.sessionId;
    }
    expect(walked).to.deep.equal(newestFirst);
    expect(new Set(walked).size).to.equal(20);
  });

  it("should leave no customer data, token or Authorization header in any service's log", () => {
    expectCleanLogs(services);
  });
});
