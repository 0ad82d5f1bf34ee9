import { expect } from 'chai';
import { CoalescingSender, type TopicMessages } from '../src/kafka/coalescing-sender';
import { PublishInDoubt, PublishNotSent } from '../src/bus/event-bus';
import { rejection } from '../../../test/support/rejection';

const message = (key: string) => ({ key, value: Buffer.from(key), headers: {} });

/** A produce request that completes when the test says so. */
class ControlledSend {
  readonly requests: TopicMessages[][] = [];
  private pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly send = (batch: TopicMessages[]) =>
    new Promise<void>((resolve, reject) => {
      this.requests.push(batch);
      this.pending.push({ resolve, reject });
    });
  acknowledge(): void {
    this.pending.shift()!.resolve();
  }
  fail(error: Error): void {
    this.pending.shift()!.reject(error);
  }
}

const keysOf = (batch: TopicMessages[]) => batch.map(({ topic, messages }) => [topic, messages.map((m) => m.key)]);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingSender', () => {
  describe('publish', () => {
    it('should send at once when idle, and gather what arrives meanwhile into the next request', async () => {
      const produce = new ControlledSend();
      const sender = new CoalescingSender(produce.send);
      const settled: string[] = [];
      const first = sender.publish('a', [message('1')]).then(() => settled.push('1'));
      const second = sender.publish('a', [message('2')]).then(() => settled.push('2'));
      const third = sender.publish('b', [message('3'), message('4')]).then(() => settled.push('3'));
      await tick();
      expect(produce.requests.map(keysOf)).to.deep.equal([[['a', ['1']]]]);
      produce.acknowledge();
      await first;
      await tick();
      expect(settled).to.deep.equal(['1']);
      expect(produce.requests.map(keysOf)[1]).to.deep.equal([
        ['a', ['2']],
        ['b', ['3', '4']],
      ]);
      produce.acknowledge();
      await Promise.all([second, third]);
      expect(settled).to.deep.equal(['1', '2', '3']);
    });

    it('should reject every publish of a failed request, and go on with the next', async () => {
      const produce = new ControlledSend();
      const sender = new CoalescingSender(produce.send);
      const first = sender.publish('a', [message('1')]);
      const second = sender.publish('a', [message('2')]);
      const third = sender.publish('a', [message('3')]);
      await tick();
      produce.acknowledge();
      await first;
      await tick();
      produce.fail(new Error('not enough replicas'));
      for (const refused of [second, third]) {
        const error = await rejection(refused, PublishNotSent);
        expect(error.message).to.equal('Kafka refused the messages: not enough replicas');
        expect(error.dependency).to.equal('Kafka');
      }
      const fourth = sender.publish('a', [message('4')]);
      await tick();
      expect(produce.requests.map(keysOf).at(-1)).to.deep.equal([['a', ['4']]]);
      produce.acknowledge();
      await fourth;
    });

    it('should keep each key in publish order across requests, and split what exceeds a request', async () => {
      const produce = new ControlledSend();
      const sender = new CoalescingSender(produce.send, 3);
      const publishes = ['1', '2', '3', '4', '5'].map((key) => sender.publish('a', [message(`k:${key}`)]));
      for (let i = 0; i < 3; i += 1) {
        await tick();
        produce.acknowledge();
      }
      await Promise.all(publishes);
      expect(produce.requests.map(keysOf)).to.deep.equal([[['a', ['k:1']]], [['a', ['k:2', 'k:3', 'k:4']]], [['a', ['k:5']]]]);
    });

    it('should resolve an empty publish without a request', async () => {
      const produce = new ControlledSend();
      await new CoalescingSender(produce.send).publish('a', []);
      expect(produce.requests).to.deep.equal([]);
    });

    it('should withdraw a publish still waiting at its deadline (not sent), and call one already on its way in doubt', async () => {
      const produce = new ControlledSend();
      const sender = new CoalescingSender(produce.send);
      const onItsWay = sender.publish('a', [message('1')], 20);
      const waiting = sender.publish('a', [message('2')], 20);
      await tick();
      expect(produce.requests.map(keysOf)).to.deep.equal([[['a', ['1']]]]);
      expect((await rejection(waiting, PublishNotSent)).message).to.equal('Kafka could not take the messages within 20 ms; they were not sent');
      expect((await rejection(onItsWay, PublishInDoubt)).message).to.match(/may still arrive/);
      produce.acknowledge();
      const next = sender.publish('a', [message('3')]);
      await tick();
      // The withdrawn message never went: the next request carries only what came after.
      expect(produce.requests.map(keysOf).at(-1)).to.deep.equal([['a', ['3']]]);
      produce.acknowledge();
      await next;
    });

    it('should refuse a publish at once while its queue is full, and take publishes again once it drains', async () => {
      const produce = new ControlledSend();
      const sender = new CoalescingSender(produce.send, 2000, 2);
      const inFlight = sender.publish('a', [message('1')]);
      await tick();
      const queued = sender.publish('a', [message('2'), message('3')]);
      expect((await rejection(sender.publish('a', [message('4')]), PublishNotSent)).message).to.match(/queue is full \(2 messages waiting/);
      produce.acknowledge();
      await inFlight;
      await tick();
      produce.acknowledge();
      await queued;
      const later = sender.publish('a', [message('5')]);
      await tick();
      produce.acknowledge();
      await later;
    });
  });
});
