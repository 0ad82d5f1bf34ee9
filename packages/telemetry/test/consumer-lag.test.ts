import { expect } from 'chai';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type GaugeMetricData } from '@opentelemetry/sdk-metrics';
import { observeConsumerLag, type ConsumerLag } from '@checkout/telemetry';

async function collectLag(source: () => Promise<ConsumerLag[]>, timeoutMs?: number) {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  observeConsumerLag(provider.getMeter('test'), { consumerLag: source }, timeoutMs);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === 'checkout.kafka.consumer.lag') as GaugeMetricData | undefined;
  return (metric?.dataPoints ?? []).map((point) => ({ ...point.attributes, lag: point.value }));
}

describe('observeConsumerLag', () => {
  it('should observe the lag of every group and topic the source reports', async () => {
    const points = await collectLag(async () => [
      { groupId: 'routing', topic: 'checkout.session.requested', lag: 4 },
      { groupId: 'routing-signals', topic: 'checkout.session.outcome', lag: 0 },
    ]);
    expect(points).to.deep.equal([
      { 'messaging.consumer.group.name': 'routing', 'messaging.destination.name': 'checkout.session.requested', lag: 4 },
      { 'messaging.consumer.group.name': 'routing-signals', 'messaging.destination.name': 'checkout.session.outcome', lag: 0 },
    ]);
  });

  it('should leave the gauge out, not fail the collection, when the broker fails or does not answer in time', async () => {
    expect(await collectLag(async () => Promise.reject(new Error('broker down')))).to.deep.equal([]);
    expect(await collectLag(() => new Promise<ConsumerLag[]>(() => undefined), 50)).to.deep.equal([]);
  });
});
