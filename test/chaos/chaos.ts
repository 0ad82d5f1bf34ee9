// The chaos run: the services as processes (two gateways) on a real stack of their own, merchants
// retrying with the same Idempotency-Key until they get a 201, then expiring the session, while every
// service is killed with SIGKILL and restarted, the Kafka broker stopped, Redis stopped, the
// database server restarted, FerretDB and Redis paused (SIGSTOP) for 20 s each, and a message that
// makes a handler throw every time is published. The merchant's webhook endpoint refuses the first attempt of every
// event, so that retries are pending across the faults. Then a set-difference check of what the
// merchants were given against what MongoDB and Kafka hold and what the merchant's endpoint received.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { allTopics, deadLetterTopic, encodeEvent, EventTypes, Topics } from '@checkout/contracts';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, sandboxCheckoutId } from '@checkout/providers';
import { MerchantReceiver } from '../support/merchant-receiver';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

const ROOT = path.resolve(__dirname, '../..');

/** A stack of its own, on ports and a state folder no other run uses, so that it can be broken. */
const PORTS = { redis: 16379, kafka: 19092, kafkaController: 19093, postgres: 55329, ferretdb: 27117 };
const INFRA_ENV = {
  CHECKOUT_INFRA_DIR: path.join(ROOT, '.infra', 'chaos'),
  CHECKOUT_REDIS_PORT: String(PORTS.redis),
  CHECKOUT_KAFKA_PORT: String(PORTS.kafka),
  CHECKOUT_KAFKA_CONTROLLER_PORT: String(PORTS.kafkaController),
  CHECKOUT_POSTGRES_PORT: String(PORTS.postgres),
  CHECKOUT_FERRETDB_PORT: String(PORTS.ferretdb),
};

export interface ChaosOptions {
  /** Merchants at once, each creating sessions one after the other until the faults are over. */
  merchants: number;
  /** How many times the whole series of faults is injected. */
  rounds: number;
  log: (line: string) => void;
}

export interface ChaosReport {
  keys: number;
  answers: Record<string, number>;
  faults: { fault: string; recoveredInMs: number }[];
  sessions: number;
  /** Sessions whose checkout is the sandbox checkout of that session (one per session, as its id derives from it). */
  providerCheckouts: number;
  /** Sessions whose checkout.session.expired reached the merchant's endpoint (after a refused first attempt). */
  webhooksDelivered: number;
  /** The longest any merchant request took to be answered (or to fail): bounded by the services' deadlines. */
  longestAnswerMs: number;
  /** The poison message: how long until it was in its dead-letter topic, the partition moving on. */
  poisonDeadLetteredInMs: number | null;
  /** The first few 500 answers' bodies, if any. */
  serverErrors: string[];
  problems: string[];
  seconds: number;
}

function infra(command: string, component = ''): void {
  const run = spawnSync('bash', [path.join(ROOT, 'scripts/infra.sh'), command, ...(component ? [component] : [])], { env: { ...process.env, ...INFRA_ENV }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`infra.sh ${command} ${component} failed:\n${run.stdout}\n${run.stderr}`);
}

/** Stops (SIGSTOP) a server of the stack for `ms`, then lets it go on (SIGCONT): it keeps its connections but answers nothing. */
async function pauseServer(component: 'redis' | 'ferretdb', ms: number): Promise<void> {
  const pid = Number(readFileSync(path.join(INFRA_ENV.CHECKOUT_INFRA_DIR, 'run', `${component}.pid`), 'utf8').trim());
  process.kill(pid, 'SIGSTOP');
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** The longest a request may take: no service may hold a merchant longer (every wait has a deadline below it). */
const ANSWER_BOUND_MS = 10_000;
const PAUSE_MS = 20_000;

/** Messages in each dead-letter topic so far. */
async function deadLetters(brokers: string): Promise<Map<string, number>> {
  const admin = new Kafka({ clientId: 'chaos', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const counts = new Map<string, number>();
    for (const { topic } of allTopics().filter((t) => t.topic.endsWith('.dlq'))) {
      counts.set(topic, (await admin.fetchTopicOffsets(topic).catch(() => [])).reduce((sum, p) => sum + Number(p.high), 0));
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  infra('up');
  const database = `chaos_${Date.now()}`;
  const env = {
    MONGO_DATABASE: database,
    REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    KAFKA_BROKERS: `127.0.0.1:${PORTS.kafka}`,
    MONGO_URL: `mongodb://127.0.0.1:${PORTS.ferretdb}`,
    LOG_LEVEL: 'error',
    JWT_HS256_SECRET: TEST_JWT_SECRET,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
    SESSION_WAIT_BUDGET_MS: '3000',
    // The merchants' tokens are test tokens (the sandbox serves test sessions only): live mode's budget for them.
    RATE_LIMIT_TEST_WRITES_PER_SECOND: '100',
    RATE_LIMIT_TEST_READS_PER_SECOND: '100',
    SWEEP_INTERVAL_MS: '0',
    OTEL_SDK_DISABLED: 'true',
    ALLOW_HTTP_LOCALHOST_REDIRECTS: 'true',
    ALLOW_HTTP_LOCALHOST_WEBHOOKS: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s,8s,15s,30s,60s',
    WEBHOOK_STALE_ATTEMPT_MS: '10000',
    WEBHOOK_TIMEOUT_MS: '5000',
    WEBHOOK_POLL_INTERVAL_MS: '200',
  };
  // The merchant's endpoint: the first attempt of every event is refused, the next accepted.
  const receiver = await new MerchantReceiver().start();
  const refusedOnce = new Set<string>();
  receiver.decide((request) => {
    const id = String(request.headers['webhook-id']);
    if (refusedOnce.has(id)) return 200;
    refusedOnce.add(id);
    return 503;
  });
  const ports = { routing: await freePort(), provider: await freePort(), notifications: await freePort(), gatewayA: await freePort(), gatewayB: await freePort() };
  const start = {
    routing: () => startService('routing', ports.routing, env),
    provider: () => startService('provider', ports.provider, { ...env, SANDBOX_PUBLIC_URL: 'https://sandbox.checkout.test' }),
    notifications: () => startService('notifications', ports.notifications, env),
    gatewayA: () => startService('gateway', ports.gatewayA, env, 'gateway-a'),
    gatewayB: () => startService('gateway', ports.gatewayB, env, 'gateway-b'),
  };
  const services: Record<keyof typeof start, RunningService> = {
    routing: await start.routing(),
    provider: await start.provider(),
    notifications: await start.notifications(),
    gatewayA: await start.gatewayA(),
    gatewayB: await start.gatewayB(),
  };
  const applicationId = `chaos-${randomUUID()}`;
  const keys: string[] = [];
  const given = new Map<string, string>();
  const answers: Record<string, number> = {};
  let longestAnswerMs = 0;
  const timedOut: string[] = [];
  /** The first few 500 answers, as they came: our own faults, to read in the report. */
  const serverErrors: string[] = [];
  const faults: ChaosReport['faults'] = [];
  let faultsOver = false;
  /** After the faults, every merchant's last key must be settled within this; a key still unsettled is a problem, not a hang. */
  let settleBy = Infinity;
  const SETTLE_MS = 120_000;
  const stuck: string[] = [];
  const deadLettersBefore = await deadLetters(env.KAFKA_BROKERS);
  const subscribed = await fetch(`http://127.0.0.1:${ports.gatewayA}/api/v1/webhook-endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId, { scope: 'webhooks:write' })}` },
    body: JSON.stringify({ url: receiver.url('/webhooks'), enabledEvents: ['checkout.session.expired'] }),
  });
  if (subscribed.status !== 201) throw new Error(`could not subscribe the merchant's endpoint: ${subscribed.status} ${await subscribed.text()}`);

  // Merchants: each creates a session with a new key and retries it, on either gateway, until it
  // gets a 201, then the next, until the faults are over.
  const merchant = async () => {
    while (!faultsOver) {
      const key = randomUUID();
      keys.push(key);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const lastAnswers: string[] = [];
      for (let attempt = 0; ; attempt += 1) {
        if (Date.now() > settleBy) {
          stuck.push(`key ${key} got no 201 within ${SETTLE_MS / 1000} s after the faults; its last answers: ${lastAnswers.join(' | ')}`);
          return;
        }
        const port = attempt % 2 === 0 ? ports.gatewayA : ports.gatewayB;
        let status = 'network_error';
        let detail = '';
        const sent = Date.now();
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': key },
            body: JSON.stringify(seedBody()),
            signal: AbortSignal.timeout(ANSWER_BOUND_MS),
          });
          status = String(response.status);
          const text = await response.text();
          longestAnswerMs = Math.max(longestAnswerMs, Date.now() - sent);
          detail = text.slice(0, 300);
          const body = JSON.parse(text) as { sessionId?: string; checkoutUrl?: string };
          if (response.status === 201 && body.sessionId && body.checkoutUrl) {
            const before = given.get(key);
            if (before && before !== body.sessionId) throw new Error(`key ${key} was given two sessions: ${before} and ${body.sessionId}`);
            given.set(key, body.sessionId);
            answers[status] = (answers[status] ?? 0) + 1;
            await expireUntilDone(body.sessionId);
            break;
          }
        } catch (error) {
          if ((error as Error).message.includes('two sessions')) throw error;
          detail ||= (error as Error).message;
          // Refused connections (a gateway killed) answer at once; only a request held past the bound is a timeout.
          if ((error as Error).name === 'TimeoutError') timedOut.push(`key ${key}: no answer within ${ANSWER_BOUND_MS} ms`);
          else longestAnswerMs = Math.max(longestAnswerMs, Date.now() - sent);
        }
        if (status === '500' && serverErrors.length < 5) serverErrors.push(detail);
        lastAnswers.push(`${status} ${detail}`);
        if (lastAnswers.length > 3) lastAnswers.shift();
        answers[status] = (answers[status] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  /** The merchant ends its session, retrying on either gateway until it is expired (409: an earlier try did it). */
  const expireUntilDone = async (sessionId: string) => {
    let last = '';
    for (let attempt = 0; Date.now() <= settleBy; attempt += 1) {
      const port = attempt % 2 === 0 ? ports.gatewayA : ports.gatewayB;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${sessionId}/expire`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token(applicationId)}` },
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status === 200 || response.status === 409) return;
        last = `${response.status} ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        last = (error as Error).message; // a fault: retry
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    stuck.push(`session ${sessionId} could not be expired within ${SETTLE_MS / 1000} s after the faults; its last answer: ${last}`);
  };

  /** Injects a fault, undoes it, and times until a fresh request is answered 201 again. */
  const fault = async (name: string, inject: () => Promise<void>) => {
    options.log(`fault: ${name}`);
    await inject();
    const recovering = Date.now();
    const probeKey = randomUUID();
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${ports.gatewayB}/api/v1/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token(`${applicationId}-probe`)}`, 'idempotency-key': probeKey },
          body: JSON.stringify(seedBody()),
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status === 201) break;
      } catch {
        // not yet
      }
      if (Date.now() - recovering > 120_000) throw new Error(`no recovery within 120 s after ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    faults.push({ fault: name, recoveredInMs: Date.now() - recovering });
    options.log(`  recovered in ${Date.now() - recovering} ms`);
  };
  const restart = async (name: keyof typeof start) => {
    services[name].process.kill('SIGKILL');
    await new Promise((resolve) => services[name].process.once('exit', resolve));
    services[name] = await start[name]();
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1500));

  /**
   * A message that makes a handler throw every time: a valid SessionStatusChanged of a session whose
   * stored document is broken (the notifications service cannot build its event from it). It must go
   * to the dead-letter topic after its tries, and the partition go on.
   */
  let poisonDeadLetteredInMs: number | null = null;
  const poison = async () => {
    const sessionId = randomUUID();
    const mongo = await new MongoClient(env.MONGO_URL).connect();
    try {
      await mongo.db(database).collection('sessions').insertOne({ _id: sessionId as never, applicationId: `${applicationId}-poison`, status: 'EXPIRED' });
    } finally {
      await mongo.close();
    }
    const producer = new Kafka({ clientId: 'chaos-poison', brokers: [env.KAFKA_BROKERS], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const before = (await deadLetters(env.KAFKA_BROKERS)).get(deadLetterTopic(Topics.sessionStatus)) ?? 0;
    const change = { sessionId, applicationId: `${applicationId}-poison`, from: 'PENDING' as const, to: 'EXPIRED' as const, reason: 'merchant' as const, provider: null, providerReference: null, changedAt: new Date().toISOString() };
    const message = encodeEvent(EventTypes.sessionStatusChanged, 'urn:checkout:chaos', sessionId, change);
    const published = Date.now();
    await producer.send({ topic: Topics.sessionStatus, acks: -1, messages: [{ key: message.key, value: message.value, headers: message.headers }] });
    await producer.disconnect();
    for (;;) {
      if (((await deadLetters(env.KAFKA_BROKERS)).get(deadLetterTopic(Topics.sessionStatus)) ?? 0) > before) break;
      if (Date.now() - published > 60_000) throw new Error('the poison message did not reach its dead-letter topic within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    poisonDeadLetteredInMs = Date.now() - published;
    options.log(`poison message dead-lettered in ${poisonDeadLetteredInMs} ms`);
  };

  try {
    let merchantFailure: unknown;
    const merchants = Promise.all(Array.from({ length: options.merchants }, merchant)).catch((error: unknown) => (merchantFailure = error));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const name of ['provider', 'routing', 'gatewayA', 'notifications'] as const) {
        await fault(`SIGKILL ${name}`, () => restart(name));
        await pause();
      }
      await fault('Kafka broker stopped and restarted', async () => {
        infra('down', 'kafka');
        await pause();
        infra('up', 'kafka');
      });
      await pause();
      await fault('Redis stopped and restarted', async () => {
        infra('down', 'redis');
        await pause();
        infra('up', 'redis');
      });
      await pause();
      await fault('database server restarted', async () => {
        infra('down', 'ferretdb');
        await pause();
        infra('up', 'ferretdb');
      });
      await pause();
      await fault(`FerretDB paused (SIGSTOP) for ${PAUSE_MS / 1000} s`, () => pauseServer('ferretdb', PAUSE_MS));
      await pause();
      await fault(`Redis paused (SIGSTOP) for ${PAUSE_MS / 1000} s`, () => pauseServer('redis', PAUSE_MS));
      await pause();
      if (round === 0) await poison();
    }
    faultsOver = true;
    settleBy = Date.now() + SETTLE_MS;
    await merchants;
    if (merchantFailure) throw merchantFailure;

    // The set difference: what the merchants were given against what is stored and published.
    const problems: string[] = [...stuck, ...timedOut];
    if (poisonDeadLetteredInMs === null) problems.push('the poison message was not published');
    const mongo = await new MongoClient(env.MONGO_URL).connect();
    const db = mongo.db(database);
    const sessions = await db.collection<{ _id: string; status: string; checkoutUrl: string | null; applicationId: string; provider?: { reference: string | null } }>('sessions').find({ applicationId }).toArray();
    const ids = new Set(sessions.map((s) => s._id));
    if (given.size !== keys.length) problems.push(`${keys.length - given.size} keys got no 201`);
    if (sessions.length !== keys.length) problems.push(`${sessions.length} sessions stored for ${keys.length} keys`);
    for (const [key, sessionId] of given) if (!ids.has(sessionId)) problems.push(`key ${key} was given ${sessionId}, which is not stored`);
    for (const session of sessions) {
      if (session.status !== 'EXPIRED' || !session.checkoutUrl) problems.push(`session ${session._id} is ${session.status}, not EXPIRED after its checkout`);
    }
    // One sandbox checkout per session: the one whose id derives from the session (opening one writes nothing).
    const checkouts = new Set<string>();
    for (const session of sessions) {
      const expected = sandboxCheckoutId(session._id, DEVELOPMENT_SANDBOX_WEBHOOK_SECRET);
      if (session.provider?.reference === expected && session.checkoutUrl?.includes(`/sandbox/checkout/${expected}/`)) checkouts.add(expected);
      else problems.push(`session ${session._id} has checkout ${session.provider?.reference ?? 'none'}, not its own ${expected}`);
    }
    // Every session's checkout.session.expired reached the merchant, after its refused first attempt;
    // every event once. Killed consumers hold their partitions until Kafka's session timeout (30 s).
    const events = db.collection<{ _id: string; sessionId: string }>('webhook_events');
    const accepted = async () => {
      const stored = await events.find({ sessionId: { $in: [...ids] } }).toArray();
      const delivered = new Set(stored.filter((event) => receiver.received.filter((request) => request.headers['webhook-id'] === event._id).length >= 2).map((event) => event.sessionId));
      return { stored, delivered };
    };
    let webhooks = await accepted();
    for (let waited = 0; webhooks.delivered.size < ids.size && waited < 150_000; waited += 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      webhooks = await accepted();
    }
    if (webhooks.stored.length !== ids.size) problems.push(`${webhooks.stored.length} merchant events stored for ${ids.size} expired sessions`);
    for (const id of ids) if (!webhooks.delivered.has(id)) problems.push(`session ${id}: its checkout.session.expired was not delivered after a refused first attempt`);
    const knownEvents = new Set(webhooks.stored.map((event) => event._id));
    for (const request of receiver.received) if (!knownEvents.has(String(request.headers['webhook-id']))) problems.push(`the endpoint received ${String(request.headers['webhook-id'])}, which is no stored event`);
    await db.dropDatabase();
    await mongo.close();

    const deadLettersAfter = await deadLetters(env.KAFKA_BROKERS);
    for (const [topic, count] of deadLettersAfter) {
      const written = count - (deadLettersBefore.get(topic) ?? 0);
      // The poison message, and nothing else.
      const expected = topic === deadLetterTopic(Topics.sessionStatus) ? 1 : 0;
      if (written !== expected) problems.push(`${written} dead letters in ${topic}, ${expected} expected`);
    }

    return {
      keys: keys.length,
      answers,
      faults,
      sessions: sessions.length,
      providerCheckouts: checkouts.size,
      webhooksDelivered: webhooks.delivered.size,
      longestAnswerMs,
      poisonDeadLetteredInMs,
      serverErrors,
      problems,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
    infra('down');
  }
}
