import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { ContractValidator, encodeEvent, EventTypes } from '@checkout/contracts';
import { createKafka, ensureTopics, KafkaEventBus, readDeadLetters, redriveDeadLetters, validatedConsumer } from '@checkout/platform';
import { IllegalMoveError } from '@checkout/sessions';
import { eventually } from '../../../../test/support/eventually';
import { infra, quietLogger, uniqueName } from '../../../../test/support/infra';

const ROOT = path.resolve(__dirname, '../../../..');

describe('dead letters on real Kafka: written by a failing consumer, listed, redriven', function () {
  this.timeout(60_000);
  const logger = quietLogger();
  let kafka: Kafka;
  let bus: KafkaEventBus;

  beforeEach(() => {
    kafka = createKafka({ clientId: uniqueName('test'), brokers: infra.kafkaBrokers, logger });
    bus = new KafkaEventBus(kafka, logger);
  });
  afterEach(() => bus.close());

  it("should move a message whose handler fails permanently to <topic>.dlq, let the partition go on, and send it back once fixed", async () => {
    const topic = uniqueName('poisoned');
    await ensureTopics(kafka, [{ topic, partitions: 1 }, { topic: `${topic}.dlq`, partitions: 1 }]);
    const failed = { sessionId: '01930000-0000-7000-8000-000000000001', applicationId: 'app', currency: 'AUD', code: 'provider_unavailable' as const, detail: 'x', attempts: [] };
    const handled: string[] = [];
    let fixed = false;
    const consumer = await bus.subscribe({
      groupId: uniqueName('group'),
      topics: [topic],
      handler: validatedConsumer({
        groupId: 'poisoned-group',
        publisher: bus,
        validator: new ContractValidator(),
        logger,
        handlers: {
          [EventTypes.sessionFailed]: async (event) => {
            if (event.data.detail === 'poison' && !fixed) throw new IllegalMoveError('a session cannot move from FAILED to PENDING');
            handled.push(event.data.detail);
          },
        },
      }),
    });
    try {
      const send = (detail: string) => encodeEvent(EventTypes.sessionFailed, 'urn:test', failed.sessionId, { ...failed, detail });
      await bus.publish(topic, [send('poison'), send('after')]);
      // The partition moved on past the poison message.
      await eventually(async () => expect(handled).to.deep.equal(['after']), 20_000);

      const letters = await readDeadLetters(kafka, `${topic}.dlq`);
      expect(letters).to.have.length(1);
      expect(letters[0]).to.deep.include({ key: failed.sessionId, reason: 'a session cannot move from FAILED to PENDING', cause: 'permanent', attempts: '1', group: 'poisoned-group' });
      expect(letters[0]!.source).to.deep.equal({ topic, partition: '0', offset: '0' });
      expect(Object.keys(letters[0]!.message.headers).filter((name) => name.startsWith('dlq_'))).to.deep.equal([]);

      // The documented command lists it too.
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'packages/platform/dist/dead-letters-cli.js'), 'list', 'checkout.session.outcome'], { env: { ...process.env, KAFKA_BROKERS: infra.kafkaBrokers.join(',') } });
      for (const line of stdout.trim().split('\n').filter(Boolean)) expect(JSON.parse(line)).to.include.keys('offset', 'key', 'reason', 'cause', 'source');

      fixed = true;
      expect(await redriveDeadLetters(kafka, letters)).to.equal(1);
      await eventually(async () => expect(handled).to.deep.equal(['after', 'poison']), 20_000);
    } finally {
      await consumer.stop();
    }
  });
});
