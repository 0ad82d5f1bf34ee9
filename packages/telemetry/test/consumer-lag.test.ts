import { expect } from 'chai';
import { observeConsumerLag, type ConsumerLag } from '@checkout/telemetry';
import { testMeter } from '../../../test/support/test-meter';

async function collectLag(source: () => Promise<ConsumerLag[]>, timeoutMs?: number) {
  const metered = testMeter();
  observeConsumerLag(metered.meter, { consumerLag: source }, timeoutMs);
  const points = await metered.points('checkout.kafka.consumer.lag');
  await metered.stop();
  return points.map((point) => ({ ...point.attributes, lag: point.value }));
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
