import autocannon from 'autocannon';
import http from 'node:http';

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The request body, or a function giving each request its own headers (e.g. an Idempotency-Key). */
  body?: string;
  perRequestHeaders?: () => Record<string, string>;
  /** Which answers count as successes. */
  accept: (status: number, body: string) => boolean;
  connections: number;
  durationSeconds: number;
  /** Offered load in requests/s; undefined for as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  offeredRate: number | null;
  durationSeconds: number;
  requests: number;
  ok: number;
  okPerSecond: number;
  failed: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * A run in which every answer is checked: only accepted ones count as throughput. As fast as the
 * server answers (no `rate`): autocannon, closed loop on `connections`. At an offered rate: paced,
 * below.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return options.rate ? runPaced(options, options.rate) : runFlatOut(options);
}

/**
 * An open-loop load at an offered rate: request i is due at start + i / rate, whatever the answers
 * before it, over at most `connections` kept-alive connections (a request finding them all busy
 * waits for one), and its latency runs from when it was due, so time spent queued, in the server or
 * here, counts (no coordinated omission).
 *
 * Not autocannon's overallRate: it sends each connection's quota for a second back to back at the
 * start of that second, so "20/s" arrives as a burst of 20, and it corrects its histogram for
 * coordinated omission with an interval of ceil(1 / rate) *milliseconds* where the rate is per second.
 * At 20/s on this stack the same services measured p50 50 ms that way and 17 ms paced (bench/RESULTS.md).
 */
async function runPaced(options: LoadOptions, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.url);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let errors = 0;
  let timeouts = 0;
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method, agent, headers: { ...options.headers, ...options.perRequestHeaders?.() }, timeout: 10_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            latencies.push(performance.now() - dueAt);
            if (options.accept(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))) ok += 1;
            else failed += 1;
            resolve();
          });
        },
      );
      let timedOut = false;
      request.on('timeout', () => {
        timedOut = true;
        timeouts += 1;
        request.destroy(new Error('timeout'));
      });
      request.on('error', () => {
        if (!timedOut) errors += 1;
        resolve();
      });
      request.end(options.body);
    });
  const start = performance.now();
  const total = Math.round(rate * options.durationSeconds);
  const inFlight: Promise<void>[] = [];
  for (let sent = 0; sent < total; ) {
    const now = performance.now();
    // Every request due by now goes now (a late timer sends the ones it owes at once).
    while (sent < total && start + (sent * 1000) / rate <= now) inFlight.push(send(start + (sent++ * 1000) / rate));
    const nextDue = start + (sent * 1000) / rate;
    if (sent < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - performance.now())));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => (latencies.length === 0 ? 0 : Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((latencies.length * p) / 100) - 1)]! * 10) / 10);
  return {
    offeredRate: rate,
    durationSeconds: options.durationSeconds,
    requests: total,
    ok,
    // Per second from the first request to the last answer: past saturation the answers trail the offered window, and this falls.
    okPerSecond: Math.round((ok / seconds) * 10) / 10,
    failed,
    errors,
    timeouts,
    latencyMs: { p50: percentile(50), p90: percentile(90), p99: percentile(99), max: percentile(100) },
  };
}

/** Closed loop: autocannon on `connections`, each sending its next request when its answer arrives. */
async function runFlatOut(options: LoadOptions): Promise<LoadResult> {
  let ok = 0;
  let failed = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: options.method,
        headers: options.headers,
        ...(options.body ? { body: options.body } : {}),
        setupRequest: (request: autocannon.Request) => (options.perRequestHeaders ? { ...request, headers: { ...request.headers, ...options.perRequestHeaders() } } : request),
        onResponse: (status: number, body: string) => {
          if (options.accept(status, body)) ok += 1;
          else failed += 1;
        },
      },
    ],
  });
  return {
    offeredRate: null,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    ok,
    okPerSecond: Math.round((ok / result.duration) * 10) / 10,
    failed,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}
