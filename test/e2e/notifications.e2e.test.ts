import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { chromium } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET } from '@checkout/providers';
import { signWebhook } from '@checkout/providers';
import { eventually } from '../support/eventually';
import { infra, uniqueName } from '../support/infra';
import { MerchantReceiver, type ReceivedWebhook } from '../support/merchant-receiver';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import { expectCleanLogs } from '../support/log-hygiene';
import { pressOnSandboxPage } from '../support/sandbox-page';

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

const ALL_SCOPES = 'sessions:write sessions:read webhooks:write webhooks:read';

describe('merchant notifications end to end: signed webhooks, events, deliveries, listing', function () {
  this.timeout(180_000);
  const database = uniqueName('notifications').replace(/-/g, '_');
  const receiver = new MerchantReceiver();
  const services: RunningService[] = [];
  let gateway: RunningService;
  let strictGateway: RunningService;
  let provider: RunningService;
  let notifications: RunningService[] = [];
  let mongo: MongoClient;
  let notificationsEnv: Record<string, string>;

  before(async () => {
    await receiver.start();
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    writeFileSync(
      catalogFile,
      JSON.stringify({ providers: [{ id: 'sandbox', currencies: ['*'], countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 0, fixedMinor: 0 }, baseWeight: 0.9 }] }),
    );
    const common = {
      MONGO_DATABASE: database,
      LOG_LEVEL: 'debug',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
      // The merchant's pages and receiver are on loopback, as in development.
      ALLOW_HTTP_LOCALHOST_REDIRECTS: 'true',
      ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'true',
    };
    notificationsEnv = {
      ...common,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      // A short schedule: 4 attempts over about 2.1 s (±20%). An endpoint failing for 1.5 s is disabled.
      WEBHOOK_RETRY_SCHEDULE: '300ms,600ms,1200ms',
      WEBHOOK_DISABLE_AFTER: '1500ms',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_STALE_ATTEMPT_MS: '2000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
    };
    const providerPort = await freePort();
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile }));
    provider = await startService('provider', providerPort, { ...common, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${providerPort}` });
    gateway = await startService('gateway', await freePort(), common);
    strictGateway = await startService('gateway', await freePort(), { ...common, ALLOW_HTTP_LOCALHOST_REDIRECTS: 'false', ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'false' }, 'gateway-strict');
    services.push(provider, gateway, strictGateway);
    notifications = [
      await startService('notifications', await freePort(), notificationsEnv, 'notifications-a'),
      await startService('notifications', await freePort(), notificationsEnv, 'notifications-b'),
    ];
    mongo = await new MongoClient(infra.mongoUrl).connect();
  });

  after(async () => {
    await Promise.all([...services, ...notifications].map((service) => service.stop()));
    await receiver.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      for (const service of [...services, ...notifications]) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-4000)}\n`);
    }
  });

  async function call(method: string, route: string, app: string, body?: unknown, on = gateway): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${on.port}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token(app, { scope: ALL_SCOPES })}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' && route === '/api/v1/sessions' ? { 'idempotency-key': uniqueName('key') } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  async function subscribe(app: string, receiverPath: string, enabledEvents: string[] = ['*']): Promise<{ id: string; secret: string }> {
    const created = await call('POST', '/api/v1/webhook-endpoints', app, { url: receiver.url(receiverPath), enabledEvents, description: 'e2e' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body;
  }

  async function createSession(app: string, overrides: Record<string, unknown> = {}): Promise<any> {
    const body = {
      ...seedBody(),
      redirectUrls: { success: receiver.url('/success'), failure: receiver.url('/failure') },
      ...overrides,
    };
    const created = await call('POST', '/api/v1/sessions', app, body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body;
  }

  const expireSession = (app: string, sessionId: string) => call('POST', `/api/v1/sessions/${sessionId}/expire`, app);
  const verify = (secret: string, request: ReceivedWebhook) =>
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { id: string; type: string; data: { object: any } };

  /** Waits until `path` got `count` requests, then a little longer, so that a duplicate would show. */
  async function receivedAt(receiverPath: string, count: number, settleMs = 1500): Promise<ReceivedWebhook[]> {
    await eventually(async () => expect(receiver.at(receiverPath)).to.have.length.of.at.least(count), 20_000);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return receiver.at(receiverPath);
  }

  it('should deliver checkout.session.completed, signed per Standard Webhooks, once, when the shopper pays on the sandbox page', async () => {
    const app = uniqueName('paid');
    const endpoint = await subscribe(app, '/paid', ['checkout.session.completed']);
    expect(endpoint.secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const session = await createSession(app);
    const pay = await pressOnSandboxPage(session.checkoutUrl, 'pay');
    expect(pay.status).to.equal(303);

    const [delivery, ...duplicates] = await receivedAt('/paid', 1);
    expect(duplicates, 'two replicas run; each attempt is made by one of them').to.have.length(0);
    const event = verify(endpoint.secret, delivery!);
    expect(delivery!.headers['webhook-id']).to.equal(event.id);
    expect(Math.abs(Number(delivery!.headers['webhook-timestamp']) - Date.now() / 1000)).to.be.below(30);
    expect(event.type).to.equal('checkout.session.completed');
    expect(event.data.object).to.include({ sessionId: session.sessionId, status: 'COMPLETED', orderReference: 'ORD-2024-001' });
    expect(event.data.object.payment.reference).to.match(/^sbpay_[0-9a-f]{32}$/);
    expect(event.data.object.payment.late).to.equal(false);
    expect(event.data.object.orderItems).to.deep.equal([{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPrice: 119 }]);
    // Never the shopper's personal data or our internal fields.
    for (const secretField of ['jane.smith@example.com', '+61412345678', 'Collins Street', 'idempotencyKeyHash', 'requestFingerprint', 'applicationId']) {
      expect(delivery!.body).not.to.contain(secretField);
    }
    expect(() => verify('whsec_' + Buffer.alloc(32, 1).toString('base64'), delivery!)).to.throw();

    const stored = await call('GET', `/api/v1/events/${event.id}`, app);
    expect(stored.status).to.equal(200);
    expect(stored.body).to.deep.equal(JSON.parse(delivery!.body));
    const read = await call('GET', `/api/v1/sessions/${session.sessionId}`, app);
    expect(read.body.payment).to.deep.equal(event.data.object.payment);
    expect(read.body.additionalInformation).to.deep.equal({ campaignId: 'summer-sale-2024', referralCode: 'REF-ABC' });

    const deliveries = await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app);
    expect(deliveries.body.hasMore).to.equal(false);
    expect(deliveries.body.data).to.have.length(1);
    expect(deliveries.body.data[0]).to.include({ eventId: event.id, eventType: 'checkout.session.completed', status: 'delivered', nextAttemptAt: null });
    expect(deliveries.body.data[0].attempts.map((a: any) => [a.number, a.statusCode, a.error, a.responseBody])).to.deep.equal([[1, 200, null, 'ok']]);
  });

  it("should erase a shopper's data on the merchant's request, in MongoDB too, and tell the merchant with checkout.session.customer_erased", async () => {
    const app = uniqueName('erase');
    const endpoint = await subscribe(app, '/erased', ['checkout.session.customer_erased']);
    const session = await createSession(app);
    expect((await pressOnSandboxPage(session.checkoutUrl, 'pay')).status).to.equal(303);
    await eventually(async () => expect((await call('GET', `/api/v1/sessions/${session.sessionId}`, app)).body.status).to.equal('COMPLETED'), 10_000);
    const erased = await call('DELETE', `/api/v1/sessions/${session.sessionId}/customer`, app);
    expect(erased.status, JSON.stringify(erased.body)).to.equal(200);
    expect(erased.body).to.include({ status: 'COMPLETED', orderReference: 'ORD-2024-001' });
    expect(erased.body.additionalInformation).to.deep.equal({});
    const raw = JSON.stringify(await mongo.db(database).collection('sessions').findOne({ _id: session.sessionId }));
    for (const personal of ['jane.smith@example.com', '+61412345678', 'Collins Street', 'Smith', 'summer-sale-2024']) expect(raw, personal).not.to.contain(personal);
    expect(raw).to.contain('14076');
    const [delivery] = await receivedAt('/erased', 1);
    const event = verify(endpoint.secret, delivery!);
    expect(event.type).to.equal('checkout.session.customer_erased');
    expect(event.data.object).to.include({ sessionId: session.sessionId, customerErasedAt: erased.body.customerErasedAt });
  });

  it('should retry a receiver answering 500 twice with the same webhook-id, recording each attempt', async () => {
    const app = uniqueName('flaky');
    const endpoint = await subscribe(app, '/flaky');
    receiver.answer('/flaky', [500, 500]);
    const session = await createSession(app);
    await expireSession(app, session.sessionId);

    const attempts = await receivedAt('/flaky', 3);
    expect(attempts).to.have.length(3);
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id'])).size).to.equal(1);
    for (const attempt of attempts) expect(verify(endpoint.secret, attempt).type).to.equal('checkout.session.expired');
    // Backed off: the schedule's 300 ms then 600 ms, each ±20%.
    expect(attempts[1]!.at - attempts[0]!.at).to.be.at.least(200);
    expect(attempts[2]!.at - attempts[1]!.at).to.be.at.least(450);

    const deliveries = await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app);
    const [delivery] = deliveries.body.data;
    expect(delivery.status).to.equal('delivered');
    expect(delivery.attempts.map((a: any) => a.statusCode)).to.deep.equal([500, 500, 200]);
    expect(delivery.attempts[0].responseBody).to.equal('failing on purpose with 500');
    expect(delivery.attempts.every((a: any) => typeof a.latencyMs === 'number')).to.equal(true);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body.status).to.equal('enabled');
  });

  it('should send each attempt of many deliveries exactly once with two replicas running', async () => {
    const app = uniqueName('burst');
    await subscribe(app, '/burst');
    const sessions = await Promise.all(Array.from({ length: 12 }, () => createSession(app)));
    await Promise.all(sessions.map((session) => expireSession(app, session.sessionId)));
    const received = await receivedAt('/burst', 12, 2000);
    const ids = received.map((request) => request.headers['webhook-id']);
    expect(ids).to.have.length(12);
    expect(new Set(ids).size).to.equal(12);
  });

  it('should give up after the schedule and disable an endpoint that failed every delivery for the configured time', async () => {
    const app = uniqueName('dead');
    const endpoint = await subscribe(app, '/dead');
    receiver.answer('/dead', [500, 500, 500, 500, 500, 500]);
    const first = await createSession(app);
    await expireSession(app, first.sessionId);
    await receivedAt('/dead', 4);
    await eventually(async () => expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body.status).to.equal('disabled'), 10_000);
    const disabled = (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body;
    expect(disabled.disabledReason).to.match(/every delivery failed/);
    const [delivery] = (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app)).body.data;
    expect(delivery).to.include({ status: 'failed', nextAttemptAt: null });
    expect(delivery.attempts).to.have.length(4);

    // Disabled: the next event is listed at /api/v1/events, but not sent.
    const second = await createSession(app);
    await expireSession(app, second.sessionId);
    await eventually(async () => expect((await call('GET', '/api/v1/events?type=checkout.session.expired', app)).body.data).to.have.length(2), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.at('/dead')).to.have.length(4);
  });

  it('should repair a dead endpoint: re-enable it at a fixed URL, send a test, resend one event with the same webhook-id, and replay what it missed in order', async () => {
    const app = uniqueName('repair');
    const endpoint = await subscribe(app, '/broken', ['checkout.session.expired']);
    receiver.answer('/broken', Array.from({ length: 40 }, () => 500));
    const since = new Date(Date.now() - 1000).toISOString();
    const expired: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const session = await createSession(app);
      await expireSession(app, session.sessionId);
      expired.push(session.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await eventually(async () => expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body.status).to.equal('disabled'), 15_000);
    const events = (await call('GET', '/api/v1/events?type=checkout.session.expired', app)).body.data.reverse();
    expect(events.map((event: any) => event.data.object.sessionId), 'oldest first').to.deep.equal(expired);
    const refused = await call('POST', `/api/v1/events/${events[0].id}/resend`, app, { endpointId: endpoint.id });
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('webhook_endpoint_disabled');
    // Let the dead endpoint's schedules run out, so that only what the repairs send reaches the fixed URL.
    await eventually(async () => {
      const deliveries = (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app)).body.data;
      expect(deliveries.map((delivery: any) => delivery.status)).to.satisfy((statuses: string[]) => statuses.every((status) => status !== 'pending'));
    }, 15_000);

    const fixed = await call('PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, app, { url: receiver.url('/fixed'), status: 'enabled' });
    expect(fixed.body).to.include({ status: 'enabled', disabledReason: null, url: receiver.url('/fixed') });
    const test = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`, app);
    expect(test.status).to.equal(202);
    const [testRequest] = await receivedAt('/fixed', 1, 0);
    expect(verify(endpoint.secret, testRequest!)).to.deep.include({ id: test.body.eventId, type: 'webhook_endpoint.test' });

    // Resent twice: two requests, one webhook-id, the event's own.
    for (let round = 1; round <= 2; round += 1) {
      const resent = await call('POST', `/api/v1/events/${events[0].id}/resend`, app, { endpointId: endpoint.id });
      expect(resent.status, JSON.stringify(resent.body)).to.equal(202);
      await eventually(async () => expect(receiver.at('/fixed').filter((request) => request.headers['webhook-id'] === events[0].id)).to.have.length(round), 10_000);
    }
    const [first] = (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app)).body.data.filter((delivery: any) => delivery.eventId === events[0].id);
    expect(first.status).to.equal('delivered');
    expect(first.attempts.slice(-2).map((attempt: any) => attempt.statusCode), 'the resends follow the failed attempts on the same delivery').to.deep.equal([200, 200]);
    expect(first.attempts.slice(0, -2).every((attempt: any) => attempt.statusCode === 500)).to.equal(true);

    // The replay: events 1 and 2 (0 was delivered by the resend); event 1's first try fails, and event 2 must wait for its retry.
    receiver.answer('/fixed', [500]);
    const replay = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/replays`, app, { from: since, to: new Date().toISOString() });
    expect(replay.status, JSON.stringify(replay.body)).to.equal(202);
    await eventually(async () => expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/replays/${replay.body.id}`, app)).body).to.include({ status: 'completed', eventsSent: 2 }), 20_000);
    const replayed = receiver.at('/fixed').slice(3).map((request) => request.headers['webhook-id']);
    expect(replayed, 'event 1 (refused once, then delivered), then event 2').to.deep.equal([events[1].id, events[1].id, events[2].id]);
    for (const request of receiver.at('/fixed').slice(1)) expect(verify(endpoint.secret, request).id).to.equal(request.headers['webhook-id']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.at('/fixed'), 'nothing more: two replicas ran the replay').to.have.length(6);
  });

  it('should sign with both the old and the new secret for a day after a rotation', async () => {
    const app = uniqueName('rotated');
    const endpoint = await subscribe(app, '/rotated');
    const rotated = await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, app);
    expect(rotated.status).to.equal(200);
    expect(rotated.body.secret).to.match(/^whsec_/).and.not.to.equal(endpoint.secret);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body).not.to.have.property('secret');
    const session = await createSession(app);
    await expireSession(app, session.sessionId);
    const [delivery] = await receivedAt('/rotated', 1, 0);
    const signatures = String(delivery!.headers['webhook-signature']).split(' ');
    expect(signatures).to.have.length(2);
    expect(signatures.every((signature) => signature.startsWith('v1,'))).to.equal(true);
    expect(verify(endpoint.secret, delivery!).id).to.equal(delivery!.headers['webhook-id']);
    expect(verify(rotated.body.secret, delivery!).id).to.equal(delivery!.headers['webhook-id']);
  });

  it('should record a payment reported after the session expired as completed late, and tell the merchant', async () => {
    const app = uniqueName('late');
    const endpoint = await subscribe(app, '/late');
    const session = await createSession(app);
    const reference = (await call('GET', `/api/v1/sessions/${session.sessionId}`, app)).body.provider.reference;
    expect((await expireSession(app, session.sessionId)).body.status).to.equal('EXPIRED');
    // The sandbox reports a payment made just before it closed the checkout.
    const notice = JSON.stringify({ id: 'evt_late_1', type: 'checkout.paid', checkout: { id: reference, orderReference: 'ORD-2024-001' }, payment: { id: 'sbpay_late_1' }, created: Math.floor(Date.now() / 1000) });
    const webhook = await fetch(`http://127.0.0.1:${provider.port}/webhooks/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sandbox-signature': signWebhook(notice, DEVELOPMENT_SANDBOX_WEBHOOK_SECRET) },
      body: notice,
    });
    expect(webhook.status).to.equal(200);

    const read = (await call('GET', `/api/v1/sessions/${session.sessionId}`, app)).body;
    expect(read.status).to.equal('COMPLETED');
    expect(read.payment).to.include({ reference: 'sbpay_late_1', late: true });
    expect(Date.parse(read.payment.completedAt)).to.be.at.least(Date.parse(read.expiredAt));
    const received = await receivedAt('/late', 2);
    const types = received.map((request) => verify(endpoint.secret, request).type).sort();
    expect(types).to.deep.equal(['checkout.session.completed', 'checkout.session.expired']);
  });

  it('should walk every event and every session once with cursor pagination, newest first, filtered', async () => {
    const app = uniqueName('pages');
    const orderReference = uniqueName('ORD');
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await createSession(app, { orderReference }));
    await createSession(app, { orderReference: uniqueName('OTHER') });
    for (const session of created) await expireSession(app, session.sessionId);

    const walk = async (route: string) => {
      const seen: any[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const answer = await call('GET', `${route}${route.includes('?') ? '&' : '?'}limit=2${cursor ? `&startingAfter=${cursor}` : ''}`, app);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        seen.push(...answer.body.data);
        if (!answer.body.hasMore) return seen;
        cursor = answer.body.data.at(-1).sessionId ?? answer.body.data.at(-1).id;
      }
      throw new Error('pagination did not end');
    };

    const sessions = await walk(`/api/v1/sessions?orderReference=${orderReference}`);
    // Newest first; sessions of the same second (createdAt is to the second) by sessionId, descending.
    const newestFirst = [...created].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.sessionId < b.sessionId ? 1 : -1));
    expect(sessions.map((session) => session.sessionId)).to.deep.equal(newestFirst.map((session) => session.sessionId));
    expect(sessions.every((session) => session.status === 'EXPIRED')).to.equal(true);
    expect(await walk('/api/v1/sessions')).to.have.length(6);
    expect(await walk('/api/v1/sessions?status=PENDING')).to.have.length(1);

    await eventually(async () => expect((await call('GET', '/api/v1/events?limit=100', app)).body.data).to.have.length(5), 10_000);
    const events = await walk('/api/v1/events?type=checkout.session.expired');
    expect(new Set(events.map((event) => event.id)).size).to.equal(5);
    expect(events.map((event) => event.data.object.sessionId).sort()).to.deep.equal(created.map((session) => session.sessionId).sort());
    const times = events.map((event) => Date.parse(event.createdAt));
    expect([...times].sort((a, b) => b - a)).to.deep.equal(times);
    expect(await walk('/api/v1/events?type=checkout.session.completed')).to.have.length(0);

    const bad = await call('GET', '/api/v1/sessions?limit=500&status=LOST', app);
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(bad.body.code).to.equal('invalid_query');
    expect(bad.body.errors.map((error: any) => error.pointer).sort()).to.deep.equal(['/limit', '/status']);
  });

  it("should keep applications apart: another application's endpoints, events and sessions are not found", async () => {
    const app = uniqueName('owner');
    const other = uniqueName('other');
    const endpoint = await subscribe(app, '/owner');
    const session = await createSession(app);
    await expireSession(app, session.sessionId);
    const [delivery] = await receivedAt('/owner', 1, 0);
    const eventId = String(delivery!.headers['webhook-id']);

    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, other)).status).to.equal(404);
    expect((await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, other)).status).to.equal(404);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, other)).status).to.equal(404);
    expect((await call('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, other)).status).to.equal(404);
    expect((await call('GET', `/api/v1/events/${eventId}`, other)).body).to.include({ status: 404, code: 'event_not_found' });
    expect((await call('GET', '/api/v1/events', other)).body).to.deep.equal({ data: [], hasMore: false });
    expect((await call('GET', '/api/v1/sessions', other)).body).to.deep.equal({ data: [], hasMore: false });
    expect((await call('GET', '/api/v1/webhook-endpoints', other)).body).to.deep.equal({ data: [], hasMore: false });

    const listed = await call('GET', '/api/v1/webhook-endpoints', app);
    expect(listed.body.data.map((item: any) => item.id)).to.deep.equal([endpoint.id]);
    expect(listed.body.data[0]).not.to.have.property('secret');
    expect((await call('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).status).to.equal(204);
    expect((await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}`, app)).body.code).to.equal('webhook_endpoint_not_found');
  });

  it('should refuse webhook URLs on loopback, private or link-local addresses, and plain http, where development mode is off', async () => {
    const app = uniqueName('strict');
    for (const url of ['https://127.0.0.1/hook', 'https://10.1.2.3/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://localhost/hook', 'http://merchant.example/hook']) {
      const refused = await call('POST', '/api/v1/webhook-endpoints', app, { url, enabledEvents: ['*'] }, strictGateway);
      expect(refused.status, url).to.equal(422);
      expect(refused.body).to.include({ code: 'insecure_webhook_url' });
      expect(refused.body.errors[0].pointer).to.equal('/url');
    }
    const invalid = await call('POST', '/api/v1/webhook-endpoints', app, { url: 'https://merchant.example/hook', enabledEvents: ['checkout.session.paid'] }, strictGateway);
    expect(invalid.status).to.equal(400);
    expect(invalid.body.errors[0].pointer).to.equal('/enabledEvents/0');
    const accepted = await call('POST', '/api/v1/webhook-endpoints', app, { url: 'https://merchant.example/hook', enabledEvents: ['*'] }, strictGateway);
    expect(accepted.status).to.equal(201);
    expect(accepted.headers.get('location')).to.equal(`/api/v1/webhook-endpoints/${accepted.body.id}`);
  });

  it("should be verified by the documentation's copy-paste receiver (docs/examples/webhook-receiver.js), the one in docs/webhooks.md", async () => {
    const example = path.join(__dirname, '../../docs/examples/webhook-receiver.js');
    expect(readFileSync(path.join(__dirname, '../../docs/webhooks.md'), 'utf8')).to.contain(readFileSync(example, 'utf8'));
    const app = uniqueName('documented');
    const port = await freePort();
    const endpoint = (await call('POST', '/api/v1/webhook-endpoints', app, { url: `http://127.0.0.1:${port}/webhooks/checkout`, enabledEvents: ['checkout.session.completed'] })).body;
    const merchant = spawn(process.execPath, [example], { env: { ...process.env, PORT: String(port), CHECKOUT_WEBHOOK_SECRET: endpoint.secret }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    merchant.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    merchant.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await eventually(async () => expect(output).to.contain('listening'), 10_000);
      const session = await createSession(app);
      expect((await pressOnSandboxPage(session.checkoutUrl, 'pay')).status).to.equal(303);
      await eventually(async () => expect(output).to.match(/order ORD-2024-001 paid: sbpay_[0-9a-f]{32}/), 20_000);
      const [delivery] = (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app)).body.data;
      expect(delivery.attempts.map((attempt: any) => attempt.statusCode)).to.deep.equal([204]);
      const forged = await fetch(`http://127.0.0.1:${port}/webhooks/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' }, body: '{}' });
      expect(forged.status).to.equal(400);
    } finally {
      merchant.kill('SIGTERM');
    }
  });

  it("should walk the shopper's journey in a real browser: checkout page, Pay, the merchant's success page, the signed event", async () => {
    const app = uniqueName('browser');
    const endpoint = await subscribe(app, '/browser', ['checkout.session.completed']);
    const session = await createSession(app);
    // Debian's chromium, installed by the test script (scripts/chromium.sh prints its path).
    const executablePath = execFileSync('bash', [path.join(__dirname, '../../scripts/chromium.sh')], { encoding: 'utf8' }).trim();
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage();
      await page.goto(session.checkoutUrl);
      expect(await page.locator('#amount').textContent()).to.equal('A$140.76');
      await page.getByRole('button', { name: 'Pay', exact: true }).click();
      await page.waitForURL(receiver.url('/success'));
      expect(await page.locator('#landing').textContent()).to.equal('Thank you for your order');
    } finally {
      await browser.close();
    }
    const [delivery] = await receivedAt('/browser', 1, 0);
    const event = verify(endpoint.secret, delivery!);
    expect(event.type).to.equal('checkout.session.completed');
    expect(event.data.object).to.include({ sessionId: session.sessionId, status: 'COMPLETED' });
  });

  // Last but the log check: the killed replicas stay members of the consumer group until Kafka's
  // session timeout (30 s), so status changes on their partitions wait that long; scheduled retries
  // live in MongoDB and do not.
  it('should still deliver a retry scheduled before every notifications replica was killed with SIGKILL, and then new events', async () => {
    // Replicas with a first retry 3 s out (±20 %), so that the kill lands inside the backoff for sure.
    await Promise.all(notifications.map((replica) => replica.stop()));
    const slowRetries = { ...notificationsEnv, WEBHOOK_RETRY_SCHEDULE: '3s' };
    const replicas = async (suffix: string) => [
      await startService('notifications', await freePort(), slowRetries, `notifications-a${suffix}`),
      await startService('notifications', await freePort(), slowRetries, `notifications-b${suffix}`),
    ];
    notifications = await replicas('2');
    // Once they own the partitions (a rebalance can wait out a departed member's session), events flow.
    const probe = uniqueName('probe');
    await subscribe(probe, '/killed-probe');
    await expireSession(probe, (await createSession(probe)).sessionId);
    await eventually(async () => expect(receiver.at('/killed-probe')).to.have.length(1), 60_000, 250);

    const app = uniqueName('killed');
    const endpoint = await subscribe(app, '/killed');
    receiver.answer('/killed', [503]);
    const session = await createSession(app);
    await expireSession(app, session.sessionId);
    const deliveries = async () => (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, app)).body.data;
    // The first attempt answered and recorded: the retry is scheduled, in MongoDB only.
    await eventually(async () => expect((await deliveries())[0]?.attempts.map((a: any) => a.statusCode)).to.deep.equal([503]), 20_000);
    for (const replica of notifications) replica.process.kill('SIGKILL');
    await Promise.all(notifications.map((replica) => new Promise((resolve) => (replica.process.exitCode !== null || replica.process.signalCode !== null ? resolve(null) : replica.process.once('exit', resolve)))));
    expect(receiver.at('/killed'), 'killed during the backoff').to.have.length(1);

    notifications = await replicas('3');
    const attempts = await receivedAt('/killed', 2);
    expect(attempts).to.have.length(2);
    expect(attempts[1]!.headers['webhook-id']).to.equal(attempts[0]!.headers['webhook-id']);
    expect((await deliveries())[0].attempts.map((a: any) => a.statusCode)).to.deep.equal([503, 200]);

    // New status changes flow again once Kafka has let the killed members go (its 30 s session
    // timeout); waiting for that here also leaves the consumer group whole for the suites after.
    const later = await createSession(app);
    await expireSession(app, later.sessionId);
    await eventually(async () => expect(receiver.at('/killed')).to.have.length(3), 60_000, 250);
  });

  it('should write only clean log lines', () => {
    expectCleanLogs([...services, ...notifications]);
  });
});
