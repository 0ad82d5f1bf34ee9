import type { Meter } from '@opentelemetry/api';
import { Attr } from './attributes';
import { within } from './within';

/** How far one consumer group is behind on one topic, summed over its partitions. */
export interface ConsumerLag {
  groupId: string;
  topic: string;
  lag: number;
}

export interface ConsumerLagSource {
  consumerLag(): Promise<ConsumerLag[]>;
}

/**
 * `checkout.kafka.consumer.lag`: read from the broker on every collection (a Prometheus scrape
 * or an OTLP export), so it is as fresh as the scrape. A broker that does not answer within
 * `timeoutMs` leaves the gauge out of that collection rather than stalling /metrics.
 */
export function observeConsumerLag(meter: Meter, source: ConsumerLagSource, timeoutMs = 2000): void {
  const gauge = meter.createObservableGauge('checkout.kafka.consumer.lag', {
    description: 'Messages published but not yet processed, per consumer group and topic.',
    unit: '{message}',
  });
  gauge.addCallback(async (result) => {
    // An unreachable broker leaves the gauge out of this collection; readiness reports the broker.
    const lags = await within(() => source.consumerLag(), timeoutMs, []);
    for (const { groupId, topic, lag } of lags) result.observe(lag, { [Attr.consumerGroup]: groupId, [Attr.topic]: topic });
  });
}
