import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { infra, uniqueName } from '../support/infra';
import { startRedis, stopRedis } from '../support/redis-server';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

describe('Redis down, not just empty: the create and replay paths (each service its own process)', function () {
  this.timeout(120_000);
  const database = uniqueName('redisdown').replace(/-/g, '_');
  const applicationId = uniqueName('app');
  const services: RunningService[] = [];
  let redisPort: number;
  let redis: ChildProcess;
  let gateway: RunningService;
  let mongo: MongoClient;

  before(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const common = {
      MONGO_DATABASE: database,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'warn',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      SESSION_WAIT_BUDGET_MS: '10000',
    };
    services.push(await startService('routing', await freePort(), common));
    services.push(await startService('provider', await freePort(), { ...common, SANDBOX_PUBLIC_URL: 'https://sandbox.checkout.test' }));
    gateway = await startService('gateway', await freePort(), common);
    services.push(gateway);
    mongo = await new MongoClient(infra.mongoUrl).connect();
  });

  after(async () => {
    await Promise.all(services.map((service) => service.stop()));
    if (redis) await stopRedis(redis);
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
  });

  const create = async (key: string) => {
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId)}`, 'idempotency-key': key },
      body: JSON.stringify(seedBody()),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown>, tookMs: Date.now() - started };
  };
  const sessionsWithKey = async (sessionIds: string[]) => mongo.db(database).collection('sessions').countDocuments({ _id: { $in: sessionIds } as never });

  it('should stay ready for reads and expire while Redis is down, refuse new and replayed creates with 503 and Retry-After within a second, then create each session once', async () => {
    const replayedKey = randomUUID();
    const first = await create(replayedKey);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const toExpire = await create(randomUUID());
    expect(toExpire.status, JSON.stringify(toExpire.body)).to.equal(201);

    await stopRedis(redis);
    // Still ready (degraded) for what needs only MongoDB, and saying which dependency is down.
    const ready = await fetch(`http://127.0.0.1:${gateway.port}/readyz`);
    expect(ready.status).to.equal(200);
    const readiness = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(readiness.status).to.equal('degraded');
    expect(readiness.checks.mongodb).to.equal('ok');
    expect(readiness.checks.redis).to.not.equal('ok');
    const expired = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${String(toExpire.body.sessionId)}/expire`, { method: 'POST', headers: { authorization: `Bearer ${token(applicationId)}` } });
    expect(expired.status, 'expire does not need Redis').to.equal(200);
    expect(((await expired.json()) as { status: string }).status).to.equal('EXPIRED');
    const freshKey = randomUUID();
    const refused = await create(freshKey);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
    expect(refused.body).to.include({ code: 'service_unavailable', status: 503 });
    expect(refused.tookMs, 'refused within a second, not held').to.be.below(1000);
    const replay = await create(replayedKey);
    expect(replay.status).to.equal(503);
    expect(replay.body).to.include({ code: 'service_unavailable' });
    // Nothing was accepted for the new key: the gateway stored no session for the application but the first.
    expect(await mongo.db(database).collection('sessions').countDocuments({ applicationId })).to.equal(2);
    const read = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${String(first.body.sessionId)}`, { headers: { authorization: `Bearer ${token(applicationId)}` } });
    expect(read.status, 'reads do not need Redis').to.equal(200);

    // Back, and empty: the key reserved before the outage is gone from Redis, so MongoDB's unique index answers.
    redis = await startRedis(redisPort);
    const deadline = Date.now() + 30_000;
    let retried = await create(freshKey);
    while (retried.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      retried = await create(freshKey);
    }
    expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
    const replayed = await create(replayedKey);
    expect(replayed.status).to.equal(201);
    expect(replayed.headers.get('idempotent-replayed')).to.equal('true');
    expect(replayed.body).to.deep.equal(first.body);
    expect(await mongo.db(database).collection('sessions').countDocuments({ applicationId })).to.equal(3);
    expect(await sessionsWithKey([String(first.body.sessionId), String(retried.body.sessionId)])).to.equal(2);
  });
});
