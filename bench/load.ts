import autocannon from 'autocannon';

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

/** One autocannon run in which every answer is checked: only accepted ones count as throughput. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let ok = 0;
  let failed = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
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
    offeredRate: options.rate ?? null,
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
