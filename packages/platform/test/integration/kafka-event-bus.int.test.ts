import { expect } from 'chai';
import type { Kafka } from 'kafkajs';
import { createKafka, ensureTopics, KafkaEventBus, type IncomingMessage } from '@checkout/platform';
import { eventBusContract } from '../../../../test/adapter-contracts/event-bus.contract';
import { infra, quietLogger, uniqueName } from '../../../../test/support/infra';

describe('KafkaEventBus (real Kafka)', function () {
  this.timeout(60_000);
  const logger = quietLogger();
  let kafka: Kafka;
  let bus: KafkaEventBus;

  beforeEach(() => {
    kafka = createKafka({ clientId: uniqueName('test'), brokers: infra.kafkaBrokers, logger });
    bus = new KafkaEventBus(kafka, logger);
  });
  afterEach(() => bus.close());

  it('should create topics once and report which it created', async () => {
    const topic = uniqueName('smoke-topics');
    expect(await ensureTopics(kafka, [{ topic, partitions: 3 }])).to.deep.equal([topic]);
    expect(await ensureTopics(kafka, [{ topic, partitions: 3 }])).to.deep.equal([]);
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).to.have.length(3);
  });

  it('should carry key, value and headers from producer to consumer', async () => {
    const topic = uniqueName('smoke-roundtrip');
    await ensureTopics(kafka, [{ topic, partitions: 3 }]);
    const received: IncomingMessage[] = [];
    let done!: () => void;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    await bus.subscribe({
      groupId: uniqueName('group'),
      topics: [topic],
      handler: async (message) => {
        received.push(message);
        if (received.length === 2) done();
      },
    });
    await bus.publish(topic, [
      { key: 'session-1', value: Buffer.from('{"n":1}'), headers: { ce_id: 'evt-1', ce_type: 'test.one', traceparent: '00-aa-bb-01' } },
      { key: 'session-1', value: Buffer.from('{"n":2}'), headers: { ce_id: 'evt-2', ce_type: 'test.two' } },
    ]);
    await allReceived;
    expect(received.map((m) => m.value.toString())).to.deep.equal(['{"n":1}', '{"n":2}']);
    expect(received[0]).to.include({ topic, key: 'session-1' });
    expect(received[0]?.headers).to.deep.equal({ ce_id: 'evt-1', ce_type: 'test.one', traceparent: '00-aa-bb-01' });
    expect(received[1]?.partition).to.equal(received[0]?.partition);
  });

  it('should deliver a message again when its handler fails, and commit once it succeeds', async () => {
    const topic = uniqueName('smoke-redelivery');
    const groupId = uniqueName('group');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    let attempts = 0;
    let done!: () => void;
    const succeeded = new Promise<void>((resolve) => (done = resolve));
    const subscription = await bus.subscribe({
      groupId,
      topics: [topic],
      handler: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('transient failure');
        done();
      },
    });
    await bus.publish(topic, [{ key: 'k', value: Buffer.from('x'), headers: {} }]);
    await succeeded;
    await subscription.stop();
    expect(attempts).to.equal(2);

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(offsets[0]?.partitions[0]?.offset).to.equal('1');
  });
});

eventBusContract(
  'KafkaEventBus on real Kafka',
  async () => {
    const logger = quietLogger();
    const kafka = createKafka({ clientId: uniqueName('contract'), brokers: infra.kafkaBrokers, logger });
    return {
      bus: new KafkaEventBus(kafka, logger),
      newTopic: async () => {
        const topic = uniqueName('contract');
        await ensureTopics(kafka, [{ topic, partitions: 3 }]);
        return topic;
      },
    };
  },
  (fixture) => fixture.bus.close(),
);
