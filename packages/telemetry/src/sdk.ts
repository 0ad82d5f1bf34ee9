import { ErrorCode, problem, PROBLEM_CONTENT_TYPE } from '@checkout/contracts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { telemetryDisabled } from './disabled';
import { checkoutInstrumentations } from './instrumentations';
import type { MetricsEndpoint } from './metrics-endpoint';
import { pushMetricReaders } from './metric-readers';
import { within } from './within';

export { redisStatement } from './instrumentations';

export interface TelemetryOptions {
  /** `service.name`, unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** The service's directory (holding package.json), for `service.version`. */
  serviceDirectory: string;
  /**
   * Whether spans and metrics are pushed when no OTEL_* variable names a destination. True for
   * the services (the specification's default: OTLP to localhost:4318); false for `npm start`,
   * which then still puts trace ids in its logs and serves /metrics, but sends nothing.
   */
  exportByDefault?: boolean;
  /** How long shutdown waits for buffered telemetry to leave: a missing collector must not hold it up. */
  flushTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const METRICS_OFF = problem(ErrorCode.ServiceUnavailable, 'Metrics are off: OTEL_SDK_DISABLED=true turns the OpenTelemetry SDK off, and /metrics with it.');

const EXPORT_SETTINGS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
];

export interface Telemetry {
  metrics: MetricsEndpoint;
  /** Flushes spans and metrics still buffered (waiting at most flushTimeoutMs), then stops. */
  shutdown(): Promise<void>;
}

function packageVersion(directory: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Starts the OpenTelemetry NodeSDK. Call it before anything else is required: the
 * instrumentations patch http, express, ioredis, mongodb and kafkajs as they load.
 *
 * Traces: the SDK reads the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER, OTEL_BSP_*...) and exports OTLP through a
 * BatchSpanProcessor. Resource: service.name, service.version, deployment.environment
 * (default "development"), overridable by OTEL_RESOURCE_ATTRIBUTES.
 * Settings it cannot honour stop the process with one clear line, like the service's config.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  // Off means off: no instrumentation is even constructed (each would enable itself, and its require
  // hook would run on every load), so a disabled process pays nothing for telemetry.
  if (telemetryDisabled(env)) {
    return {
      metrics: (_request, response) => void response.writeHead(METRICS_OFF.status, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(METRICS_OFF)),
      shutdown: async () => undefined,
    };
  }
  const exporting = (options.exportByDefault ?? true) || EXPORT_SETTINGS.some((name) => env[name]);
  let pushReaders: MetricReader[];
  try {
    pushReaders = exporting ? pushMetricReaders(env) : [];
  } catch (error) {
    process.stderr.write(`${options.serviceName}: invalid telemetry settings: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_VERSION]: packageVersion(options.serviceDirectory),
      'deployment.environment': 'development',
    }),
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: options.serviceName }),
    instrumentations: checkoutInstrumentations(),
    metricReaders: [prometheus, ...pushReaders],
    // Not exporting still records spans (their ids go into the logs); they are just not sent.
    ...(exporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
  });
  sdk.start();
  return {
    metrics: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: () => within(() => sdk.shutdown(), options.flushTimeoutMs ?? 3000, undefined),
  };
}
