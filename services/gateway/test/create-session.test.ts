import { expect } from 'chai';
import { ApiError, ContractValidator, EventTypes, Topics, type SessionRequested } from '@checkout/contracts';
import { createLogger, problemAnswer } from '@checkout/platform';
import { InMemorySessionStore } from '@checkout/sessions';
import type { Caller } from '../src/auth/caller';
import { GatewayTelemetry } from '../src/gateway-telemetry';
import { replyFor } from '../src/http/create-session-reply';
import { IdempotencyStoreUnavailable } from '../src/idempotency/idempotency-store';
import { InMemoryIdempotencyStore } from '../src/idempotency/in-memory-idempotency-store';
import { FinaliseOutcome } from '../src/outcomes/finalise-outcome';
import { LocalOutcomeBroadcast } from '../src/outcomes/local-outcome-broadcast';
import { OutcomeWaiters } from '../src/sessions/outcome-waiters';
import { CreateSession, type CreateSessionCommand } from '../src/sessions/create-session';
import { responseFor } from '../src/sessions/session-responses';
import { RecordingPublisher } from '../../../test/support/recording-publisher';
import { rejection } from '../../../test/support/rejection';
import { recordedLifecycle } from '../../../test/support/session-moves';
import { seedBody } from '../../../test/support/seed';
import { testMeter } from '../../../test/support/test-meter';
import { trace } from '@opentelemetry/api';

const logger = createLogger({ service: 'test', level: 'silent' });
const telemetry = new GatewayTelemetry();
const caller: Caller = { applicationId: 'app-1', livemode: false, scopes: new Set(['sessions:write']) };

/** The in-memory store, which can be made unreachable like a Redis that is down. */
class SwitchableIdempotencyStore extends InMemoryIdempotencyStore {
  unreachable = false;
  override async reserve(...args: Parameters<InMemoryIdempotencyStore['reserve']>) {
    if (this.unreachable) throw new IdempotencyStoreUnavailable('Redis: connection refused');
    return super.reserve(...args);
  }
}

/** What the stand-in pipeline does with each SessionRequested; read at each publish, so a test can change it. */
interface PipelineOptions {
  budgetMs?: number;
  /** `unannounced`: the session is decided but its outcome's notice never reaches this replica. */
  pipeline?: 'ready' | 'failed' | 'silent' | 'unannounced';
  telemetry?: GatewayTelemetry;
  sessions?: InMemorySessionStore;
}

function setup(options: PipelineOptions = {}) {
  let nowMs = new Date('2024-01-15T11:00:00.400Z').getTime();
  const clock = { advance: (ms: number) => void (nowMs += ms) };
  const idempotency = new SwitchableIdempotencyStore(86_400_000);
  const sessions = options.sessions ?? new InMemorySessionStore();
  const publisher = new RecordingPublisher();
  const waiters = new OutcomeWaiters();
  const finalise = new FinaliseOutcome(sessions, idempotency, new LocalOutcomeBroadcast(waiters), telemetry, logger);
  const useCase = new CreateSession(
    new ContractValidator(),
    idempotency,
    sessions,
    publisher,
    waiters,
    { waitBudgetMs: options.budgetMs ?? 1000, sessionTtlMs: 3_600_000, retryAfterSeconds: 2, redirects: { allowHttpLocalhost: false }, eventSource: 'urn:test', staleRequestMs: 10_000, publishTimeoutMs: 2000 },
    options.telemetry ?? telemetry,
    logger,
    () => new Date(nowMs),
  );
  // Stands in for routing and provider: writes the checkout onto the session, as the provider
  // service does, then answers each SessionRequested with an outcome event.
  publisher.onPublish = (topic, message) => {
    if (topic !== Topics.sessionRequested || options.pipeline === 'silent') return;
    const requested = JSON.parse(message.value.toString()) as SessionRequested;
    const common = { id: 'evt', source: 'urn:test', time: new Date().toISOString(), subject: requested.sessionId };
    setImmediate(async () => {
      if (options.pipeline !== 'failed') {
        await recordedLifecycle(sessions).lifecycle.decide(requested.sessionId, {
          from: 'PROCESSING',
          to: 'PENDING',
          changes: {
            checkoutUrl: `https://pay.example/${requested.sessionId}`,
            provider: { name: 'sandbox', reference: 'sbx_1' },
            routing: { selectedProvider: 'sandbox', score: 92.5, candidates: [], rejected: [] },
            attempts: [],
          },
        });
      }
      if (options.pipeline === 'unannounced') return;
      void (options.pipeline === 'failed'
        ? finalise.execute({ ...common, type: EventTypes.sessionFailed, data: { sessionId: requested.sessionId, applicationId: requested.applicationId, currency: requested.currency, code: 'provider_unavailable', detail: 'all down', attempts: [] } })
        : finalise.execute({
            ...common,
            type: EventTypes.sessionReady,
            data: {
              sessionId: requested.sessionId,
              applicationId: requested.applicationId,
              currency: requested.currency,
              attempts: [{ provider: 'sandbox', outcome: 'succeeded', latencyMs: 3, at: new Date().toISOString() }],
              status: 'PENDING',
              checkoutUrl: `https://pay.example/${requested.sessionId}`,
              provider: 'sandbox',
              providerReference: 'sbx_1',
              score: 92.5,
              createdAt: requested.createdAt,
              expiresAt: requested.expiresAt,
            },
          }));
    });
  };
  // The use case's result, answered as the HTTP layer answers it.
  const run = async (command: Partial<CreateSessionCommand> = {}) => replyFor(await useCase.execute({ caller, idempotencyKey: 'key-1', body: seedBody(), ...command }));
  return { run, idempotency, sessions, publisher, waiters, clock };
}

const problemOf = async (promise: Promise<unknown>) => problemAnswer(await rejection(promise, ApiError));

describe('CreateSession', () => {
  describe('execute', () => {
    it('should answer 201 with the outcome, and publish one SessionRequested in minor units', async () => {
      const { run, publisher, sessions } = setup();
      const reply = await run();
      expect(reply.status).to.equal(201);
      expect(reply.headers).to.deep.equal({});
      const body = reply.body as { sessionId: string };
      const stored = (await sessions.find(body.sessionId))!;
      expect(reply.body).to.deep.equal({
        sessionId: body.sessionId,
        checkoutUrl: `https://pay.example/${body.sessionId}`,
        status: 'PENDING',
        routing: { selectedProvider: 'sandbox', score: 92.5 },
        expiresAt: '2024-01-15T12:00:00Z',
        createdAt: '2024-01-15T11:00:00Z',
      });
      expect(publisher.payloads(Topics.sessionRequested)).to.deep.equal([
        {
          sessionId: body.sessionId,
          applicationId: 'app-1',
          livemode: false,
          orderReference: 'ORD-2024-001',
          paymentMethod: 'card',
          currency: 'AUD',
          amountMinor: 14076,
          billingCountry: 'AU',
          createdAt: '2024-01-15T11:00:00Z',
          expiresAt: '2024-01-15T12:00:00Z',
          idempotency: { keyHash: stored.idempotencyKeyHash, fingerprint: stored.requestFingerprint },
        },
      ]);
      expect(publisher.published[0]?.message.key).to.equal(body.sessionId);
      expect(responseFor((await sessions.find(body.sessionId))!)).to.deep.equal({ status: 201, body: reply.body });
    });

    it('should replay the stored answer exactly, flagged Idempotent-Replayed, without publishing again', async () => {
      const { run, publisher } = setup();
      const first = await run();
      const again = await run({ body: JSON.parse(JSON.stringify(seedBody())) });
      expect(again.status).to.equal(201);
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
      expect(publisher.published).to.have.length(1);
    });

    it('should answer 202 with Location past the budget, and 409 with Retry-After while in flight', async () => {
      const { run } = setup({ budgetMs: 20, pipeline: 'silent' });
      const accepted = await run();
      const body = accepted.body as { sessionId: string };
      expect(accepted.status).to.equal(202);
      expect(accepted.headers).to.deep.equal({ Location: `/api/v1/sessions/${body.sessionId}`, 'Retry-After': '2' });
      expect(accepted.body).to.include({ status: 'PROCESSING', checkoutUrl: null, routing: null });
      const conflict = await problemOf(run());
      expect(conflict.problem).to.include({ status: 409, code: 'request_in_progress' });
      expect(conflict.headers).to.deep.equal({ 'Retry-After': '2' });
    });

    it("should answer 201 from the stored session when its outcome's notice was lost, rather than 202", async () => {
      const { run } = setup({ budgetMs: 20, pipeline: 'unannounced' });
      const reply = await run();
      expect(reply.status).to.equal(201);
      expect(reply.body).to.include({ status: 'PENDING', checkoutUrl: `https://pay.example/${(reply.body as { sessionId: string }).sessionId}` });
    });

    it('should not let a database that stopped answering hold the 202 past the budget (the last look is bounded)', async () => {
      class HangingReads extends InMemorySessionStore {
        override find(): Promise<null> {
          return new Promise(() => undefined);
        }
      }
      const { run } = setup({ budgetMs: 20, pipeline: 'silent', sessions: new HangingReads() });
      // Unbounded, the read never answering would hold this request for ever (the test would time out).
      const accepted = await run();
      expect(accepted.status).to.equal(202);
    });

    it("should take over a key left processing by a gateway that died after storing its session: queued again once, then answered", async () => {
      const metered = testMeter();
      const options: PipelineOptions = { budgetMs: 50, pipeline: 'silent', telemetry: new GatewayTelemetry(trace.getTracer('test'), metered.meter) };
      const { run, publisher, sessions, clock } = setup(options);
      const accepted = (await run()).body as { sessionId: string };
      expect((await problemOf(run())).problem.code, 'not stale yet').to.equal('request_in_progress');
      options.pipeline = 'ready';
      clock.advance(10_000);
      const taken = await run();
      expect(taken.status).to.equal(201);
      expect(taken.body).to.include({ sessionId: accepted.sessionId, status: 'PENDING' });
      const requested = publisher.payloads(Topics.sessionRequested) as SessionRequested[];
      expect(requested.map((event) => event.sessionId)).to.deep.equal([accepted.sessionId, accepted.sessionId]);
      expect(requested[1]).to.deep.equal(requested[0]);
      expect(sessions.size).to.equal(1);
      const replay = await run();
      expect(replay.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
      expect(publisher.published).to.have.length(2);
      expect(await metered.points('checkout.idempotency.takeovers')).to.have.deep.members([
        { attributes: { 'checkout.takeover': 'queued_again' }, value: 1 },
        { attributes: { 'checkout.takeover': 'created' }, value: 0 },
        { attributes: { 'checkout.takeover': 'repaired' }, value: 0 },
      ]);
    });

    it('should create the session of a key whose gateway died before storing it, once among concurrent retries', async () => {
      const metered = testMeter();
      const options: PipelineOptions = { budgetMs: 50, pipeline: 'silent', telemetry: new GatewayTelemetry(trace.getTracer('test'), metered.meter) };
      const { run, publisher, sessions, clock } = setup(options);
      const lost = (await run()).body as { sessionId: string };
      await sessions.remove(lost.sessionId); // as if its gateway had died between the reservation and the insert
      options.pipeline = 'ready';
      clock.advance(10_000);
      const replies = await Promise.allSettled(Array.from({ length: 5 }, () => run()));
      const created = replies.filter((reply) => reply.status === 'fulfilled' && reply.value.status === 201);
      expect(created).to.have.length(1);
      const refused = await Promise.all(replies.filter((reply) => reply.status === 'rejected').map((reply) => problemOf(Promise.reject((reply as PromiseRejectedResult).reason))));
      expect(refused.map((reply) => reply.problem.code)).to.deep.equal(Array(4).fill('request_in_progress'));
      const sessionId = ((created[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof run>>>).value.body as { sessionId: string }).sessionId;
      expect(sessionId).to.not.equal(lost.sessionId);
      expect(sessions.size).to.equal(1);
      expect((publisher.payloads(Topics.sessionRequested) as SessionRequested[]).map((event) => event.sessionId)).to.deep.equal([lost.sessionId, sessionId]);
      expect(await metered.points('checkout.idempotency.takeovers')).to.have.deep.members([
        { attributes: { 'checkout.takeover': 'created' }, value: 1 },
        { attributes: { 'checkout.takeover': 'queued_again' }, value: 0 },
        { attributes: { 'checkout.takeover': 'repaired' }, value: 0 },
      ]);
    });

    it('should repair a stale processing record whose session was decided, without queuing it again', async () => {
      const { run, idempotency, publisher, sessions, clock } = setup();
      const first = await run();
      const session = (await sessions.find((first.body as { sessionId: string }).sessionId))!;
      // The outcome reached MongoDB but its completion never reached Redis.
      await idempotency.save(session.idempotencyKeyHash, { state: 'processing', sessionId: session._id, fingerprint: session.requestFingerprint, reservedAt: 0 });
      clock.advance(10_000);
      const again = await run();
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
      expect(publisher.published).to.have.length(1);
    });

    it('should answer 422 when the key comes back with another body', async () => {
      const { run } = setup();
      await run();
      const reused = await problemOf(run({ body: { ...seedBody(), orderReference: 'ORD-2' } }));
      expect(reused.problem).to.include({ status: 422, code: 'idempotency_key_reused' });
    });

    it('should keep one session when the idempotency store forgets the key', async () => {
      const { run, idempotency, sessions, publisher } = setup();
      const first = await run();
      idempotency.clear();
      const retry = await run();
      expect(retry.body).to.deep.equal(first.body);
      expect(retry.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
      expect(sessions.size).to.equal(1);
      expect(publisher.published).to.have.length(1);
      idempotency.clear();
      const changed = await problemOf(run({ body: { ...seedBody(), locale: 'en_GB' } }));
      expect(changed.problem.code).to.equal('idempotency_key_reused');
    });

    it('should replay a failure as the same problem', async () => {
      const { run } = setup({ pipeline: 'failed' });
      const first = await run();
      expect(first.status).to.equal(502);
      expect(first.body).to.include({ code: 'provider_unavailable', status: 502 });
      const again = await run();
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers['Idempotent-Replayed']).to.equal('true');
    });

    it('should not keep a session it could not publish, so the retry starts afresh', async () => {
      const { run, publisher, sessions } = setup();
      publisher.failWith = new Error('broker down');
      const unavailable = await problemOf(run());
      expect(unavailable.problem).to.include({ status: 503, code: 'service_unavailable' });
      expect(unavailable.headers).to.deep.equal({ 'Retry-After': '1' });
      expect(sessions.size).to.equal(0);
      publisher.failWith = undefined;
      expect((await run()).status).to.equal(201);
      expect(sessions.size).to.equal(1);
    });

    it('should refuse with 503 and Retry-After, accepting nothing, while the idempotency store cannot be reached', async () => {
      const { run, idempotency, sessions, publisher } = setup();
      const first = await run();
      expect(first.status).to.equal(201);
      idempotency.unreachable = true;
      const fresh = await problemOf(run({ idempotencyKey: 'key-2' }));
      expect(fresh.problem).to.include({ status: 503, code: 'service_unavailable' });
      expect(fresh.headers).to.deep.equal({ 'Retry-After': '2' });
      const replay = await problemOf(run());
      expect(replay.problem).to.include({ status: 503, code: 'service_unavailable' });
      expect(sessions.size).to.equal(1);
      expect(publisher.payloads(Topics.sessionRequested)).to.have.length(1);
      idempotency.unreachable = false;
      expect((await run({ idempotencyKey: 'key-2' })).status).to.equal(201);
      expect((await run()).body).to.deep.equal(first.body);
    });

    it('should check the Idempotency-Key before the body', async () => {
      const { run } = setup();
      expect((await problemOf(run({ idempotencyKey: undefined, body: {} }))).problem.code).to.equal('idempotency_key_missing');
      expect((await problemOf(run({ idempotencyKey: '' }))).problem.code).to.equal('idempotency_key_invalid');
      expect((await problemOf(run({ idempotencyKey: 'k'.repeat(256) }))).problem.code).to.equal('idempotency_key_invalid');
      expect((await run({ idempotencyKey: 'k'.repeat(255) })).status).to.equal(201);
    });

    it('should answer 400 for a schema violation and 422 for a rule violation', async () => {
      const { run } = setup();
      const invalid = await problemOf(run({ body: { ...seedBody(), currency: 'aud' } }));
      expect(invalid.problem).to.include({ status: 400, code: 'validation_failed' });
      expect(invalid.problem.errors).to.deep.equal([{ pointer: '/currency', detail: 'must match pattern "^[A-Z]{3}$"' }]);
      const mismatch = await problemOf(run({ body: { ...seedBody(), amount: { total: 1, shipping: 0, tax: 0 } } }));
      expect(mismatch.problem).to.include({ status: 422, code: 'amount_mismatch' });
    });
  });
});

describe('FinaliseOutcome', () => {
  it("should finalise from the event alone when it carries the request's idempotency reference, reading no session", async () => {
    const sessions = new InMemorySessionStore(); // empty: a read would find nothing
    const idempotency = new InMemoryIdempotencyStore(60_000);
    const waiters = new OutcomeWaiters();
    const finalise = new FinaliseOutcome(sessions, idempotency, new LocalOutcomeBroadcast(waiters), telemetry, logger);
    const sessionId = 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9';
    const answer = waiters.wait(sessionId, 1000);
    await finalise.execute({ id: 'e', source: 's', time: 't', subject: sessionId, type: EventTypes.sessionReady, data: {
      sessionId, applicationId: 'app-1', currency: 'AUD', attempts: [{ provider: 'stripe', outcome: 'succeeded', latencyMs: 1, at: 't' }], status: 'PENDING',
      checkoutUrl: 'https://pay.example/1', provider: 'stripe', providerReference: 'cs_1', score: 92.5, createdAt: '2024-01-15T11:00:00Z', expiresAt: '2024-01-15T12:00:00Z',
      idempotency: { keyHash: 'hash-1', fingerprint: 'fp-1' },
    } });
    expect((await answer)?.status).to.equal(201);
    const held = await idempotency.reserve('hash-1', { state: 'processing', sessionId: 'other', fingerprint: 'fp-1' });
    expect(held).to.deep.include({ reserved: false });
    if (!held.reserved) expect(held.existing).to.deep.include({ state: 'completed', sessionId, fingerprint: 'fp-1' });
  });
});

describe('OutcomeWaiters', () => {
  it('should deliver to the waiting session only, and time out to undefined', async () => {
    const waiters = new OutcomeWaiters();
    const a = waiters.wait('a', 1000);
    const b = waiters.wait('b', 10);
    waiters.deliver('a', { status: 201, body: { ok: true } });
    waiters.deliver('unknown', { status: 201, body: {} });
    expect(await a).to.deep.equal({ status: 201, body: { ok: true } });
    expect(await b).to.equal(undefined);
    expect(waiters.size).to.equal(0);
  });
});

describe('responseFor', () => {
  it('should rebuild, from the stored session, exactly the answer its outcome gave', async () => {
    const sessions = new InMemorySessionStore();
    const idempotency = new InMemoryIdempotencyStore(60_000);
    const waiters = new OutcomeWaiters();
    const finalise = new FinaliseOutcome(sessions, idempotency, new LocalOutcomeBroadcast(waiters), telemetry, logger);
    const createdAt = new Date('2024-01-15T11:00:00Z');
    const base = {
      applicationId: 'app-1', idempotencyKeyHash: 'h', requestFingerprint: 'f', orderReference: 'ORD', paymentMethod: 'card' as const, currency: 'AUD', locale: null,
      amount: { totalMinor: 100, shippingMinor: 0, taxMinor: 0 }, orderItems: [], customer: { firstName: 'J', lastName: 'S', email: 'j@example.com' }, shipping: null,
      additionalInformation: {}, redirectUrls: { success: 'https://x/ok', failure: 'https://x/ko' }, attempts: [], payment: null, expiredAt: null, createdAt, updatedAt: createdAt, expiresAt: new Date('2024-01-15T12:00:00Z'),
    };
    const pending = { ...base, _id: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', status: 'PENDING' as const, checkoutUrl: 'https://pay.example/1', provider: { name: 'stripe', reference: 'cs_1' }, routing: { selectedProvider: 'stripe', score: 92.5, candidates: [], rejected: [] }, failure: null };
    await sessions.insert(pending);
    const answer = waiters.wait(pending._id, 1000);
    await finalise.execute({ id: 'e', source: 's', time: 't', subject: pending._id, type: EventTypes.sessionReady, data: {
      sessionId: pending._id, applicationId: 'app-1', currency: 'AUD', attempts: [{ provider: 'stripe', outcome: 'succeeded', latencyMs: 1, at: 't' }], status: 'PENDING',
      checkoutUrl: 'https://pay.example/1', provider: 'stripe', providerReference: 'cs_1', score: 92.5, createdAt: '2024-01-15T11:00:00Z', expiresAt: '2024-01-15T12:00:00Z',
    } });
    expect(responseFor(pending)).to.deep.equal(await answer);

    const failed = { ...base, _id: '0b8c1a2e-b088-4e79-99ad-2c3e0fa3f1b9', idempotencyKeyHash: 'h2', status: 'FAILED' as const, checkoutUrl: null, provider: null, routing: null, failure: { code: 'no_eligible_provider' as const, detail: 'none' } };
    await sessions.insert(failed); // the provider service recorded the failure before announcing it
    const failedAnswer = waiters.wait(failed._id, 1000);
    await finalise.execute({ id: 'e', source: 's', time: 't', subject: failed._id, type: EventTypes.sessionFailed, data: { sessionId: failed._id, applicationId: 'app-1', currency: 'AUD', code: 'no_eligible_provider', detail: 'none', attempts: [] } });
    expect(responseFor((await sessions.find(failed._id))!)).to.deep.equal(await failedAnswer);
    expect(responseFor({ ...failed, status: 'PROCESSING', failure: null })).to.equal(null);
  });
});
