import { writeFileSync } from 'node:fs';
import type { LoadResult } from './load';
import type { HotFunction } from './profile-summary';
import type { ProcessUsage } from './resources';

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; memoryGb: number; node: string };
  /** databaseCommandsPerSession: on `sessions`; sandboxCommandsPerSession: the sandbox provider's own storage. */
  sweep: (LoadResult & { resources: ProcessUsage[]; databaseCommandsPerSession: number; sandboxCommandsPerSession: number })[];
  /** The create path as fast as it goes under each telemetry configuration (the first is the headline's). */
  telemetry: { configuration: string; result: LoadResult; resources: ProcessUsage[] }[];
  replay: LoadResult;
  /** The same replays on a gateway sampling 10 % of traces (parentbased_traceidratio). */
  replaySampled: LoadResult;
  /** The same replays on a gateway started with OTEL_SDK_DISABLED=true. */
  replayWithoutTelemetry: LoadResult;
  /** OTLP export requests and bytes the trace sink received from the services during the run. */
  traceExport: { requests: number; bytes: number };
  get: LoadResult;
  /** Measured first, on a quiet machine, with the same load generator, body and connections. */
  limits: {
    bareNode: LoadResult;
    bareExpress: LoadResult;
    redisSetNx: { opsPerSecond: number };
    /** The gateway's rate limiter alone: one `consume` per request, Redis-backed. */
    rateLimiter: { opsPerSecond: number; latencyMs: { p50: number; p99: number } };
    kafkaRoundTrip: { messagesPerSecond: number; latencyMs: { p50: number; p99: number } };
    /** The database's rate for one session's operations (insert, read, move), through the real store. */
    database: { sessionsPerSecond: number; operationsPerSecond: number };
  };
  ratios: { endToEndToBareExpress: number; endToEndToDatabase: number; replayToBareExpress: number; replayTracedToUntraced: number; replaySampledToUntraced: number };
  profile: HotFunction[];
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const PROCESSES = ['gateway', 'routing', 'provider', 'kafka', 'ferretdb', 'postgres', 'redis', 'load generator'];

/** CPU-milliseconds per created session, per process, over one measured window. */
function cpuPerSession(resources: ProcessUsage[], sessions: number): string {
  const per = PROCESSES.map((name) => (sessions > 0 ? (resources.find((r) => r.name === name)?.cpuMs ?? 0) / sessions : 0));
  return `${per.map((ms) => ms.toFixed(1)).join(' / ')} (total ${per.reduce((a, b) => a + b, 0).toFixed(1)})`;
}

export function markdown(results: BenchResults): string {
  const best = Math.max(...results.sweep.map((s) => s.okPerSecond), ...results.telemetry.map((t) => t.result.okPerSecond));
  const { limits } = results;
  const lines = [
    `## ${results.date} (${results.mode}; ${results.machine.cpus} cores, ${results.machine.memoryGb} GiB, Node ${results.machine.node})`,
    '',
    'The machine, measured first while nothing of ours ran, with the load generator, body and connection count of the real runs:',
    '',
    '| Limit | Throughput | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    `| Bare Node \`http\` endpoint | ${fmt(limits.bareNode.okPerSecond)} req/s | ${limits.bareNode.latencyMs.p50} | ${limits.bareNode.latencyMs.p99} |`,
    `| Bare Express endpoint | ${fmt(limits.bareExpress.okPerSecond)} req/s | ${limits.bareExpress.latencyMs.p50} | ${limits.bareExpress.latencyMs.p99} |`,
    `| Redis SET NX loop | ${limits.redisSetNx.opsPerSecond} ops/s | | |`,
    `| The gateway's rate limiter, one \`consume\` (what it adds to every request) | ${limits.rateLimiter.opsPerSecond} consumes/s | ${limits.rateLimiter.latencyMs.p50} | ${limits.rateLimiter.latencyMs.p99} |`,
    `| kafkajs produce → consume round trip (our bus: idempotent, acks=all, coalesced) | ${limits.kafkaRoundTrip.messagesPerSecond} msg/s | ${limits.kafkaRoundTrip.latencyMs.p50} | ${limits.kafkaRoundTrip.latencyMs.p99} |`,
    `| FerretDB on PostgreSQL, one session's operations (insert, read, move) | ${limits.database.sessionsPerSecond} sessions/s (${limits.database.operationsPerSecond} ops/s) | | |`,
    '',
    'Create session, end to end (gateway → Kafka → routing → Kafka → provider → MongoDB → Kafka → gateway), every trace sampled and exported, every answer checked (a 201 with a checkoutUrl counts):',
    '',
    `| Offered req/s | Sessions/s (201) | Other answers | Errors | p50 ms | p90 ms | p99 ms | max ms | DB commands / session (sandbox's own) | CPU % ${PROCESSES.join(' / ')} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.sweep.map((s) => {
      const cpu = PROCESSES.map((name) => fmt(s.resources.find((r) => r.name === name)?.cpuPercent ?? 0)).join(' / ');
      return `| ${s.offeredRate ?? 'max'} | ${fmt(s.okPerSecond)} | ${s.failed} | ${s.errors + s.timeouts} | ${s.latencyMs.p50} | ${s.latencyMs.p90} | ${s.latencyMs.p99} | ${s.latencyMs.max} | ${s.databaseCommandsPerSession} (${s.sandboxCommandsPerSession}) | ${cpu} |`;
    }),
    '',
    'The create path as fast as it goes (no offered rate), under each telemetry configuration, in this run:',
    '',
    `| Telemetry | Sessions/s (201) | Other answers | p50 ms | p99 ms | CPU-ms per session: ${PROCESSES.join(' / ')} |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...results.telemetry.map((t) => `| ${t.configuration} | ${fmt(t.result.okPerSecond)} | ${t.result.failed} | ${t.result.latencyMs.p50} | ${t.result.latencyMs.p99} | ${cpuPerSession(t.resources, t.result.ok)} |`),
    '',
    '| Path | Throughput | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    `| Create session, best of this run | ${fmt(best)} sessions/s | | |`,
    `| Replay (same key again), every trace sampled and exported | ${fmt(results.replay.okPerSecond)} responses/s | ${results.replay.latencyMs.p50} | ${results.replay.latencyMs.p99} |`,
    `| Replay, 10 % of traces sampled | ${fmt(results.replaySampled.okPerSecond)} responses/s | ${results.replaySampled.latencyMs.p50} | ${results.replaySampled.latencyMs.p99} |`,
    `| Replay, telemetry off (OTEL_SDK_DISABLED) | ${fmt(results.replayWithoutTelemetry.okPerSecond)} responses/s | ${results.replayWithoutTelemetry.latencyMs.p50} | ${results.replayWithoutTelemetry.latencyMs.p99} |`,
    `| GET /api/v1/sessions/{id} | ${fmt(results.get.okPerSecond)} responses/s | ${results.get.latencyMs.p50} | ${results.get.latencyMs.p99} |`,
    '',
    `Ratios: end to end / bare Express = ${results.ratios.endToEndToBareExpress}; end to end / (database rate ÷ operations per session) = ${results.ratios.endToEndToDatabase}; replay / bare Express = ${results.ratios.replayToBareExpress}; replay traced / untraced = ${results.ratios.replayTracedToUntraced}; replay 10 % sampled / untraced = ${results.ratios.replaySampledToUntraced}.`,
    '',
    `Every service traced with the batch span processor and exported over OTLP/HTTP: ${results.traceExport.requests} export requests, ${fmt(results.traceExport.bytes / 2 ** 20)} MiB.`,
    '',
    'Hottest functions in the gateway, the create path as fast as it goes (self time, as a share of its busy samples during the load, start-up left out):',
    '',
    '| Function | Where | Self % |',
    '| --- | --- | --- |',
    ...results.profile.map((f) => `| \`${f.function}\` | ${f.where} | ${f.selfPercent} |`),
    '',
  ];
  return lines.join('\n');
}

/** Latency percentiles and achieved throughput against offered load, as a self-contained SVG. */
export function latencyPlot(results: BenchResults): string {
  const points = results.sweep.filter((s) => s.offeredRate !== null);
  const width = 720;
  const height = 400;
  const pad = { left: 60, right: 60, top: 30, bottom: 50 };
  const maxX = Math.max(...points.map((p) => p.offeredRate!), 1);
  const maxY = Math.max(...points.map((p) => p.latencyMs.p99), 10);
  const maxT = Math.max(...points.map((p) => p.okPerSecond), 1);
  const x = (v: number) => pad.left + (v / maxX) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / maxY) * (height - pad.top - pad.bottom);
  const yt = (v: number) => height - pad.bottom - (v / maxT) * (height - pad.top - pad.bottom);
  const line = (values: [number, number][], color: string, label: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${values.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>` +
    values.map(([a, b]) => `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${color}"/>`).join('') +
    `<text x="${(values.at(-1)?.[0] ?? 0) + 6}" y="${values.at(-1)?.[1] ?? 0}" font-size="12" fill="${color}">${label}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">POST /api/v1/sessions: latency and throughput vs offered load (${results.date})</text>
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="black"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="black"/>
<line x1="${width - pad.right}" y1="${pad.top}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#999"/>
<text x="${width / 2}" y="${height - 12}" text-anchor="middle" font-size="12">offered load (requests/s), max ${maxX}</text>
<text x="14" y="${height / 2}" font-size="12" transform="rotate(-90 14 ${height / 2})" text-anchor="middle">latency ms (max ${maxY})</text>
<text x="${width - 14}" y="${height / 2}" font-size="12" transform="rotate(90 ${width - 14} ${height / 2})" text-anchor="middle">sessions/s (max ${fmt(maxT)})</text>
${line(points.map((p) => [x(p.offeredRate!), y(p.latencyMs.p50)]), '#1f77b4', 'p50')}
${line(points.map((p) => [x(p.offeredRate!), y(p.latencyMs.p99)]), '#d62728', 'p99')}
${line(points.map((p) => [x(p.offeredRate!), yt(p.okPerSecond)]), '#2ca02c', 'sessions/s')}
</svg>
`;
}

export function writeReport(directory: string, results: BenchResults): { json: string; svg: string } {
  const json = `${directory}/${results.date}${results.mode === 'quick' ? '-quick' : ''}.json`;
  const svg = `${directory}/${results.date}${results.mode === 'quick' ? '-quick' : ''}-latency.svg`;
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(svg, latencyPlot(results));
  return { json, svg };
}
