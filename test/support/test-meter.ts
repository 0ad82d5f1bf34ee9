import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type GaugeMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import type { Meter } from '@opentelemetry/api';

export interface MetricPoint {
  attributes: Record<string, unknown>;
  value: number;
}

/**
 * A real OpenTelemetry meter whose instruments a test can read back: the points of one counter or
 * gauge, by attributes (none when it was never recorded). `stop` shuts the provider down.
 */
export function testMeter(): { meter: Meter; points: (name: string) => Promise<MetricPoint[]>; stop: () => Promise<void> } {
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('test'),
    points: async (name) => {
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name) as SumMetricData | GaugeMetricData | undefined;
      return (metric?.dataPoints ?? []).map((point) => ({ attributes: { ...point.attributes }, value: point.value }));
    },
    stop: () => provider.shutdown(),
  };
}
