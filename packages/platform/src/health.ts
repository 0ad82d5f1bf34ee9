import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ErrorCode, problem } from '@checkout/contracts';
import { listenHttp } from './http-server';
import { notFoundProblem, writeProblem } from './http-problems';
import type { Meter } from '@opentelemetry/api';
import type { MetricsEndpoint } from '@checkout/telemetry';

/** One dependency a service needs to do its work; check() throws when it cannot. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * `ok`: every dependency answers. `degraded`: one the service can serve without does not (the
 * gateway without Redis still reads, expires and manages webhooks; without Kafka it still reads):
 * still ready, so that a load balancer keeps sending it what it can do. `unavailable`: one it
 * cannot serve without does not, or it is draining.
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, string>;
}

export interface HealthOptions {
  /** The dependencies the service can serve without: down, they make it degraded, not unready. */
  optional?: readonly string[];
  timeoutMs?: number;
}

export class Health {
  private draining = false;
  private readonly optional: ReadonlySet<string>;
  private readonly timeoutMs: number;

  constructor(
    private readonly checks: readonly HealthCheck[],
    options: HealthOptions = {},
  ) {
    this.optional = new Set(options.optional ?? []);
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** From now on the service reports not-ready, so load balancers stop sending it work. */
  startDraining(): void {
    this.draining = true;
  }

  async readiness(): Promise<HealthReport> {
    const results = await Promise.all(
      this.checks.map(async (health) => [health.name, await this.run(health)] as const),
    );
    const checks = Object.fromEntries(results);
    if (this.draining) checks.shutdown = 'draining';
    const down = results.filter(([, result]) => result !== 'ok').map(([name]) => name);
    const status = this.draining || down.some((name) => !this.optional.has(name)) ? 'unavailable' : down.length > 0 ? 'degraded' : 'ok';
    return { status, checks };
  }

  /** `checkout.dependency.up` (1 or 0) per dependency, checked at each collection. */
  observe(meter: Meter): void {
    const gauge = meter.createObservableGauge('checkout.dependency.up', { description: 'Whether each dependency answers its readiness check (1) or not (0).' });
    gauge.addCallback(async (result) => {
      for (const health of this.checks) result.observe((await this.run(health)) === 'ok' ? 1 : 0, { 'checkout.dependency': health.name });
    });
  }

  private async run(health: HealthCheck): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([health.check(), timeout]);
      return 'ok';
    } catch (error) {
      return (error as Error).message || 'failed';
    } finally {
      clearTimeout(timer);
    }
  }
}

export type { MetricsEndpoint } from '@checkout/telemetry';

/**
 * Answers GET /livez (the process runs), GET /readyz (its dependencies answer) and, given an
 * endpoint, GET /metrics. Returns false for any other request.
 */
export async function handleHealthRequest(
  health: Health,
  request: IncomingMessage,
  response: ServerResponse,
  metrics?: MetricsEndpoint,
): Promise<boolean> {
  const path = request.url?.split('?')[0];
  if (request.method !== 'GET') return false;
  if (path === '/metrics' && metrics) {
    metrics(request, response);
    return true;
  }
  if (path !== '/livez' && path !== '/readyz') return false;
  const report: HealthReport = path === '/livez' ? { status: 'ok', checks: {} } : await health.readiness();
  response.writeHead(report.status === 'unavailable' ? 503 : 200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(report));
  return true;
}

/** A small HTTP server for services that have no other HTTP surface (routing). */
export async function startHealthServer(health: Health, port: number, host = '0.0.0.0', metrics?: MetricsEndpoint): Promise<Server> {
  return listenHttp((request, response) => {
    handleHealthRequest(health, request, response, metrics).then(
      (handled) => {
        if (!handled) notFoundProblem(request, response);
      },
      () => writeProblem(response, problem(ErrorCode.Internal, 'The health check failed; it has been logged.')),
    );
  }, port, host);
}
