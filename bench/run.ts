// `npm run bench [-- --quick]`: the local real stack under load, beside the machine's own limits.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { signDevToken, DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET } from '@checkout/gateway';
import { bareLoad, databaseSessionRate, kafkaRoundTrip, rateLimiterConsume, redisSetNx, startBareServer } from './baselines';
import { runLoad } from './load';
import { hottestFunctions } from './profile-summary';
import { markdown, writeReport, type BenchResults } from './report';
import { ResourceSampler } from './resources';
import { startTraceSink } from './trace-sink';
import { infraPids } from './infra-processes';
import { RAISED_RATE_LIMITS } from './raised-rate-limits';
import { freePort, startService, type RunningService } from '../test/support/services';
import { parsePrometheus, samplesOf } from '../test/support/prometheus';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const plan = quick
  ? { seconds: 3, connections: 8, rates: [5, 20], limitSeconds: 2 }
  : { seconds: 10, connections: 64, rates: [2, 5, 10, 20, 50, 100, 200, 400, 700, 1000, 1500], limitSeconds: 5 };

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

/** The telemetry of each create-path configuration measured; the first is the headline's (as deployed). */
const TELEMETRY = {
  'every trace sampled': {},
  '10 % of traces sampled': { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  'telemetry off': { OTEL_SDK_DISABLED: 'true' },
} as const;

/**
 * MongoDB commands the services sent so far on a collection (their `checkout.db.commands`
 * counters): `sessions` is our create path; the sandbox provider's own checkouts are the
 * payment provider's storage, which a real provider keeps on its side.
 */
async function databaseCommands(ports: number[], collection: string, operation?: string): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const labels = { db_collection_name: collection, ...(operation ? { db_operation_name: operation } : {}) };
    total += samplesOf(parsePrometheus(text), 'checkout_db_commands_total', labels).reduce((sum, sample) => sum + sample.value, 0);
  }
  return total;
}

/** a / b to three decimals (b taken as at least 1, so a stalled baseline gives no infinity). */
function ratio(a: number, b: number): number {
  return Math.round((a / Math.max(b, 1)) * 1000) / 1000;
}

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

/**
 * Waits until no consumer group of these services has anything left to process, so that a measured
 * window counts only its own sessions and a stopped stack leaves no backlog to the next run.
 */
async function drained(ports: number[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lag = 0;
    for (const port of ports) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      lag += samplesOf(parsePrometheus(text), 'checkout_kafka_consumer_lag', {}).reduce((sum, sample) => sum + sample.value, 0);
    }
    if (lag === 0) return;
    if (Date.now() > deadline) throw new Error(`the pipeline did not drain within ${timeoutMs} ms (lag ${lag})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  if (!process.env.REDIS_URL && !process.env.KAFKA_BROKERS && !process.env.MONGO_URL) {
    const up = spawnSync('bash', [path.join(ROOT, 'scripts/infra.sh'), 'up'], { stdio: 'inherit' });
    if (up.status !== 0) throw new Error('the local infrastructure could not be started');
  }

  // The machine's limits first, while nothing of ours runs: the same load generator, body and
  // connection count as the real runs.
  log('limits of this machine, on a quiet stack');
  const bareNodeServer = await startBareServer('bare-node-server.ts');
  const bareExpressServer = await startBareServer('bare-express-server.ts');
  await bareLoad(bareNodeServer.url, plan.connections, 1);
  await bareLoad(bareExpressServer.url, plan.connections, 1);
  const bareNode = await bareLoad(bareNodeServer.url, plan.connections, plan.limitSeconds);
  const bareExpress = await bareLoad(bareExpressServer.url, plan.connections, plan.limitSeconds);
  await Promise.all([bareNodeServer.stop(), bareExpressServer.stop()]);
  const redis = await redisSetNx(redisUrl, plan.connections, plan.limitSeconds);
  const rateLimiter = await rateLimiterConsume(redisUrl, plan.connections, plan.limitSeconds);
  const kafka = await kafkaRoundTrip(kafkaBrokers, plan.connections, plan.limitSeconds);
  const database = await databaseSessionRate(mongoUrl, plan.connections, plan.limitSeconds);
  log(`bare Node ${bareNode.okPerSecond} req/s; bare Express ${bareExpress.okPerSecond} req/s; Redis SET NX ${redis.opsPerSecond} ops/s; rate limiter ${rateLimiter.opsPerSecond} consumes/s (p50 ${rateLimiter.latencyMs.p50} ms); kafkajs round trip ${kafka.messagesPerSecond} msg/s; database ${database.sessionsPerSecond} sessions/s of operations`);

  const token = signDevToken({ applicationId: `bench-${randomUUID()}`, mode: 'test', scopes: ['sessions:write', 'sessions:read'], expiresInSeconds: 3600, secret: DEVELOPMENT_JWT_SECRET, issuer: DEVELOPMENT_ISSUER, audience: DEVELOPMENT_AUDIENCE });
  const sink = await startTraceSink();
  // Traced and exported as in production: every span goes over OTLP (to a sink), metrics are scraped.
  // One application sends the whole load here, so its rate limits are raised for the run (as stated in RESULTS.md).
  const env = { NODE_ENV: 'development', ...RAISED_RATE_LIMITS, MONGO_DATABASE: `bench_${Date.now()}`, LOG_LEVEL: 'warn', JWT_HS256_SECRET: DEVELOPMENT_JWT_SECRET, SWEEP_INTERVAL_MS: '0', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_METRICS_EXPORTER: 'none' };
  const services: RunningService[] = [];
  try {
    log('starting routing, provider and gateway as separate processes (every trace sampled and exported)');
    const routing = await startService('routing', await freePort(), env);
    const provider = await startService('provider', await freePort(), env);
    const gateway = await startService('gateway', await freePort(), env);
    services.push(routing, provider, gateway);
    const base = `http://127.0.0.1:${gateway.port}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST);
    const created = (status: number, text: string) => status === 201 && text.includes('"checkoutUrl"');

    log('warming up');
    await runLoad({ url: `${base}/api/v1/sessions`, method: 'POST', headers, body, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }), accept: created, connections: plan.connections, durationSeconds: 2, rate: plan.rates[0] });

    // Everything that needs a quiet stack first: the sweep leaves a backlog behind it.
    log('replay path: the same keys again');
    const keys = Array.from({ length: plan.connections }, () => randomUUID());
    let sessionId = '';
    for (const key of keys) {
      const response = await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: { ...headers, 'idempotency-key': key }, body });
      sessionId = ((await response.json()) as { sessionId: string }).sessionId;
    }
    let next = 0;
    // What telemetry costs where the gateway itself is the limit: the same replays on gateways
    // started with 10 % of traces sampled and without telemetry. Every gateway is warmed up on the
    // replay path first, so none of them pays for the JIT in its measurement.
    const sampled = await startService('gateway', await freePort(), { ...env, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }, 'gateway-sampled');
    const untraced = await startService('gateway', await freePort(), { ...env, OTEL_SDK_DISABLED: 'true' }, 'gateway-untraced');
    services.push(sampled, untraced);
    const replayOn = (port: number, durationSeconds: number) =>
      runLoad({ url: `http://127.0.0.1:${port}/api/v1/sessions`, method: 'POST', headers, body, perRequestHeaders: () => ({ 'idempotency-key': keys[next++ % keys.length]! }), accept: created, connections: plan.connections, durationSeconds });
    for (const port of [gateway.port, sampled.port, untraced.port]) await replayOn(port, 2);
    const replay = await replayOn(gateway.port, plan.seconds);
    log(`replay: ${replay.okPerSecond}/s, p99 ${replay.latencyMs.p99} ms`);
    const replaySampled = await replayOn(sampled.port, plan.seconds);
    log(`replay, 10 % of traces sampled: ${replaySampled.okPerSecond}/s, p99 ${replaySampled.latencyMs.p99} ms`);
    const replayWithoutTelemetry = await replayOn(untraced.port, plan.seconds);
    log(`replay without telemetry: ${replayWithoutTelemetry.okPerSecond}/s, p99 ${replayWithoutTelemetry.latencyMs.p99} ms`);
    await Promise.all([sampled.stop(), untraced.stop()]);
    const get = await runLoad({ url: `${base}/api/v1/sessions/${sessionId}`, method: 'GET', headers: { authorization: `Bearer ${token}` }, accept: (status) => status === 200, connections: plan.connections, durationSeconds: plan.seconds });
    log(`GET: ${get.okPerSecond}/s, p99 ${get.latencyMs.p99} ms`);

    log('profiling a gateway under load');
    const profileDir = path.join(ROOT, 'bench', 'results', 'tmp', `profile-${Date.now()}`);
    mkdirSync(profileDir, { recursive: true });
    const spawnedAt = Date.now();
    const profiled = await startService('gateway', await freePort(), env, 'gateway-profiled', ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    // The profile runs from the process's start: its start-up (module loading, connecting) is left out.
    const loadFromMs = Date.now() - spawnedAt;
    await runLoad({ url: `http://127.0.0.1:${profiled.port}/api/v1/sessions`, method: 'POST', headers, body, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }), accept: created, connections: plan.connections, durationSeconds: plan.seconds });
    await profiled.stop();
    const profileFile = readdirSync(profileDir).find((file) => file.endsWith('.cpuprofile'));
    const profile = profileFile ? hottestFunctions(path.join(profileDir, profileFile), { fromMs: loadFromMs }) : [];
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the gateway group rebalances back


    const processes = [
      { name: 'gateway', pid: gateway.process.pid! },
      { name: 'routing', pid: routing.process.pid! },
      { name: 'provider', pid: provider.process.pid! },
      ...infraPids(),
      { name: 'load generator', pid: process.pid, alone: true },
    ];
    const sweep: BenchResults['sweep'] = [];
    for (const rate of plan.rates) {
      await drained([gateway.port, routing.port, provider.port]);
      const sampler = new ResourceSampler(processes);
      const commandsBefore = await databaseCommands([gateway.port, provider.port], 'sessions');
      const sandboxBefore = await databaseCommands([provider.port], 'sandbox_checkouts');
      // Sessions stored, one insert each: autocannon leaves out answers that arrive after its window.
      const storedBefore = await databaseCommands([gateway.port], 'sessions', 'insert');
      sampler.start();
      const result = await runLoad({ url: `${base}/api/v1/sessions`, method: 'POST', headers, body, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }), accept: created, connections: plan.connections, durationSeconds: plan.seconds, rate });
      const resources = sampler.stop();
      await drained([gateway.port, routing.port, provider.port]); // the sessions still in the pipeline finish and are counted
      const commands = (await databaseCommands([gateway.port, provider.port], 'sessions')) - commandsBefore;
      const sandboxCommands = (await databaseCommands([provider.port], 'sandbox_checkouts')) - sandboxBefore;
      const stored = (await databaseCommands([gateway.port], 'sessions', 'insert')) - storedBefore;
      const perSession = (count: number) => (stored > 0 ? Math.round((count / stored) * 100) / 100 : 0);
      sweep.push({ ...result, resources, databaseCommandsPerSession: perSession(commands), sandboxCommandsPerSession: perSession(sandboxCommands) });
      log(`offered ${rate}/s: ${result.okPerSecond} sessions/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.failed} other answers, ${result.errors} errors, ${sweep.at(-1)!.databaseCommandsPerSession} database commands per session`);
      // Past saturation more offered load only queues: stop once under half of it is served.
      if (result.okPerSecond < rate / 2) {
        log('saturated; the sweep stops here');
        break;
      }
    }

    // The create path as fast as it goes, under each telemetry configuration, in this same run: each
    // on a stack of its own, started afresh on an empty database, warmed up, the pipeline drained.
    await drained([gateway.port, routing.port, provider.port]);
    await Promise.all([gateway.stop(), provider.stop(), routing.stop()]);
    const telemetry: BenchResults['telemetry'] = [];
    for (const [configuration, extra] of Object.entries(TELEMETRY)) {
      const variantEnv = { ...env, ...extra, MONGO_DATABASE: `${env.MONGO_DATABASE}_${telemetry.length}` };
      const suffix = `-${telemetry.length}`;
      const stack = {
        routing: await startService('routing', await freePort(), variantEnv, `routing${suffix}`),
        provider: await startService('provider', await freePort(), variantEnv, `provider${suffix}`),
        gateway: await startService('gateway', await freePort(), variantEnv, `gateway${suffix}`),
      };
      services.push(stack.routing, stack.provider, stack.gateway);
      const ports = [stack.gateway.port, stack.routing.port, stack.provider.port];
      const url = `http://127.0.0.1:${stack.gateway.port}/api/v1/sessions`;
      const createLoad = (durationSeconds: number) =>
        runLoad({ url, method: 'POST', headers, body, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }), accept: created, connections: plan.connections, durationSeconds });
      await createLoad(plan.limitSeconds);
      await drained(ports);
      const sampler = new ResourceSampler([
        { name: 'gateway', pid: stack.gateway.process.pid! },
        { name: 'routing', pid: stack.routing.process.pid! },
        { name: 'provider', pid: stack.provider.process.pid! },
        ...infraPids(),
        { name: 'load generator', pid: process.pid, alone: true },
      ]);
      sampler.start();
      const result = await createLoad(plan.seconds);
      telemetry.push({ configuration, result, resources: sampler.stop() });
      log(`create as fast as it goes, ${configuration}: ${result.okPerSecond} sessions/s, p99 ${result.latencyMs.p99} ms`);
      await drained(ports);
      await Promise.all([stack.gateway.stop(), stack.provider.stop(), stack.routing.stop()]);
    }

    const best = Math.max(...sweep.map((s) => s.okPerSecond), ...telemetry.map((t) => t.result.okPerSecond));
    const results: BenchResults = {
      date: new Date().toISOString().slice(0, 10),
      mode: quick ? 'quick' : 'full',
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      sweep,
      replay,
      replaySampled,
      replayWithoutTelemetry,
      traceExport: sink.received(),
      get,
      telemetry,
      limits: { bareNode, bareExpress, redisSetNx: redis, rateLimiter, kafkaRoundTrip: kafka, database },
      ratios: {
        endToEndToBareExpress: ratio(best, bareExpress.okPerSecond),
        endToEndToDatabase: ratio(best, database.sessionsPerSecond),
        replayToBareExpress: ratio(replay.okPerSecond, bareExpress.okPerSecond),
        replayTracedToUntraced: ratio(replay.okPerSecond, replayWithoutTelemetry.okPerSecond),
        replaySampledToUntraced: ratio(replaySampled.okPerSecond, replayWithoutTelemetry.okPerSecond),
      },
      profile,
    };
    const directory = path.join(ROOT, 'bench', 'results', ...(quick ? ['tmp'] : []));
    mkdirSync(directory, { recursive: true });
    const written = writeReport(directory, results);
    log(`results: ${path.relative(ROOT, written.json)}, plot: ${path.relative(ROOT, written.svg)}`);
    if (!quick) {
      const file = path.join(ROOT, 'bench', 'RESULTS.md');
      const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n';
      const [head, ...rest] = existing.split('\n## ');
      writeFileSync(file, [head!.trimEnd() + '\n\n' + markdown(results), ...rest.map((section) => `## ${section}`)].join('\n'));
    }
    if (best <= 0) throw new Error('no session was created under load');
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
