import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { createKafka, createLogger } from '@checkout/platform';
import { deadLetterTopic, TOPIC_PARTITIONS, Topics } from '@checkout/contracts';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, sandboxCheckoutId } from '@checkout/providers';
import { infra, uniqueName } from '../support/infra';
import { expectCleanLogs } from '../support/log-hygiene';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// Session ids are time-ordered UUIDs (version 7).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('POST /api/v1/sessions end to end (real Kafka, Redis, FerretDB; each service its own process)', function () {
  this.timeout(120_000);

  const database = uniqueName('e2e').replace(/-/g, '_');
  const services: RunningService[] = [];
  let gatewayA: RunningService;
  let gatewayB: RunningService;
  let gateway202: RunningService;
  let mongo: MongoClient;
  let redis: Redis;
  let kafka: Kafka;

  before(async () => {
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    writeFileSync(
      catalogFile,
      JSON.stringify({
        providers: [
          {
            id: 'sandbox',
            currencies: ['*'],
            countries: ['*'],
            paymentMethods: ['card'],
            amountLimits: { AUD: { minMinor: 50, maxMinor: 1_000_000 } },
            fees: { percent: 0, fixedMinor: 0 },
            baseWeight: 0.9,
          },
        ],
      }),
    );
    const common = {
      MONGO_DATABASE: database,
      // Every line a service can write, so that the log hygiene check below sees them all.
      LOG_LEVEL: 'debug',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      BODY_LIMIT_BYTES: '16384',
      SESSION_WAIT_BUDGET_MS: '10000',
    };
    services.push(await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile }));
    services.push(await startService('provider', await freePort(), { ...common, SANDBOX_PUBLIC_URL: 'https://sandbox.checkout.test' }));
    gatewayA = await startService('gateway', await freePort(), common, 'gateway-a');
    gatewayB = await startService('gateway', await freePort(), common, 'gateway-b');
    gateway202 = await startService('gateway', await freePort(), { ...common, SESSION_WAIT_BUDGET_MS: '0' }, 'gateway-202');
    services.push(gatewayA, gatewayB, gateway202);
    mongo = await new MongoClient(infra.mongoUrl).connect();
    redis = new Redis(infra.redisUrl);
    kafka = createKafka({ clientId: 'e2e', brokers: infra.kafkaBrokers, logger: createLogger({ service: 'e2e', level: 'silent' }) });
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
    redis?.disconnect();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  async function post(
    gateway: RunningService,
    body: unknown,
    headers: Record<string, string | undefined> = {},
  ): Promise<Answer> {
    const allHeaders: Record<string, string> = {};
    const defaults = { 'content-type': 'application/json', authorization: `Bearer ${token('app-e2e')}`, 'idempotency-key': uniqueName('key') };
    for (const [name, value] of Object.entries({ ...defaults, ...headers })) if (value !== undefined) allHeaders[name] = value;
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: allHeaders,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function get(gateway: RunningService, sessionId: string, applicationId: string): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${token(applicationId)}` },
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  /** Every problem type an answer above named, with its code: each must lead to its page. */
  const problemTypesSeen = new Map<string, string>();

  function expectProblem(answer: Answer, status: number, code: string, pointer?: string): void {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ status, code });
    expect(answer.body.type).to.equal(`/problems/${code.replace(/_/g, '-')}`);
    problemTypesSeen.set(answer.body.type, code);
    expect(answer.body.title).to.be.a('string').and.not.empty;
    expect(answer.body.detail).to.be.a('string').and.not.empty;
    if (pointer) expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).to.include(pointer);
  }

  const sessions = () => mongo.db(database).collection('sessions');
  /** One sandbox checkout for the session: the one its id derives from the session, written nowhere while open. */
  const expectOneSandboxCheckout = async (sessionId: string, checkoutUrl: string) => {
    const reference = sandboxCheckoutId(sessionId, DEVELOPMENT_SANDBOX_WEBHOOK_SECRET);
    expect((await sessions().findOne({ _id: sessionId as never }))?.provider?.reference).to.equal(reference);
    expect(new URL(checkoutUrl).pathname.split('/').slice(0, 4).join('/')).to.equal(`/sandbox/checkout/${reference}`);
  };

  describe('the seed request', () => {
    it("should answer 201 with exactly the seed's response fields, readable by GET and stored in MongoDB", async () => {
      const applicationId = uniqueName('app');
      const answer = await post(gatewayA, seedBody(), { authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': 'example_string' });

      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(Object.keys(answer.body)).to.deep.equal(['sessionId', 'checkoutUrl', 'status', 'routing', 'expiresAt', 'createdAt']);
      expect(answer.body.sessionId).to.match(UUID);
      expect(answer.body.checkoutUrl).to.match(/^https:\/\/sandbox\.checkout\.test\/sandbox\/checkout\/sbx_[0-9a-f]{24}\/[\w-]+\.[\w-]+$/);
      expect(answer.body.status).to.equal('PENDING');
      expect(Object.keys(answer.body.routing)).to.deep.equal(['selectedProvider', 'score']);
      expect(answer.body.routing.selectedProvider).to.equal('sandbox');
      expect(answer.body.routing.score).to.be.within(0, 100);
      expect(answer.body.createdAt).to.match(API_TIME);
      expect(answer.body.expiresAt).to.match(API_TIME);
      expect(Date.parse(answer.body.expiresAt) - Date.parse(answer.body.createdAt)).to.equal(3600_000);
      expect(answer.headers.get('idempotent-replayed')).to.equal(null);

      const read = await get(gatewayB, answer.body.sessionId, applicationId);
      expect(read.status).to.equal(200);
      expect(read.body).to.include({ sessionId: answer.body.sessionId, status: 'PENDING', checkoutUrl: answer.body.checkoutUrl, orderReference: 'ORD-2024-001', currency: 'AUD' });
      expect(read.body.amount).to.deep.equal({ total: 140.76, shipping: 9.95, tax: 11.81 });
      expect(read.body.routing.candidates[0].provider).to.equal('sandbox');
      expect(read.body).not.to.have.property('customer');

      const stored = await sessions().findOne({ _id: answer.body.sessionId });
      expect(stored).to.include({ applicationId, status: 'PENDING', currency: 'AUD' });
      expect(stored?.amount).to.deep.equal({ totalMinor: 14076, shippingMinor: 995, taxMinor: 1181 });
      expect(stored?.orderItems).to.deep.equal([{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }]);
      expect(stored?.customer.email).to.equal('jane.smith@example.com');
      expect(stored?.attempts).to.have.length(1);
    });

    it('should hide a session from every other application (404, not 403)', async () => {
      const owner = uniqueName('app');
      const created = await post(gatewayA, seedBody(), { authorization: `Bearer ${token(owner)}` });
      expect(created.status).to.equal(201);
      expectProblem(await get(gatewayA, created.body.sessionId, uniqueName('other-app')), 404, 'session_not_found');
      expectProblem(await get(gatewayA, '00000000-0000-4000-8000-000000000000', owner), 404, 'session_not_found');
      expectProblem(await get(gatewayA, 'not-a-uuid', owner), 404, 'session_not_found');
    });
  });

  describe('idempotency', () => {
    it('should give 50 concurrent requests with one key one session and one provider checkout', async () => {
      const applicationId = uniqueName('app');
      const key = uniqueName('key');
      const body = { ...seedBody(), orderReference: uniqueName('ORD') };
      const headers = { authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': key };
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, index) => post(index % 2 === 0 ? gatewayA : gatewayB, body, headers)),
      );

      const created = answers.filter((a) => a.status === 201);
      const inFlight = answers.filter((a) => a.status === 409);
      expect(created.length + inFlight.length, JSON.stringify(answers.map((a) => a.status))).to.equal(50);
      expect(created.length).to.be.at.least(1);
      for (const answer of created) expect(answer.body).to.deep.equal(created[0]!.body);
      for (const answer of inFlight) {
        expectProblem(answer, 409, 'request_in_progress');
        expect(answer.headers.get('retry-after')).to.match(/^\d+$/);
      }

      const final = await post(gatewayB, body, headers);
      expect(final.status).to.equal(201);
      expect(final.body).to.deep.equal(created[0]!.body);
      expect(final.headers.get('idempotent-replayed')).to.equal('true');
      expect(await sessions().countDocuments({ applicationId })).to.equal(1);
      await expectOneSandboxCheckout(final.body.sessionId, final.body.checkoutUrl);

      const otherApplication = await post(gatewayA, body, { authorization: `Bearer ${token(uniqueName('app'))}`, 'idempotency-key': key });
      expect(otherApplication.status).to.equal(201);
      expect(otherApplication.body.sessionId).not.to.equal(created[0]!.body.sessionId);
    });

    it('should still give one session when Redis is flushed between a request and its retry', async () => {
      const applicationId = uniqueName('app');
      const headers = { authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': uniqueName('key') };
      const body = { ...seedBody(), orderReference: uniqueName('ORD') };
      const first = await post(gatewayA, body, headers);
      expect(first.status).to.equal(201);

      await redis.flushdb();
      const retry = await post(gatewayB, body, headers);
      expect(retry.status).to.equal(201);
      expect(retry.body).to.deep.equal(first.body);
      expect(retry.headers.get('idempotent-replayed')).to.equal('true');
      expect(await sessions().countDocuments({ applicationId })).to.equal(1);
      await expectOneSandboxCheckout(retry.body.sessionId, retry.body.checkoutUrl);

      const changed = await post(gatewayB, { ...body, locale: 'en_GB' }, headers);
      expectProblem(changed, 422, 'idempotency_key_reused');
    });

    it('should refuse a key reused with a different body (422)', async () => {
      const headers = { 'idempotency-key': uniqueName('key') };
      expect((await post(gatewayA, seedBody(), headers)).status).to.equal(201);
      expectProblem(await post(gatewayB, { ...seedBody(), orderReference: 'ORD-OTHER' }, headers), 422, 'idempotency_key_reused', '/');
    });

    it('should answer 202 with Location past the budget, then replay the final 201 for the same key', async () => {
      const applicationId = uniqueName('app');
      const headers = { authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': uniqueName('key') };
      const accepted = await post(gateway202, seedBody(), headers);
      expect(accepted.status).to.equal(202);
      expect(accepted.body).to.include({ status: 'PROCESSING', checkoutUrl: null, routing: null });
      expect(accepted.body.sessionId).to.match(UUID);
      expect(accepted.headers.get('location')).to.equal(`/api/v1/sessions/${accepted.body.sessionId}`);

      let final: Answer | undefined;
      for (let i = 0; i < 100; i += 1) {
        final = await post(gateway202, seedBody(), headers);
        if (final.status !== 409) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(final?.status).to.equal(201);
      expect(final?.headers.get('idempotent-replayed')).to.equal('true');
      expect(final?.body.sessionId).to.equal(accepted.body.sessionId);
      expect(final?.body.status).to.equal('PENDING');
      expect((await get(gatewayA, accepted.body.sessionId, applicationId)).body.status).to.equal('PENDING');
    });
  });

  describe('bad input', () => {
    it('should answer 401 with WWW-Authenticate for a missing, forged, expired or misaddressed token', async () => {
      const cases: Record<string, string | undefined> = {
        missing: undefined,
        notBearer: 'Basic dXNlcjpwYXNz',
        forged: `Bearer ${token('app', { secret: 'another-secret-that-is-long-enough-to-use' })}`,
        expired: `Bearer ${token('app', { expiresIn: -120 })}`,
        wrongAudience: `Bearer ${token('app', { audience: 'someone-else' })}`,
        wrongIssuer: `Bearer ${token('app', { issuer: 'someone-else' })}`,
        unsigned: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'app', scope: 'sessions:write', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 9999999999 })).toString('base64url')}.`,
      };
      for (const [name, authorization] of Object.entries(cases)) {
        const answer = await post(gatewayA, seedBody(), { authorization });
        expectProblem(answer, 401, 'unauthenticated');
        expect(answer.headers.get('www-authenticate'), name).to.match(/^Bearer realm="checkout"/);
      }
    });

    it('should answer 403 when the token lacks the sessions:write scope', async () => {
      const answer = await post(gatewayA, seedBody(), { authorization: `Bearer ${token('app', { scope: 'sessions:read' })}` });
      expectProblem(answer, 403, 'insufficient_scope');
      expect(answer.headers.get('www-authenticate')).to.contain('insufficient_scope');
    });

    it('should answer 415 for a body that is not JSON and 413 for one over the limit', async () => {
      expectProblem(await post(gatewayA, JSON.stringify(seedBody()), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
      const huge = { ...seedBody(), additionalInformation: { note: 'x'.repeat(400) }, orderReference: 'x'.repeat(20_000) };
      expectProblem(await post(gatewayA, huge), 413, 'payload_too_large');
      expectProblem(await post(gatewayA, '{"orderReference": '), 400, 'malformed_json', '/');
    });

    it('should answer 400 for a missing, empty or over-long Idempotency-Key', async () => {
      expectProblem(await post(gatewayA, seedBody(), { 'idempotency-key': undefined }), 400, 'idempotency_key_missing', '/headers/Idempotency-Key');
      expectProblem(await post(gatewayA, seedBody(), { 'idempotency-key': '' }), 400, 'idempotency_key_invalid', '/headers/Idempotency-Key');
      expectProblem(await post(gatewayA, seedBody(), { 'idempotency-key': 'k'.repeat(256) }), 400, 'idempotency_key_invalid', '/headers/Idempotency-Key');
      expect((await post(gatewayA, seedBody(), { 'idempotency-key': 'k'.repeat(255) })).status).to.equal(201);
    });

    it('should answer 400 with a pointer to every field that breaks the schema', async () => {
      const body: Record<string, unknown> = { ...seedBody(), couponCode: 'FREE', paymentMethod: 'crypto' };
      body.customer = { ...seedBody().customer, email: 'not-an-email' };
      delete body.currency;
      const answer = await post(gatewayA, body);
      expectProblem(answer, 400, 'validation_failed');
      const pointers = answer.body.errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).to.include.members(['/couponCode', '/paymentMethod', '/customer/email', '/currency']);
    });

    it('should answer 422 for money that breaks the currency or the totals', async () => {
      const jpy = { ...seedBody(), currency: 'JPY', amount: { total: 15000.5, shipping: 0, tax: 0 }, orderItems: [{ name: 'Tea', quantity: 1, unitPrice: 15000.5 }] };
      expectProblem(await post(gatewayA, jpy), 422, 'too_many_decimals', '/amount/total');
      const aud = { ...seedBody(), amount: { ...seedBody().amount, tax: 11.815 } };
      expectProblem(await post(gatewayA, aud), 422, 'too_many_decimals', '/amount/tax');
      const mismatch = { ...seedBody(), amount: { ...seedBody().amount, total: 140.75 } };
      const answer = await post(gatewayA, mismatch);
      expectProblem(answer, 422, 'amount_mismatch', '/amount/total');
      expect(answer.body.errors[0].detail).to.contain('140.76');
      expectProblem(await post(gatewayA, { ...seedBody(), currency: 'XXX' }), 422, 'unsupported_currency', '/currency');
    });

    it('should answer 422 for a redirect URL that is not https', async () => {
      const body = { ...seedBody(), redirectUrls: { success: 'http://merchant.example.com/ok', failure: 'https://merchant.example.com/ko' } };
      expectProblem(await post(gatewayA, body), 422, 'insecure_redirect_url', '/redirectUrls/success');
    });

    it('should answer 422 no_eligible_provider when no provider can take the payment, and store it as FAILED', async () => {
      const applicationId = uniqueName('app');
      const body = { ...seedBody(), amount: { total: 20000, shipping: 0, tax: 0 }, orderItems: [{ name: 'TV', quantity: 1, unitPrice: 20000 }] };
      const answer = await post(gatewayA, body, { authorization: `Bearer ${token(applicationId)}` });
      expectProblem(answer, 422, 'no_eligible_provider');
      expect(answer.body.detail).to.contain('above its maximum');
      const stored = await sessions().findOne({ applicationId });
      expect(stored?.status).to.equal('FAILED');
      expect(stored?.failure.code).to.equal('no_eligible_provider');
    });
  });

  describe('dead-letter queues', () => {
    const malformed = [
      { name: 'not JSON', value: '{not json', headers: { ce_specversion: '1.0', ce_id: 'x', ce_type: 'dev.checkout.session.requested.v1', ce_source: 'test', ce_time: new Date().toISOString() } },
      { name: 'no CloudEvents headers', value: '{}', headers: {} as Record<string, string> },
      { name: 'invalid payload', value: '{"sessionId":"nope"}', headers: { ce_specversion: '1.0', ce_id: 'y', ce_type: 'dev.checkout.session.routed.v1', ce_source: 'test', ce_time: new Date().toISOString() } },
    ];

    for (const topic of [Topics.sessionRequested, Topics.sessionRouted, Topics.sessionOutcome]) {
      it(`should move malformed messages on ${topic} to ${deadLetterTopic(topic)} and carry on`, async () => {
        const marker = uniqueName('poison');
        const producer = kafka.producer();
        await producer.connect();
        const sent = [];
        for (let partition = 0; partition < TOPIC_PARTITIONS; partition += 1) {
          const sample = malformed[partition % malformed.length]!;
          sent.push({ partition, key: `${marker}-${partition}`, value: sample.value, headers: sample.headers });
        }
        await producer.send({ topic, acks: -1, messages: sent });
        await producer.disconnect();

        const deadLetters = new Map<string, Record<string, string>>();
        const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
        await consumer.connect();
        await consumer.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
        const allFound = new Promise<void>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) => {
              const key = message.key?.toString() ?? '';
              if (!key.startsWith(marker)) return;
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
              deadLetters.set(key, headers);
              if (deadLetters.size === sent.length) resolve();
            },
          });
        });
        await Promise.race([allFound, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        await consumer.disconnect();

        expect(deadLetters.size).to.equal(sent.length);
        for (const headers of deadLetters.values()) {
          expect(headers.dlq_reason).to.be.a('string').and.not.empty;
          expect(headers.dlq_source_topic).to.equal(topic);
        }
        // Every partition of the topic still flows: the next good session goes through.
        for (let i = 0; i < 3; i += 1) expect((await post(i % 2 ? gatewayA : gatewayB, seedBody())).status).to.equal(201);
      });
    }
  });

  describe('log hygiene', () => {
    it('should serve the page of every problem type the answers above named (probes)', async () => {
      expect(problemTypesSeen.size).to.be.at.least(8);
      for (const [type, code] of problemTypesSeen) {
        const page = await fetch(`http://127.0.0.1:${gatewayA.port}${type}`);
        expect(page.status, type).to.equal(200);
        expect(page.headers.get('content-type'), type).to.match(/^text\/html/);
        expect(await page.text(), type).to.contain(`code: "${code}"`);
      }
    });

    it("should leave no customer data, token or Authorization header in any service's log, after all of the above", () => {
      expectCleanLogs(services, ['not-an-email']);
    });
  });
});
