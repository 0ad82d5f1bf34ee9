// `npm run bench:warm -- [--baseline <another checkout, built>] [--rate 50] [--warm 60] [--measure 30] [--settle 30] [--idle 30] [--rounds 2]`
//
// What our own services spend, measured warm: each configuration runs the three services (routing,
// provider, gateway; telemetry off) as separate processes on the local real stack, measures them idle,
// then offers a steady load until the JIT has settled (--warm seconds) and only then measures CPU per
// created session per service (--measure seconds), from /proc, and Redis and MongoDB commands per session (INFO commandstats, serverStatus). With --baseline, the same is done for
// that checkout (an earlier commit, `npm ci && npm run build` there) in the same run, alternating
// baseline and this tree --rounds times, so each figure stands beside its baseline.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { connectRedis, type Redis } from '@checkout/platform';
import { MongoClient } from 'mongodb';
import { signDevToken, DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET } from '@checkout/gateway';
import { runLoad } from './load';
import { ResourceSampler } from './resources';
import { freePort, startService, type RunningService } from '../test/support/services';

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['routing', 'provider', 'gateway'] as const;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const plan = {
  baseline: option('baseline', ''),
  rate: Number(option('rate', '50')),
  warmSeconds: Number(option('warm', '60')),
  measureSeconds: Number(option('measure', '30')),
  /** Idle is measured after the start-up's tail has settled (its first tens of seconds still compile and connect). */
  settleSeconds: Number(option('settle', '30')),
  idleSeconds: Number(option('idle', '30')),
  rounds: Number(option('rounds', '2')),
};

interface Measured {
  tree: string;
  round: number;
  /** CPU-ms per second of each service with nothing to do. */
  idleCpuMsPerSecond: Record<string, number>;
  /** Steady state: CPU-ms per created session of each service, and their sum. */
  cpuMsPerSession: Record<string, number>;
  totalCpuMsPerSession: number;
  sessionsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Redis commands per created session while measuring, by command (INFO commandstats), and in all. */
  redisCommandsPerSession: Record<string, number>;
  /** MongoDB commands per created session while measuring, by command (serverStatus metrics.commands), and in all. */
  mongoCommandsPerSession: Record<string, number>;
}

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

/** The MongoDB wire server's own count of the commands it ran, by command (FerretDB and MongoDB both keep serverStatus metrics.commands). */
async function mongoCommandCounts(mongo: MongoClient): Promise<Record<string, number>> {
  const status = (await mongo.db('admin').command({ serverStatus: 1 })) as { metrics?: { commands?: Record<string, { total?: number }> } };
  return Object.fromEntries(Object.entries(status.metrics?.commands ?? {}).map(([command, counts]) => [command, Number(counts.total ?? 0)]));
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis's own count of the commands it ran, by command (nothing but the benchmarked services uses it meanwhile). */
async function commandCounts(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  return Object.fromEntries([...info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)].map((match) => [match[1]!, Number(match[2])]));
}

function perSessionDelta(before: Record<string, number>, after: Record<string, number>, sessions: number): Record<string, number> {
  const delta = Object.entries(after)
    .map(([command, calls]) => [command, (calls - (before[command] ?? 0)) / sessions] as const)
    .filter(([command, perSession]) => perSession >= 0.005 && command !== 'info' && command !== 'serverStatus');
  const total = delta.reduce((sum, [, perSession]) => sum + perSession, 0);
  return Object.fromEntries([...delta.map(([command, perSession]) => [command, round1(perSession)]), ['total', round1(total)]]);
}

const round1 = (value: number) => Math.round(value * 100) / 100;
const log = (message: string) => process.stdout.write(`[warm] ${message}\n`);

async function measure(tree: string, root: string, round: number): Promise<Measured> {
  const env = {
    NODE_ENV: 'development',
    OTEL_SDK_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    MONGO_DATABASE: `warm_${Date.now()}`,
    JWT_HS256_SECRET: DEVELOPMENT_JWT_SECRET,
    SWEEP_INTERVAL_MS: '0',
    RATE_LIMIT_WRITES_PER_SECOND: '1000000',
    RATE_LIMIT_READS_PER_SECOND: '1000000',
    RATE_LIMIT_TEST_WRITES_PER_SECOND: '1000000',
    RATE_LIMIT_TEST_READS_PER_SECOND: '1000000',
  };
  const running: RunningService[] = [];
  const redis = await connectRedis(REDIS_URL);
  const mongo = await new MongoClient(MONGO_URL).connect();
  try {
    for (const service of SERVICES) running.push(await startService(service, await freePort(), env, service, [], root));
    const gateway = running.find((service) => service.name === 'gateway')!;
    const processes = running.map((service) => ({ name: service.name, pid: service.process.pid! }));

    await new Promise((resolve) => setTimeout(resolve, plan.settleSeconds * 1000));
    const idle = new ResourceSampler(processes);
    idle.start();
    await new Promise((resolve) => setTimeout(resolve, plan.idleSeconds * 1000));
    const idleUsage = idle.stop();

    const token = signDevToken({ applicationId: `warm-${randomUUID()}`, mode: 'test', scopes: ['sessions:write'], expiresInSeconds: 3600, secret: DEVELOPMENT_JWT_SECRET, issuer: DEVELOPMENT_ISSUER, audience: DEVELOPMENT_AUDIENCE });
    const load = (seconds: number) =>
      runLoad({
        url: `http://127.0.0.1:${gateway.port}/api/v1/sessions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST),
        perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }),
        accept: (status, body) => status === 201 && body.includes('checkoutUrl'),
        connections: 16,
        durationSeconds: seconds,
        rate: plan.rate,
      });
    log(`${tree} round ${round}: warming ${plan.warmSeconds} s at ${plan.rate}/s`);
    await load(plan.warmSeconds);
    const sampler = new ResourceSampler(processes);
    const redisBefore = await commandCounts(redis);
    const mongoBefore = await mongoCommandCounts(mongo);
    sampler.start();
    const steady = await load(plan.measureSeconds);
    const usage = sampler.stop();
    const redisAfter = await commandCounts(redis);
    const mongoAfter = await mongoCommandCounts(mongo);
    if (steady.ok === 0) throw new Error(`${tree}: no session created while measuring`);
    const perSession = Object.fromEntries(usage.map((entry) => [entry.name, round1(entry.cpuMs / steady.ok)]));
    const result: Measured = {
      tree,
      round,
      idleCpuMsPerSecond: Object.fromEntries(idleUsage.map((entry) => [entry.name, round1(entry.cpuMs / plan.idleSeconds)])),
      cpuMsPerSession: perSession,
      totalCpuMsPerSession: round1(Object.values(perSession).reduce((sum, value) => sum + value, 0)),
      sessionsPerSecond: steady.okPerSecond,
      latencyMs: { p50: steady.latencyMs.p50, p99: steady.latencyMs.p99 },
      redisCommandsPerSession: perSessionDelta(redisBefore, redisAfter, steady.ok),
      mongoCommandsPerSession: perSessionDelta(mongoBefore, mongoAfter, steady.ok),
    };
    log(`${tree} round ${round}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await Promise.all(running.map((service) => service.stop()));
    await redis.quit();
    await mongo.close();
  }
}

function table(results: Measured[]): string {
  const rows = results.map((r) =>
    [
      r.tree,
      r.round,
      ...SERVICES.map((s) => r.idleCpuMsPerSecond[s]),
      ...SERVICES.map((s) => r.cpuMsPerSession[s]),
      r.totalCpuMsPerSession,
      r.sessionsPerSecond,
      `${r.latencyMs.p50} / ${r.latencyMs.p99}`,
      ...[r.redisCommandsPerSession, r.mongoCommandsPerSession].map((counts) =>
        Object.entries(counts)
          .map(([command, count]) => `${command} ${count}`)
          .join(', '),
      ),
    ].join(' | '),
  );
  return [
    `| Tree | Round | Idle CPU-ms/s routing | provider | gateway | CPU-ms/session routing | provider | gateway | Sum | Sessions/s | p50 / p99 ms | Redis commands/session | MongoDB commands/session |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const trees: [string, string][] = plan.baseline ? [['baseline', path.resolve(plan.baseline)], ['this tree', ROOT]] : [['this tree', ROOT]];
  const results: Measured[] = [];
  for (let round = 1; round <= plan.rounds; round += 1) {
    for (const [name, root] of trees) results.push(await measure(name, root, round));
  }
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${new Date().toISOString().slice(0, 10)}-warm-cpu-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ plan, results }, null, 2));
  process.stdout.write(`\n${table(results)}\n\nwritten: ${path.relative(ROOT, file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
