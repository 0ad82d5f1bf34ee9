import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { uniqueName } from '../support/infra';
import { parsePrometheus, samplesOf } from '../support/prometheus';
import { startRedis, stopRedis } from '../support/redis-server';
import { freePort, startService, type RunningService } from '../support/services';
import { seedBody, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, token } from '../support/seed';

describe('per-application rate limits, kept in Redis (a gateway process, a Redis of its own)', function () {
  this.timeout(60_000);
  let redisPort: number;
  let redis: ChildProcess;
  let gateway: RunningService;

  before(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    gateway = await startService('gateway', await freePort(), {
      MONGO_DATABASE: uniqueName('ratelimit').replace(/-/g, '_'),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'warn',
      JWT_HS256_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      // Nothing routes or creates checkouts here: a create answers 202 at once, and its replay 409.
      SESSION_WAIT_BUDGET_MS: '0',
      RATE_LIMIT_WRITES_PER_SECOND: '3',
      RATE_LIMIT_READS_PER_SECOND: '5',
      RATE_LIMIT_TEST_WRITES_PER_SECOND: '2',
      RATE_LIMIT_TEST_READS_PER_SECOND: '4',
      RATE_LIMIT_BURST: '0',
    });
  });

  after(async () => {
    await gateway?.stop();
    if (redis) await stopRedis(redis);
  });

  const base = () => `http://127.0.0.1:${gateway.port}`;
  /** Live tokens unless told otherwise. */
  const create = (applicationId: string, key: string, mode: 'test' | 'live' = 'live') =>
    fetch(`${base()}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(applicationId, { mode })}`, 'idempotency-key': key },
      body: JSON.stringify(seedBody()),
    });
  const read = (applicationId: string, mode: 'test' | 'live' = 'live') => fetch(`${base()}/api/v1/sessions/${randomUUID()}`, { headers: { authorization: `Bearer ${token(applicationId, { mode })}` } });
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it('should count every write, replays and conflicts included, and answer 429 with Retry-After and the RateLimit fields past the budget', async () => {
    await nextSecond();
    const merchant = uniqueName('app');
    const key = randomUUID();
    const first = await create(merchant, key);
    expect(first.status).to.equal(202);
    expect(first.headers.get('ratelimit-policy')).to.equal('"writes";q=3;w=1');
    expect(first.headers.get('ratelimit')).to.match(/^"writes";r=2;t=\d+$/);
    expect((await create(merchant, key)).status, 'the same key, still in flight').to.equal(409);
    expect((await create(merchant, key)).status).to.equal(409);
    const limited = await create(merchant, key);
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(limited.headers.get('retry-after')).to.match(/^[1-9]\d*$/);
    expect(limited.headers.get('ratelimit')).to.match(/^"writes";r=0;t=[1-9]\d*$/);
    expect(await limited.json()).to.include({ status: 429, code: 'rate_limited' });

    // Another application's budget is its own; so is this application's read budget.
    expect((await create(uniqueName('app'), randomUUID())).status).to.equal(202);
    const reading = await read(merchant);
    expect(reading.status).to.equal(404);
    expect(reading.headers.get('ratelimit-policy')).to.equal('"reads";q=5;w=1');

    await new Promise((resolve) => setTimeout(resolve, Number(limited.headers.get('retry-after')) * 1000 + 100));
    expect((await create(merchant, randomUUID())).status, 'a new window').to.equal(202);
  });

  it('should hold one budget for reads, apart from writes', async () => {
    await nextSecond();
    const merchant = uniqueName('app');
    const statuses = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await read(merchant)).status);
    expect(statuses).to.deep.equal([404, 404, 404, 404, 404, 429, 429]);
    expect((await create(merchant, randomUUID())).status).to.equal(202);
  });

  it("should give test mode budgets of their own, lower, that never spend live mode's", async () => {
    await nextSecond();
    const merchant = uniqueName('app');
    const tested = [];
    for (let i = 0; i < 3; i += 1) tested.push(await create(merchant, randomUUID(), 'test'));
    expect(tested.map((answer) => answer.status)).to.deep.equal([202, 202, 429]);
    expect(tested[0]!.headers.get('ratelimit-policy')).to.equal('"writes";q=2;w=1');
    expect(((await tested[2]!.json()) as { detail: string }).detail).to.include('in test mode');
    const live = await create(merchant, randomUUID());
    expect(live.status, 'the same application, live: its own budget').to.equal(202);
    expect(live.headers.get('ratelimit')).to.match(/^"writes";r=2;t=\d+$/);
    expect((await read(merchant, 'test')).headers.get('ratelimit-policy')).to.equal('"reads";q=4;w=1');
    const metrics = parsePrometheus(await (await fetch(`${base()}/metrics`)).text());
    expect(samplesOf(metrics, 'checkout_rate_limit_limited_total', { checkout_rate_limit_budget: 'writes', checkout_mode: 'test' }).reduce((sum, s) => sum + s.value, 0)).to.be.at.least(1);
  });

  it('should fail open while Redis cannot be reached, and say so in a metric', async () => {
    await stopRedis(redis);
    const merchant = uniqueName('app');
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await read(merchant)).status);
    expect(statuses, 'no 429 beyond the budget of 5: the limit is not enforced').to.deep.equal(Array(8).fill(404));
    const metrics = parsePrometheus(await (await fetch(`${base()}/metrics`)).text());
    const unlimited = samplesOf(metrics, 'checkout_rate_limit_unavailable_total', { checkout_rate_limit_budget: 'reads' }).reduce((sum, s) => sum + s.value, 0);
    expect(unlimited).to.be.at.least(8);
  });
});
