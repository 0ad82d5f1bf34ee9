import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Checkout, CheckoutError, WebhookVerificationError, verifyWebhook, type CreatedSession, type CreateSessionRequest } from '@checkout/client';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/infra';
import { MerchantReceiver } from '../support/merchant-receiver';
import { startEmbedded, stopProcess as stop } from '../support/embedded';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import { pressOnSandboxPage } from '../support/sandbox-page';

const ROOT = path.resolve(__dirname, '../..');

describe('@checkout/client against the embedded gateway (npm start, over HTTP)', function () {
  this.timeout(120_000);
  let embedded: Awaited<ReturnType<typeof startEmbedded>>;
  let checkout: Checkout;
  const receiver = new MerchantReceiver();
  // The seed, as a merchant would type it with the client's own (generated) request type.
  const body = (): CreateSessionRequest => ({ ...(seedBody() as CreateSessionRequest), redirectUrls: { success: receiver.url('/success'), failure: receiver.url('/failure') } });

  before(async () => {
    await receiver.start();
    embedded = await startEmbedded();
    checkout = new Checkout({ baseUrl: embedded.url, token: embedded.token });
  });
  after(async () => {
    await stop(embedded?.process);
    await receiver.stop();
  });

  it('should create a session in one call, and replay the same key to the same session', async () => {
    const created = await checkout.sessions.create(body(), { idempotencyKey: uniqueName('key') });
    expect(created.status).to.equal('PENDING');
    expect(created.checkoutUrl).to.match(/\/sandbox\/checkout\/sbx_[0-9a-f]{24}\//);
    const key = uniqueName('key');
    const first = await checkout.sessions.create(body(), { idempotencyKey: key });
    const again = await checkout.sessions.create(body(), { idempotencyKey: key });
    expect(again).to.deep.equal(first);
    expect((await checkout.sessions.retrieve(first.sessionId)).orderItems).to.deep.equal([{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPrice: 119 }]);
  });

  it('should throw a 422 as a CheckoutError with its field errors, without retrying it', async () => {
    const wrong = { ...body(), amount: { total: 1, shipping: 9.95, tax: 11.81 } };
    const error = (await checkout.sessions.create(wrong).catch((e: unknown) => e)) as CheckoutError;
    expect(error).to.be.instanceOf(CheckoutError);
    expect(error).to.include({ status: 422, code: 'amount_mismatch' });
    const invalid = (await checkout.sessions.create({ ...body(), currency: 'dollars' }).catch((e: unknown) => e)) as CheckoutError;
    expect(invalid).to.include({ status: 400, code: 'validation_failed' });
    expect(invalid.errors.map((field) => field.pointer)).to.include('/currency');
  });

  it('should list every session and every event, page after page', async () => {
    const orderReference = uniqueName('ORD');
    const made: CreatedSession[] = [];
    for (let i = 0; i < 5; i += 1) made.push(await checkout.sessions.create({ ...body(), orderReference }));
    const listed = [];
    for await (const session of checkout.sessions.list({ orderReference, limit: 2 })) listed.push(session.sessionId);
    expect([...listed].sort()).to.deep.equal(made.map((session) => session.sessionId).sort());
    for (const session of made) expect((await checkout.sessions.expire(session.sessionId)).status).to.equal('EXPIRED');
    await eventually(async () => {
      const expired = [];
      for await (const event of checkout.events.list({ type: 'checkout.session.expired', limit: 2 })) if (event.type === 'checkout.session.expired') expired.push(event.data.object.sessionId);
      expect(expired).to.include.members(made.map((session) => session.sessionId));
    }, 10_000);
    const conflict = (await checkout.sessions.expire(made[0]!.sessionId).catch((e: unknown) => e)) as CheckoutError;
    expect(conflict).to.include({ status: 409, code: 'session_not_pending' });
  });

  it('should manage webhook endpoints and verify a really delivered webhook', async () => {
    const endpoint = await checkout.webhookEndpoints.create({ url: receiver.url('/client-hooks'), enabledEvents: ['checkout.session.completed'] });
    expect((await checkout.webhookEndpoints.retrieve(endpoint.id)).status).to.equal('enabled');
    const session = await checkout.sessions.create(body());
    expect((await pressOnSandboxPage(session.checkoutUrl, 'pay')).status).to.equal(303);
    const [delivery] = await eventually(async () => {
      const received = receiver.at('/client-hooks');
      expect(received).to.have.length(1);
      return received;
    });
    const event = checkout.webhooks.verify(delivery!.body, delivery!.headers, endpoint.secret);
    if (event.type !== 'checkout.session.completed') throw new Error(`expected a session event, got ${event.type}`);
    expect(event.data.object).to.include({ sessionId: session.sessionId, status: 'COMPLETED' });
    expect(event.data.object.payment?.reference).to.match(/^sbpay_/);
    expect(() => verifyWebhook(delivery!.body.replace('COMPLETED', 'FAILED'), delivery!.headers, endpoint.secret)).to.throw(WebhookVerificationError);
    const rotated = await checkout.webhookEndpoints.rotateSecret(endpoint.id);
    expect(() => verifyWebhook(delivery!.body, delivery!.headers, rotated.secret), 'signed with the old secret only').to.throw(WebhookVerificationError);

    const deliveries = [];
    for await (const each of checkout.webhookEndpoints.deliveries(endpoint.id)) deliveries.push(each);
    expect(deliveries.map((each) => [each.eventId, each.status])).to.deep.equal([[event.id, 'delivered']]);
    const endpoints = [];
    for await (const each of checkout.webhookEndpoints.list()) endpoints.push(each.id);
    expect(endpoints).to.include(endpoint.id);
    await checkout.webhookEndpoints.delete(endpoint.id);
    expect(((await checkout.webhookEndpoints.retrieve(endpoint.id).catch((e: unknown) => e)) as CheckoutError).code).to.equal('webhook_endpoint_not_found');
  });

  it('should run the documented merchant example (docs/examples/merchant.mjs) to a verified payment', async () => {
    const port = await freePort();
    const example = spawn(process.execPath, [path.join(ROOT, 'docs/examples/merchant.mjs')], { cwd: ROOT, env: { ...process.env, CHECKOUT_URL: embedded.url, CHECKOUT_TOKEN: embedded.token, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    example.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    example.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const checkoutUrl = await eventually(async () => {
        const match = /send the shopper to (\S+)/.exec(output);
        expect(match, output).to.not.equal(null);
        return match![1]!;
      }, 20_000);
      expect((await pressOnSandboxPage(checkoutUrl, 'pay')).status).to.equal(303);
      const [code] = await once(example, 'exit');
      expect(code, output).to.equal(0);
      expect(output).to.match(/checkout\.session\.completed: order ORD-\d+ is COMPLETED \(payment sbpay_[0-9a-f]{32}\)/);
    } finally {
      if (example.exitCode === null) example.kill('SIGKILL');
    }
  });
});

// The embedded mode's in-memory pipeline finishes within any wait budget, so the 202 comes from the
// services as processes, with a gateway that waits for nothing.
describe('@checkout/client against a gateway that answers 202 (the services as processes, real infrastructure)', function () {
  this.timeout(120_000);
  const services: RunningService[] = [];
  let gateway: RunningService;

  before(async () => {
    const catalogFile = path.join(tmpdir(), `${uniqueName('client-catalog')}.json`);
    writeFileSync(catalogFile, JSON.stringify({ providers: [{ id: 'sandbox', currencies: ['*'], countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 0, fixedMinor: 0 }, baseWeight: 0.9 }] }));
    const common = { MONGO_DATABASE: uniqueName('client').replace(/-/g, '_'), JWT_HS256_SECRET: TEST_JWT_SECRET, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE };
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile }));
    services.push(await startService('provider', await freePort(), { ...common, SANDBOX_PUBLIC_URL: 'https://sandbox.checkout.test' }));
    gateway = await startService('gateway', await freePort(), { ...common, SESSION_WAIT_BUDGET_MS: '0' }, 'gateway-202');
    services.push(gateway);
  });
  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
  });

  it('should follow the 202 by replaying the same key until the final 201', async () => {
    const application = uniqueName('app');
    const raw = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(application)}`, 'idempotency-key': uniqueName('k') },
      body: JSON.stringify(seedBody()),
    });
    expect(raw.status, 'this gateway answers 202 first').to.equal(202);
    const created = await new Checkout({ baseUrl: `http://127.0.0.1:${gateway.port}`, token: token(application) }).sessions.create(seedBody() as CreateSessionRequest);
    expect(created.status).to.equal('PENDING');
    expect(created.checkoutUrl).to.match(/^https:\/\/sandbox\.checkout\.test\/sandbox\/checkout\/sbx_/);
  });
});
