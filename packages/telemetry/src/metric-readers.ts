import { OTLPMetricExporter as OtlpGrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as OtlpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';

function listFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function otlpMetricExporter(env: NodeJS.ProcessEnv): PushMetricExporter {
  const protocol = env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  switch (protocol) {
    case 'http/protobuf':
      return new OtlpProtoMetricExporter();
    case 'http/json':
      return new OtlpJsonMetricExporter();
    case 'grpc':
      return new OtlpGrpcMetricExporter();
    default:
      throw new Error(`OTEL_EXPORTER_OTLP_METRICS_PROTOCOL must be http/protobuf, http/json or grpc, got "${protocol}"`);
  }
}

/**
 * The push readers OTEL_METRICS_EXPORTER asks for (default `otlp`, as the specification says;
 * `none` for none). The Prometheus pull reader behind /metrics is added by the caller, always:
 * giving the SDK our readers means it no longer reads OTEL_METRICS_EXPORTER itself.
 */
export function pushMetricReaders(env: NodeJS.ProcessEnv): MetricReader[] {
  const exporters = listFrom(env.OTEL_METRICS_EXPORTER);
  if (exporters.includes('none')) return [];
  const wanted = exporters.length === 0 ? ['otlp'] : exporters;
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000);
  const timeout = Number(env.OTEL_METRIC_EXPORT_TIMEOUT ?? 30_000);
  return wanted.flatMap((name): MetricReader[] => {
    if (name === 'prometheus') return []; // served by every service at /metrics already
    if (name !== 'otlp') throw new Error(`OTEL_METRICS_EXPORTER: unsupported exporter "${name}" (use otlp, prometheus or none)`);
    return [
      new PeriodicExportingMetricReader({
        exporter: otlpMetricExporter(env),
        exportIntervalMillis: interval,
        exportTimeoutMillis: Math.min(timeout, interval),
      }),
    ];
  });
}
