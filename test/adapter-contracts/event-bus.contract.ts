import { expect } from 'chai';
import type { EventBus, IncomingMessage } from '@checkout/platform';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/infra';

export interface EventBusFixture {
  bus: EventBus;
  /** A topic that exists and that no other test uses. */
  newTopic: () => Promise<string>;
}

function collector(expected: number) {
  const received: IncomingMessage[] = [];
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  return {
    received,
    complete: () => Promise.race([complete, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${received.length} of ${expected} messages arrived`)), 20_000))]),
    handler: async (message: IncomingMessage) => {
      received.push(message);
      if (received.length === expected) done();
    },
  };
}

const message = (key: string, text: string) => ({ key, value: Buffer.from(text), headers: { ce_id: text } });

/** The behaviour every EventBus adapter must have, in-memory or Kafka. */
export function eventBusContract(name: string, setup: () => Promise<EventBusFixture>, teardown: (fixture: EventBusFixture) => Promise<void>): void {
  describe(`${name} (EventBus contract)`, function () {
    this.timeout(60_000);
    let fixture: EventBusFixture;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(() => teardown(fixture));

    it('should keep the order of the messages of one key, with their headers', async () => {
      const topic = await fixture.newTopic();
      const sink = collector(10);
      await fixture.bus.subscribe({ groupId: uniqueName('group'), topics: [topic], handler: sink.handler });
      for (let i = 0; i < 10; i += 1) await fixture.bus.publish(topic, [message(i % 2 ? 'odd' : 'even', `m${i}`)]);
      await sink.complete();
      const texts = (key: string) => sink.received.filter((m) => m.key === key).map((m) => m.value.toString());
      expect(texts('even')).to.deep.equal(['m0', 'm2', 'm4', 'm6', 'm8']);
      expect(texts('odd')).to.deep.equal(['m1', 'm3', 'm5', 'm7', 'm9']);
      expect(sink.received.find((m) => m.value.toString() === 'm3')?.headers).to.deep.equal({ ce_id: 'm3' });
    });

    it('should give every group every message', async () => {
      const topic = await fixture.newTopic();
      const first = collector(3);
      const second = collector(3);
      await fixture.bus.subscribe({ groupId: uniqueName('group-a'), topics: [topic], handler: first.handler });
      await fixture.bus.subscribe({ groupId: uniqueName('group-b'), topics: [topic], handler: second.handler });
      await fixture.bus.publish(topic, [message('a', '1'), message('b', '2'), message('c', '3')]);
      await Promise.all([first.complete(), second.complete()]);
      expect(first.received.map((m) => m.value.toString()).sort()).to.deep.equal(['1', '2', '3']);
      expect(second.received.map((m) => m.value.toString()).sort()).to.deep.equal(['1', '2', '3']);
    });

    it('should deliver a failed message again before the ones behind it', async () => {
      const topic = await fixture.newTopic();
      const seen: string[] = [];
      let failures = 0;
      const sink = collector(2);
      await fixture.bus.subscribe({
        groupId: uniqueName('group'),
        topics: [topic],
        handler: async (incoming) => {
          seen.push(incoming.value.toString());
          if (incoming.value.toString() === 'first' && failures < 2) {
            failures += 1;
            throw new Error('transient');
          }
          await sink.handler(incoming);
        },
      });
      await fixture.bus.publish(topic, [message('same-key', 'first'), message('same-key', 'second')]);
      await sink.complete();
      expect(seen).to.deep.equal(['first', 'first', 'first', 'second']);
    });

    it('should resume a group after its last committed message', async () => {
      const topic = await fixture.newTopic();
      const groupId = uniqueName('group');
      const before = collector(2);
      const subscription = await fixture.bus.subscribe({ groupId, topics: [topic], handler: before.handler });
      await fixture.bus.publish(topic, [message('k', 'one'), message('k', 'two')]);
      await before.complete();
      await subscription.stop();

      await fixture.bus.publish(topic, [message('k', 'three')]);
      const after = collector(1);
      await fixture.bus.subscribe({ groupId, topics: [topic], handler: after.handler });
      await after.complete();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(after.received.map((m) => m.value.toString())).to.deep.equal(['three']);
    });

    it('should report a group\'s lag on a topic until its messages are handled', async () => {
      const topic = await fixture.newTopic();
      const groupId = uniqueName('group');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const sink = collector(3);
      await fixture.bus.subscribe({
        groupId,
        topics: [topic],
        handler: async (incoming) => {
          await gate;
          await sink.handler(incoming);
        },
      });
      await fixture.bus.publish(topic, [message('k', 'a'), message('k', 'b'), message('k', 'c')]);
      const lagOf = async () => (await fixture.bus.consumerLag()).find((l) => l.groupId === groupId && l.topic === topic)?.lag;
      await eventually(async () => expect(await lagOf()).to.equal(3));
      release();
      await sink.complete();
      await eventually(async () => expect(await lagOf()).to.equal(0));
    });
  });
}
