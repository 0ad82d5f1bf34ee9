import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { ConsumerGroups, Topics } from '@checkout/contracts';
import { createKafka, createLogger } from '@checkout/platform';
import { flushRedis, infra, redisDatabaseUrl, uniqueName } from '../support/infra';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { expectCleanLogs } from '../support/log-hygiene';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';
import { NO_ACCOUNT } from '../../services/routing/src/scoring/score-providers';

describe('routing with the built-in catalog and merchant rules, end to end', function () {
  this.timeout(120_000);
  const database = uniqueName('routing').replace(/-/g, '_');
  let standIns: ProviderStandIns | undefined;
  const services: RunningService[] = [];
  let gateway: RunningService;
  let mongo: MongoClient;
  // A Redis database of its own, emptied first: no provider has traffic yet, as in the docs' example.
  const redisUrl = redisDatabaseUrl(7);

  before(async () => {
    await flushRedis(redisUrl);
    standIns = await startProviderStandIns();
    const rulesFile = path.join(tmpdir(), `${database}-rules.json`);
    writeFileSync(rulesFile, JSON.stringify({
      applications: {
        'prefers-adyen': { prefer: ['adyen'] },
        'no-stripe': { deny: ['stripe'] },
        'stripe-only': { allow: ['stripe'] },
      },
    }));
    const common = {
      MONGO_DATABASE: database,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'debug', // every line a service can write, for the log hygiene check
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
      PROVIDERS: 'stripe,adyen',
    };
    services.push(await startService('routing', await freePort(), { ...common, ROUTING_RULES_FILE: rulesFile, ROUTING_PROBE_PERCENT: '0' }));
    services.push(await startService('provider', await freePort(), { ...common, ...standIns.env }));
    gateway = await startService('gateway', await freePort(), common);
    services.push(gateway);
    mongo = await new MongoClient(infra.mongoUrl).connect();
    // Outcomes of earlier suites may still reach routing's learning group: let it catch up, then
    // forget what it learnt, so that no provider has traffic yet.
    await groupCaughtUp(ConsumerGroups.routingSignals, Topics.sessionOutcome);
    await flushRedis(redisUrl);
  });

  async function groupCaughtUp(groupId: string, topic: string): Promise<void> {
    const admin = createKafka({ clientId: 'e2e-lag', brokers: infra.kafkaBrokers, logger: createLogger({ service: 'e2e', level: 'silent' }) }).admin();
    await admin.connect();
    try {
      for (let i = 0; i < 200; i += 1) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const lag = ends.reduce((sum, end) => {
          const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          return sum + (at < 0 ? 0 : Number(end.offset) - at);
        }, 0);
        if (lag === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${groupId} did not catch up on ${topic}`);
    } finally {
      await admin.disconnect();
    }
  }

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await standIns?.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  // Every test starts as the docs' example does: no provider has traffic yet.
  beforeEach(() => flushRedis(redisUrl));

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      for (const service of services) process.stderr.write(`--- ${service.name} output (tail):\n${service.output().slice(-3000)}\n`);
    }
  });

  async function create(applicationId: string) {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': uniqueName('key') },
      body: JSON.stringify(seedBody()),
    });
    const body = (await response.json()) as { sessionId: string; routing: { selectedProvider: string; score: number } };
    expect(response.status, JSON.stringify(body)).to.equal(201);
    const read = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${body.sessionId}`, { headers: { authorization: `Bearer ${token(applicationId)}` } });
    // Wait until routing has learnt from this session, so that the next test can start clean.
    const redis = new Redis(redisUrl);
    try {
      for (let i = 0; i < 100 && !(await redis.exists(`checkout:routing:recorded:${body.sessionId}`)); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      redis.disconnect();
    }
    return { created: body, session: (await read.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it("should answer the docs' worked example: stripe with 84.2 before any traffic", async () => {
    const { created, session } = await create('doc-example');
    expect(created.routing).to.deep.equal({ selectedProvider: 'stripe', score: 84.2 });
    expect(session.routing.candidates.map((c: { provider: string; score: number }) => [c.provider, c.score])).to.deep.equal([['stripe', 84.2], ['adyen', 84]]);
    expect(session.routing.rejected).to.deep.equal([{ provider: 'sandbox', reasons: [NO_ACCOUNT] }]);
  });

  it("should follow a merchant preferring adyen: the docs' second example, 87", async () => {
    const { created, session } = await create('prefers-adyen');
    expect(created.routing).to.deep.equal({ selectedProvider: 'adyen', score: 87 });
    expect(session.routing.candidates.map((c: { provider: string; score: number }) => [c.provider, c.score])).to.deep.equal([['adyen', 87], ['stripe', 84.2]]);
    const preference = session.routing.candidates[0].factors.find((f: { factor: string }) => f.factor === 'preference');
    expect(preference).to.deep.include({ value: 1, contribution: 20 });
    const contributions = session.routing.candidates[0].factors.reduce((sum: number, f: { contribution: number }) => sum + f.contribution, 0);
    expect(Math.abs(contributions - created.routing.score)).to.be.below(0.051);
  });

  it("should honour a merchant's deny and allow lists, saying why a provider was left out", async () => {
    const denied = await create('no-stripe');
    expect(denied.created.routing.selectedProvider).to.equal('adyen');
    expect(denied.session.routing.rejected).to.deep.include({ provider: 'stripe', account: 'pa_platform_stripe', reasons: ["in the merchant's deny list"] });
    const allowed = await create('stripe-only');
    expect(allowed.session.routing.candidates.map((c: { provider: string }) => c.provider)).to.deep.equal(['stripe']);
  });

  // A suite of its own, so that mocha runs it after every other test of this file.
  describe('log hygiene', () => {
    it("should leave no customer data, token or Authorization header in any service's log, after all of the above", () => {
      expectCleanLogs(services);
    });
  });
});
