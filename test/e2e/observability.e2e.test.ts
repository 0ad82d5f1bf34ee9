import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { flushRedis, redisDatabaseUrl, uniqueName } from '../support/infra';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { parsePrometheus, samplesOf } from '../support/prometheus';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { expectCleanLogs } from '../support/log-hygiene';
import { MerchantReceiver } from '../support/merchant-receiver';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;
const STATUS_ERROR = 2;

describe('observability end to end (OTLP receiver, each service its own process)', function () {
  this.timeout(120_000);
  const database = uniqueName('observability').replace(/-/g, '_');
  const receiver = new OtlpReceiver();
  let standIns: ProviderStandIns;
  let gateway: RunningService;
  let routing: RunningService;
  let provider: RunningService;
  let notifications: RunningService;
  const merchant = new MerchantReceiver();
  const services: RunningService[] = [];
  const applicationId = uniqueName('app');
  let common: Record<string, string>;

  before(async () => {
    await receiver.start();
    await merchant.start();
    standIns = await startProviderStandIns();
    const catalogFile = path.join(tmpdir(), `${database}-catalog.json`);
    const profile = (id: string, baseWeight: number) => ({
      id, currencies: ['AUD'], countries: ['*'], paymentMethods: ['card'], amountLimits: {}, fees: { percent: 1, fixedMinor: 0 }, baseWeight,
    });
    writeFileSync(catalogFile, JSON.stringify({ providers: [profile('stripe', 1), profile('sandbox', 0.3)] }));
    const redisUrl = redisDatabaseUrl(5);
    await flushRedis(redisUrl);
    common = {
      MONGO_DATABASE: database,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'debug',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
      PROVIDERS: 'sandbox,stripe',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=e2e',
      // The merchant's webhook receiver is on loopback.
      ALLOW_HTTP_LOCALHOST_REDIRECTS: 'true',
      ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    };
    routing = await startService('routing', await freePort(), { ...common, PROVIDER_CATALOG_FILE: catalogFile, ROUTING_PROBE_PERCENT: '0' });
    const providerPort = await freePort();
    provider = await startService('provider', providerPort, { ...common, ...standIns.env, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${providerPort}` });
    gateway = await startService('gateway', await freePort(), common);
    notifications = await startService('notifications', await freePort(), common);
    services.push(routing, provider, gateway, notifications);
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await standIns?.stop();
    await receiver.stop();
    await merchant.stop();
  });

  afterEach(function () {
    standIns.stripe.recover();
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  async function create(idempotencyKey = uniqueName('key'), body: unknown = seedBody()): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** The trace id the gateway logged for this session (its log lines inside a span carry trace_id). */
  async function loggedTraceId(sessionId: string): Promise<string> {
    // The answer can reach us before the line is flushed: pino writes asynchronously.
    const line = await eventually(async () => {
      const found = gateway
        .output()
        .split('\n')
        .filter((text) => text.includes(sessionId) && text.includes('trace_id'))
        .map((text) => JSON.parse(text) as { trace_id: string; span_id: string })[0];
      expect(found, `a gateway log line about ${sessionId} with a trace_id`).to.not.equal(undefined);
      return found!;
    }, 10_000);
    expect(line.span_id).to.match(/^[0-9a-f]{16}$/);
    return line.trace_id;
  }

  /** Waits until the trace holds the gateway's consumption of the outcome, the last hop. */
  async function completeTrace(traceId: string): Promise<ReceivedSpan[]> {
    return eventually(async () => {
      const spans = receiver.trace(traceId);
      expect(spans.some((s) => s.service === 'checkout-gateway' && s.name === 'process checkout.session.outcome')).to.equal(true);
      expect(spans.some((s) => s.service === 'checkout-gateway' && s.kind === SPAN_KIND.server)).to.equal(true);
      return spans;
    }, 30_000, 200);
  }

  function one(spans: ReceivedSpan[], service: string, name: string): ReceivedSpan {
    const found = spans.filter((s) => s.service === service && s.name === name);
    expect(found, `${service} spans named ${name}: ${spans.map((s) => `${s.service}:${s.name}`).join(', ')}`).to.have.length(1);
    return found[0]!;
  }

  function ancestors(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const chain: ReceivedSpan[] = [];
    for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent);
    return chain;
  }

  it('should make one POST one trace across gateway, routing and provider, with correct parent links', async () => {
    const answer = await create();
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    const traceId = await loggedTraceId(answer.body.sessionId);
    const spans = await completeTrace(traceId);

    expect(new Set(spans.map((s) => s.service))).to.deep.equal(new Set(['checkout-gateway', 'checkout-routing', 'checkout-provider']));
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => `${s.service}:${s.name}`)).to.deep.equal(['checkout-gateway:POST /api/v1/sessions']);
    const ids = new Set(spans.map((s) => s.spanId));
    for (const span of spans) if (span.parentSpanId) expect(ids.has(span.parentSpanId), `parent of ${span.service}:${span.name}`).to.equal(true);

    // gateway → Kafka → routing
    const requested = one(spans, 'checkout-gateway', 'send checkout.session.requested');
    expect(requested.kind).to.equal(SPAN_KIND.producer);
    const routingConsume = one(spans, 'checkout-routing', 'process checkout.session.requested');
    expect(routingConsume.parentSpanId).to.equal(requested.spanId);
    const scoring = one(spans, 'checkout-routing', 'checkout.routing.score');
    expect(scoring.parentSpanId).to.equal(routingConsume.spanId);
    expect(scoring.attributes).to.include({ 'checkout.session.id': answer.body.sessionId, 'checkout.provider': 'stripe', 'checkout.routing.result': 'routed' });
    expect(scoring.attributes['checkout.routing.score']).to.equal(answer.body.routing.score);

    // routing → Kafka → provider → the provider's API and MongoDB
    const routed = one(spans, 'checkout-routing', 'send checkout.session.routed');
    const providerConsume = one(spans, 'checkout-provider', 'process checkout.session.routed');
    expect(providerConsume.parentSpanId).to.equal(routed.spanId);
    const attempt = one(spans, 'checkout-provider', 'checkout.provider.attempt');
    expect(attempt.parentSpanId).to.equal(providerConsume.spanId);
    expect(attempt.attributes).to.include({ 'checkout.provider': 'stripe', 'checkout.provider.attempt': 1, 'checkout.provider.outcome': 'succeeded' });
    const stripeCall = spans.find((s) => s.service === 'checkout-provider' && s.kind === SPAN_KIND.client && s.parentSpanId === attempt.spanId);
    expect(stripeCall?.name, 'the Stripe SDK call as a child of the attempt').to.equal('POST');
    const mongoWrites = spans.filter((s) => s.service === 'checkout-provider' && s.attributes['db.system.name'] === 'mongodb');
    expect(mongoWrites.length, 'MongoDB spans in the provider').to.be.greaterThan(0);
    for (const write of mongoWrites) expect(ancestors(spans, write)).to.deep.include(providerConsume);

    // provider → Kafka → gateway, which finalises the outcome
    const outcome = one(spans, 'checkout-provider', 'send checkout.session.outcome');
    const gatewayConsume = one(spans, 'checkout-gateway', 'process checkout.session.outcome');
    expect(gatewayConsume.parentSpanId).to.equal(outcome.spanId);

    const reserve = one(spans, 'checkout-gateway', 'checkout.idempotency.reserve');
    expect(reserve.attributes).to.include({ 'checkout.idempotency.decision': 'new', 'checkout.session.id': answer.body.sessionId });
    expect(spans.some((s) => s.service === 'checkout-gateway' && s.attributes['db.system.name'] === 'redis' && ancestors(spans, s).includes(reserve))).to.equal(true);

    // Batched (BatchSpanProcessor): a request to the receiver carries many spans, not one each.
    expect(receiver.spans.length).to.be.greaterThan(2 * receiver.traceRequests);

    const resource = spans.find((s) => s.service === 'checkout-routing')!.resource;
    expect(resource).to.include({ 'service.version': '0.1.0', 'deployment.environment': 'e2e' });

    // A later read of the session is a trace of its own, findable by the same session id.
    const read = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${answer.body.sessionId}`, { headers: { authorization: `Bearer ${token(applicationId)}` } });
    expect(read.status).to.equal(200);
    await eventually(async () => {
      const get = receiver.spans.find((s) => s.name === 'GET /api/v1/sessions/:sessionId' && s.attributes['checkout.session.id'] === answer.body.sessionId);
      expect(get?.traceId).to.be.a('string').and.not.equal(traceId);
    });
  });

  it('should record a failed provider attempt as an error span, then the failover in the same trace', async () => {
    standIns.stripe.fail('http500', 10);
    const answer = await create();
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    expect(answer.body.routing.selectedProvider).to.equal('sandbox');
    const spans = await completeTrace(await loggedTraceId(answer.body.sessionId));

    const attempts = spans.filter((s) => s.name === 'checkout.provider.attempt').sort((a, b) => Number(a.attributes['checkout.provider.attempt']) - Number(b.attributes['checkout.provider.attempt']));
    expect(attempts.map((s) => [s.attributes['checkout.provider'], s.attributes['checkout.provider.outcome']])).to.deep.equal([
      ['stripe', 'failed'],
      ['sandbox', 'succeeded'],
    ]);
    expect(attempts[0]!.status.code).to.equal(STATUS_ERROR);
    expect(attempts[0]!.attributes['checkout.error.code']).to.be.a('string').and.not.empty;
    expect(attempts[0]!.events.map((e) => e.name)).to.include('exception');
    expect(attempts[1]!.status.code).to.not.equal(STATUS_ERROR);
  });

  it('should expose the named metrics with their labels at /metrics on every service', async () => {
    const key = uniqueName('key');
    const first = await create(key);
    expect(first.status).to.equal(201);
    expect((await create(key)).status).to.equal(201); // replay
    expect((await create(key, { ...seedBody(), orderReference: 'ORD-OTHER' })).status).to.equal(422); // conflict
    standIns.stripe.fail('http500', 10);
    expect((await create()).body.routing.selectedProvider).to.equal('sandbox');
    standIns.stripe.recover(); // closing the expired checkout at Stripe must not meet the failures meant for the create
    const subscribed = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId, { scope: 'webhooks:write' })}` },
      body: JSON.stringify({ url: merchant.url('/webhooks'), enabledEvents: ['*'] }),
    });
    expect(subscribed.status).to.equal(201);
    const expired = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${first.body.sessionId}/expire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(applicationId)}` },
    });
    expect(expired.status).to.equal(200);

    const exposed = new Set<string>();
    const scrape = async (service: RunningService) => {
      const response = await fetch(`http://127.0.0.1:${service.port}/metrics`);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/plain/);
      const samples = parsePrometheus(await response.text());
      for (const sample of samples) exposed.add(sample.name);
      return (name: string, labels: Record<string, string> = {}) => {
        const found = samplesOf(samples, name, labels);
        expect(found, `${service.name} /metrics: ${name} ${JSON.stringify(labels)}`).to.not.be.empty;
        return found.reduce((sum, sample) => sum + sample.value, 0);
      };
    };
    const lag = (group: string, topic: string) => ({ messaging_consumer_group_name: group, messaging_destination_name: topic });

    const atGateway = await scrape(gateway);
    const route = { http_request_method: 'POST', http_route: '/api/v1/sessions' };
    expect(atGateway('http_server_request_duration_count', { ...route, http_response_status_code: '201' })).to.be.at.least(3);
    expect(atGateway('http_server_request_duration_count', { ...route, http_response_status_code: '422' })).to.be.at.least(1);
    expect(atGateway('http_server_request_duration_bucket', { ...route, http_response_status_code: '201', le: '+Inf' })).to.be.at.least(3);
    for (const decision of ['new', 'replay', 'conflict']) {
      expect(atGateway('checkout_idempotency_decisions_total', { checkout_idempotency_decision: decision })).to.be.at.least(1);
    }
    expect(atGateway('checkout_sessions_total', { checkout_provider: 'stripe', checkout_outcome: 'ready' })).to.be.at.least(1);
    expect(atGateway('checkout_kafka_consumer_lag', lag('gateway', 'checkout.session.outcome'))).to.be.at.least(0);

    const atRouting = await scrape(routing);
    expect(atRouting('checkout_routing_score_bucket', { checkout_provider: 'stripe', le: '100' })).to.be.at.least(1);
    expect(atRouting('checkout_routing_score_count', { checkout_provider: 'stripe' })).to.be.at.least(1);
    expect(atRouting('checkout_routing_decisions_total', { checkout_provider: 'stripe', checkout_routing_result: 'routed' })).to.be.at.least(1);
    expect(atRouting('checkout_provider_circuit_open', { checkout_provider: 'stripe' })).to.equal(0);
    await eventually(async () => {
      const rate = (await scrape(routing))('checkout_provider_success_rate', { checkout_provider: 'stripe' });
      expect(rate).to.be.greaterThan(0).and.lessThan(1); // its failures are in routing's signals
    });
    expect(atRouting('checkout_kafka_consumer_lag', lag('routing', 'checkout.session.requested'))).to.be.at.least(0);
    expect(atRouting('checkout_kafka_consumer_lag', lag('routing-signals', 'checkout.session.outcome'))).to.be.at.least(0);

    const atProvider = await scrape(provider);
    expect(atProvider('checkout_provider_call_duration_count', { checkout_provider: 'stripe', checkout_provider_outcome: 'succeeded' })).to.be.at.least(1);
    expect(atProvider('checkout_provider_call_duration_count', { checkout_provider: 'stripe', checkout_provider_outcome: 'failed' })).to.be.at.least(1);
    expect(atProvider('checkout_provider_call_duration_count', { checkout_provider: 'sandbox', checkout_provider_outcome: 'succeeded' })).to.be.at.least(1);
    expect(atProvider('checkout_provider_call_errors_total', { checkout_provider: 'stripe', checkout_error_code: 'http_500' })).to.be.at.least(1);
    const merchantExpiry = { checkout_provider: 'stripe', checkout_session_status: 'EXPIRED', checkout_session_status_reason: 'merchant' };
    await eventually(async () => expect((await scrape(provider))('checkout_session_status_changes_total', merchantExpiry)).to.be.at.least(1));
    expect(atProvider('checkout_kafka_consumer_lag', lag('provider', 'checkout.session.routed'))).to.be.at.least(0);
    expect(atProvider('checkout_kafka_consumer_lag', lag('provider-lifecycle', 'checkout.session.status'))).to.be.at.least(0);

    await eventually(async () => expect(merchant.at('/webhooks')).to.have.length(1), 20_000);
    const atNotifications = await eventually(async () => {
      const at = await scrape(notifications);
      expect(at('checkout_webhook_attempts_total', { checkout_webhook_outcome: 'delivered', checkout_webhook_event_type: 'checkout.session.expired' })).to.be.at.least(1);
      return at;
    });
    expect(atNotifications('checkout_webhook_events_total', { checkout_webhook_event_type: 'checkout.session.expired' })).to.be.at.least(1);
    expect(atNotifications('checkout_webhook_attempt_duration_bucket', { checkout_webhook_outcome: 'delivered', le: '+Inf' })).to.be.at.least(1);
    expect(atNotifications('checkout_kafka_consumer_lag', lag('notifications', 'checkout.session.status'))).to.be.at.least(0);

    // Every series the Grafana dashboard queries is one these services really expose.
    const dashboard = JSON.parse(readFileSync(path.resolve(__dirname, '../../observability/grafana/dashboards/checkout.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const queried = dashboard.panels.flatMap((panel) => panel.targets ?? []).flatMap(({ expr }) =>
      [...expr.replace(/\b(by|without)\s*\([^)]*\)/g, '').matchAll(/\b([a-z_][a-z0-9_]*)(?=[{[)])/g)].map((match) => match[1]!),
    );
    expect(queried.length).to.be.greaterThan(10);
    expect([...new Set(queried)].filter((name) => !exposed.has(name))).to.deep.equal([]);
  });

  it('should export no customer data, token or Authorization header in any span', async () => {
    await eventually(async () => expect(receiver.spans.length).to.be.greaterThan(0));
    const exported = receiver.rawBodies.join('\n');
    const customer = seedBody().customer;
    for (const secret of [customer.firstName, customer.lastName, customer.email, customer.phone!, customer.billingAddress!.line1, 'Collins', 'eyJ', 'Bearer']) {
      expect(exported, `exported telemetry contains ${secret}`).not.to.contain(secret);
    }
  });

  it('should run without telemetry when OTEL_SDK_DISABLED=true, answering /metrics with a 503 problem', async () => {
    const untraced = await startService('gateway', await freePort(), { ...common, OTEL_SDK_DISABLED: 'true' }, 'gateway-untraced');
    services.push(untraced);
    const metricsAnswer = await fetch(`http://127.0.0.1:${untraced.port}/metrics`);
    expect(metricsAnswer.status).to.equal(503);
    expect(metricsAnswer.headers.get('content-type')).to.equal('application/problem+json');
    expect(await metricsAnswer.json()).to.include({ status: 503, code: 'service_unavailable' });
    const created = await fetch(`http://127.0.0.1:${untraced.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': uniqueName('key') },
      body: JSON.stringify(seedBody()),
    });
    expect(created.status, 'sessions are created with telemetry off').to.equal(201);
  });

  // A suite of its own, so that mocha runs it after every other test of this file.
  describe('log hygiene', () => {
    it("should leave no customer data, token or Authorization header in any service's log, after all of the above", () => {
      expectCleanLogs(services);
    });
  });
});
