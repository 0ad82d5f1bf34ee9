// `npm run bench:warm -- [--baseline <another checkout, built>] [--rate 50] [--warm 60] [--measure 30] [--settle 30] [--idle 30] [--rounds 2] [--perf] [--no-embedded] [--limit 10] [--traced] [--quick]`
//
// What our own services spend, measured warm: each configuration runs the three services (routing,
// provider, gateway; telemetry off) as separate processes on the local real stack, measures them idle,
// then offers a steady load until the JIT has settled (--warm seconds) and only then measures CPU per
// created session per service (--measure seconds), from /proc, and the round trips per session as the
// servers count them: Kafka requests by type (the broker's RequestMetrics, bench/kafka/), Redis commands
// (INFO commandstats), MongoDB commands (serverStatus). Beside them, in the same run: the database's own
// rate for what a session costs it (the storage limit, --limit seconds) and the embedded mode
// (`npm start`, one process, in-memory adapters) under the same load.
//
// --perf adds where each service's CPU goes by library (bench/perf-split.ts; the services then run with
// --perf-basic-prof, which costs a little). --traced measures each tree again with every trace sampled
// and exported (to a sink that discards it, bench/trace-sink.ts), for the traced / off ratio. With
// --baseline, the same is done for that checkout (an earlier commit, `npm ci && npm run build` there)
// in the same run, alternating baseline and this tree --rounds times (the baseline first in odd rounds,
// this tree first in even ones), so each figure stands beside its baseline.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { connectRedis, type Redis } from '@checkout/platform';
import { MongoClient } from 'mongodb';
import { signDevToken, DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET } from '@checkout/gateway';
import { databaseSessionRate } from './baselines';
import { INFRA_PORTS, infraPids } from './infra-processes';
import { RAISED_RATE_LIMITS } from './raised-rate-limits';
import { runLoad, type LoadResult } from './load';
import { PerfRecording, perfAvailable } from './perf-split';
import { ResourceSampler } from './resources';
import { startTraceSink } from './trace-sink';
import { freePort, startService, type RunningService } from '../test/support/services';

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['routing', 'provider', 'gateway'] as const;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

/** --quick: windows of a few seconds and one round, into bench/results/tmp/ (the test suite runs it, so that this benchmark cannot rot). */
const quick = process.argv.includes('--quick');
const plan = {
  baseline: option('baseline', ''),
  rate: Number(option('rate', '50')),
  warmSeconds: Number(option('warm', quick ? '3' : '60')),
  measureSeconds: Number(option('measure', quick ? '3' : '30')),
  /** Idle is measured after the start-up's tail has settled (its first tens of seconds still compile and connect). */
  settleSeconds: Number(option('settle', quick ? '1' : '30')),
  idleSeconds: Number(option('idle', quick ? '1' : '30')),
  rounds: Number(option('rounds', quick ? '1' : '2')),
  perf: process.argv.includes('--perf'),
  /** Each tree measured a second time with every trace sampled and exported, for the traced / off ratio. */
  traced: process.argv.includes('--traced'),
  embedded: !process.argv.includes('--no-embedded'),
  limitSeconds: Number(option('limit', quick ? '2' : '10')),
};

interface Measured {
  tree: string;
  round: number;
  /** CPU-ms per second of each service with nothing to do. */
  idleCpuMsPerSecond: Record<string, number>;
  /** Steady state: CPU-ms per created session of each service, and their sum. */
  cpuMsPerSession: Record<string, number>;
  totalCpuMsPerSession: number;
  /** The same for the servers: the database (FerretDB and PostgreSQL with its backends), Kafka, Redis. */
  serversCpuMsPerSession: Record<string, number>;
  sessionsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Redis commands per created session while measuring, by command (INFO commandstats), and in all. */
  redisCommandsPerSession: Record<string, number>;
  /** MongoDB commands per created session while measuring, by command (serverStatus metrics.commands), and in all. */
  mongoCommandsPerSession: Record<string, number>;
  /** Kafka requests per created session while measuring, by request type (the broker's own count); null where the broker is not ours to attach to. */
  kafkaRequestsPerSession: Record<string, number> | null;
  /** With --perf: each service's CPU-ms per session by library (its share of perf samples times its CPU-ms per session). */
  cpuMsPerSessionByLibrary?: Record<string, Record<string, number>>;
  /** The database's own rate for what one session costs it (the gateway's insert, the provider's read and write), measured alone at the start of the round. */
  storageLimitSessionsPerSecond: number;
  /** The embedded mode (one process, in-memory adapters) under the same load, warmed the same way. */
  embedded?: { cpuMsPerSession: number; sessionsPerSecond: number; latencyMs: { p50: number; p99: number } };
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
  return Object.fromEntries([...delta.map(([command, perSession]) => [command, round2(perSession)]), ['total', round2(total)]]);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Requests the KRaft node sends itself (its controller and broker roles), and FetchConsumer, a subset of Fetch. */
const KAFKA_INTERNAL_REQUESTS = new Set(['BrokerHeartbeat', 'BrokerRegistration', 'ControllerRegistration', 'FetchConsumer', 'FetchFollower']);

/** The local broker's own count of the requests it served, by type (it attaches to the broker's JVM); null when the broker is not on this machine. */
async function kafkaRequestCounts(): Promise<Record<string, number> | null> {
  const broker = infraPids().find((server) => server.name === 'kafka');
  if ((process.env.KAFKA_BROKERS && process.env.KAFKA_BROKERS !== `127.0.0.1:${INFRA_PORTS.kafka}`) || !broker) return null;
  const { stdout } = await promisify(execFile)('java', [path.join(ROOT, 'bench', 'kafka', 'KafkaRequestCounts.java'), String(broker.pid)]);
  const counts = JSON.parse(stdout) as Record<string, number>;
  return Object.fromEntries(Object.entries(counts).filter(([request]) => !KAFKA_INTERNAL_REQUESTS.has(request)));
}
const log = (message: string) => process.stdout.write(`[warm] ${message}\n`);

/** The services' telemetry: off, or (--traced) every trace sampled and exported over OTLP/HTTP to a sink that discards it. */
type Telemetry = { OTEL_SDK_DISABLED: 'true' } | { OTEL_EXPORTER_OTLP_ENDPOINT: string; OTEL_METRICS_EXPORTER: 'none' };
const TELEMETRY_OFF: Telemetry = { OTEL_SDK_DISABLED: 'true' };

/** One configuration of a round; `storageLimitSessionsPerSecond` is the round's, measured at its start. */
async function measure(tree: string, root: string, round: number, storageLimitSessionsPerSecond: number, telemetry: Telemetry = TELEMETRY_OFF): Promise<Measured> {
  const env = {
    NODE_ENV: 'development',
    ...telemetry,
    LOG_LEVEL: 'warn',
    MONGO_DATABASE: `warm_${Date.now()}`,
    JWT_HS256_SECRET: DEVELOPMENT_JWT_SECRET,
    SWEEP_INTERVAL_MS: '0',
    ...RAISED_RATE_LIMITS,
  };
  const running: RunningService[] = [];
  const redis = await connectRedis(REDIS_URL);
  const mongo = await new MongoClient(MONGO_URL).connect();
  try {
    for (const service of SERVICES) running.push(await startService(service, await freePort(), env, service, plan.perf ? ['--perf-basic-prof'] : [], root));
    const gateway = running.find((service) => service.name === 'gateway')!;
    const processes = running.map((service) => ({ name: service.name, pid: service.process.pid! }));

    await new Promise((resolve) => setTimeout(resolve, plan.settleSeconds * 1000));
    const idle = new ResourceSampler(processes);
    idle.start();
    await new Promise((resolve) => setTimeout(resolve, plan.idleSeconds * 1000));
    const idleUsage = idle.stop();

    const load = (seconds: number) => sessionLoad(gateway.port, seconds);
    log(`${tree} round ${round}: warming ${plan.warmSeconds} s at ${plan.rate}/s`);
    await load(plan.warmSeconds);
    const servers = infraPids();
    const sampler = new ResourceSampler([...processes, ...servers]);
    const redisBefore = await commandCounts(redis);
    const mongoBefore = await mongoCommandCounts(mongo);
    const kafkaBefore = await kafkaRequestCounts();
    const recordings = plan.perf ? running.map((service) => [service.name, PerfRecording.start(service.process.pid!, path.join(PERF_DIR, `${service.name}-${Date.now()}.data`))] as const) : [];
    sampler.start();
    const steady = await load(plan.measureSeconds);
    const usage = sampler.stop();
    const samples = await Promise.all(recordings.map(async ([name, recording]) => [name, await recording.stop()] as const));
    const redisAfter = await commandCounts(redis);
    const mongoAfter = await mongoCommandCounts(mongo);
    const kafkaAfter = await kafkaRequestCounts();
    if (steady.ok === 0) throw new Error(`${tree}: no session created while measuring`);
    const ours = new Set(processes.map((service) => service.name));
    const perSession = Object.fromEntries(usage.filter((entry) => ours.has(entry.name)).map((entry) => [entry.name, round2(entry.cpuMs / steady.ok)]));
    const serverCpuMs = (...names: string[]) => usage.filter((entry) => names.includes(entry.name)).reduce((sum, entry) => sum + entry.cpuMs, 0);
    const serversCpuMsPerSession = {
      database: round2(serverCpuMs('ferretdb', 'postgres') / steady.ok),
      kafka: round2(serverCpuMs('kafka') / steady.ok),
      redis: round2(serverCpuMs('redis') / steady.ok),
    };
    const byLibrary = Object.fromEntries(
      samples.map(([name, counts]) => {
        const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
        const sorted = Object.entries(counts).sort(([, a], [, b]) => b - a);
        return [name, Object.fromEntries(sorted.map(([bucket, count]) => [bucket, round2(((perSession[name] ?? 0) * count) / all)]))];
      }),
    );
    const result: Measured = {
      tree,
      round,
      idleCpuMsPerSecond: Object.fromEntries(idleUsage.map((entry) => [entry.name, round2(entry.cpuMs / plan.idleSeconds)])),
      cpuMsPerSession: perSession,
      totalCpuMsPerSession: round2(Object.values(perSession).reduce((sum, value) => sum + value, 0)),
      serversCpuMsPerSession,
      sessionsPerSecond: steady.okPerSecond,
      latencyMs: { p50: steady.latencyMs.p50, p99: steady.latencyMs.p99 },
      redisCommandsPerSession: perSessionDelta(redisBefore, redisAfter, steady.ok),
      mongoCommandsPerSession: perSessionDelta(mongoBefore, mongoAfter, steady.ok),
      kafkaRequestsPerSession: kafkaBefore && kafkaAfter ? perSessionDelta(kafkaBefore, kafkaAfter, steady.ok) : null,
      ...(plan.perf ? { cpuMsPerSessionByLibrary: byLibrary } : {}),
      storageLimitSessionsPerSecond,
    };
    log(`${tree} round ${round}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await Promise.all(running.map((service) => service.stop()));
    // What --perf-basic-prof leaves: Node's perf maps (read by `perf script` above) and V8's code-event logs in the working directory.
    for (const service of running) {
      rmSync(`/tmp/perf-${service.process.pid}.map`, { force: true });
      for (const file of readdirSync(root).filter((name) => name.startsWith('isolate-') && name.endsWith(`-${service.process.pid}-v8.log`))) rmSync(path.join(root, file), { force: true });
    }
    await redis.quit();
    await mongo.close();
  }
}

const PERF_DIR = path.join(ROOT, 'bench', 'results', 'tmp', 'perf');

function sessionLoad(port: number, seconds: number): Promise<LoadResult> {
  const token = signDevToken({ applicationId: `warm-${randomUUID()}`, mode: 'test', scopes: ['sessions:write'], expiresInSeconds: 3600, secret: DEVELOPMENT_JWT_SECRET, issuer: DEVELOPMENT_ISSUER, audience: DEVELOPMENT_AUDIENCE });
  return runLoad({
    url: `http://127.0.0.1:${port}/api/v1/sessions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST),
    perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }),
    accept: (status, body) => status === 201 && body.includes('checkoutUrl'),
    connections: 16,
    durationSeconds: seconds,
    rate: plan.rate,
  });
}

/** The embedded mode (`npm start`: one process, in-memory adapters) of `root`, warmed and measured as the services are. */
async function measureEmbedded(tree: string, root: string, round: number): Promise<NonNullable<Measured['embedded']>> {
  const embedded = await startService('embedded', await freePort(), { LOG_LEVEL: 'warn', ...RAISED_RATE_LIMITS }, 'embedded', [], root);
  try {
    log(`${tree} round ${round}: embedded, warming ${plan.warmSeconds} s at ${plan.rate}/s`);
    await sessionLoad(embedded.port, plan.warmSeconds);
    const sampler = new ResourceSampler([{ name: 'embedded', pid: embedded.process.pid! }]);
    sampler.start();
    const steady = await sessionLoad(embedded.port, plan.measureSeconds);
    const [usage] = sampler.stop();
    if (steady.ok === 0) throw new Error(`${tree}: the embedded mode created no session while measuring`);
    return { cpuMsPerSession: round2(usage!.cpuMs / steady.ok), sessionsPerSecond: steady.okPerSecond, latencyMs: { p50: steady.latencyMs.p50, p99: steady.latencyMs.p99 } };
  } finally {
    await embedded.stop();
  }
}

const counted = (counts: Record<string, number> | null) =>
  counts
    ? Object.entries(counts)
        .map(([command, count]) => `${command} ${count}`)
        .join(', ')
    : 'n/a';

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
      r.storageLimitSessionsPerSecond,
      r.embedded ? `${r.embedded.cpuMsPerSession} (p50 / p99 ${r.embedded.latencyMs.p50} / ${r.embedded.latencyMs.p99} ms)` : 'n/a',
    ].join(' | '),
  );
  const trips = results.map((r) => [r.tree, r.round, counted(r.serversCpuMsPerSession), counted(r.kafkaRequestsPerSession), counted(r.redisCommandsPerSession), counted(r.mongoCommandsPerSession)].join(' | '));
  const libraries = results.flatMap((r) =>
    Object.entries(r.cpuMsPerSessionByLibrary ?? {}).map(([service, split]) => [r.tree, r.round, service, counted(split)].join(' | ')),
  );
  return [
    `| Tree | Round | Idle CPU-ms/s routing | provider | gateway | CPU-ms/session routing | provider | gateway | Sum | Sessions/s | p50 / p99 ms | Storage limit, sessions/s | Embedded CPU-ms/session |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows.map((row) => `| ${row} |`),
    '',
    `| Tree | Round | Servers' CPU-ms/session | Kafka requests/session | Redis commands/session | MongoDB commands/session |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...trips.map((row) => `| ${row} |`),
    ...(libraries.length > 0 ? ['', `| Tree | Round | Service | CPU-ms/session by library |`, `| --- | --- | --- | --- |`, ...libraries.map((row) => `| ${row} |`)] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const trees: [string, string][] = plan.baseline ? [['baseline', path.resolve(plan.baseline)], ['this tree', ROOT]] : [['this tree', ROOT]];
  if (plan.perf && !(await perfAvailable())) throw new Error('--perf: `perf record` cannot run here (install linux-perf, or allow it: sysctl kernel.perf_event_paranoid=1)');
  if (plan.perf) mkdirSync(PERF_DIR, { recursive: true });
  const sink = plan.traced ? await startTraceSink() : null;
  const results: Measured[] = [];
  for (let round = 1; round <= plan.rounds; round += 1) {
    // The database alone, with this tree's store (it is the same for every tree): once a round, before its services start.
    log(`round ${round}: the database's own rate for ${plan.limitSeconds} s`);
    const storageLimit = (await databaseSessionRate(MONGO_URL, 16, plan.limitSeconds)).sessionsPerSecond;
    // Odd rounds run the baseline first, even rounds this tree first: whatever drifts through a run
    // (the database growing, the machine's state) does not always favour the same tree.
    for (const [name, root] of round % 2 === 1 ? trees : [...trees].reverse()) {
      const measured = await measure(name, root, round, storageLimit);
      if (plan.embedded) measured.embedded = await measureEmbedded(name, root, round);
      results.push(measured);
      if (sink) results.push(await measure(`${name}, every trace sampled`, root, round, storageLimit, { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_METRICS_EXPORTER: 'none' }));
    }
  }
  await sink?.stop();
  if (plan.perf) rmSync(PERF_DIR, { recursive: true, force: true });
  const directory = path.join(ROOT, 'bench', 'results', ...(quick ? ['tmp'] : []));
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${new Date().toISOString().slice(0, 10)}-warm-cpu-${Date.now()}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ plan, results }, null, 2));
  process.stdout.write(`\n${table(results)}\n\nwritten: ${path.relative(ROOT, file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
