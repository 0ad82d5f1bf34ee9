import type { Meter } from '@opentelemetry/api';
import { Attr } from './attributes';

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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ConsumerLag[]>((resolve) => {
      timer = setTimeout(() => resolve([]), timeoutMs);
    });
    try {
      const lags = await Promise.race([source.consumerLag(), timeout]);
      for (const { groupId, topic, lag } of lags) result.observe(lag, { [Attr.consumerGroup]: groupId, [Attr.topic]: topic });
    } catch {
      // Broker unreachable: readiness reports it; the gauge stays absent for this collection.
    } finally {
      clearTimeout(timer);
    }
  });
}
