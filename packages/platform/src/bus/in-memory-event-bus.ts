import { createHash } from 'node:crypto';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { Attr, withSpan } from '@checkout/telemetry';
import type { Logger } from '../logger';
import type { ConsumerLag, EventBus, IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription } from './event-bus';

interface Partition {
  log: OutgoingMessage[];
  /** Wakes the group loops reading this partition when a message is appended. */
  listeners: Set<() => void>;
}

interface Group {
  /** Committed offsets: the next offset to deliver, per topic and partition. */
  committed: Map<string, number>;
  topics: readonly string[];
  stopped: boolean;
}

/**
 * The EventBus in process memory, with Kafka's contract: messages of one key keep their order
 * (same partition), each consumer group sees every message once, a failed handler gets the same
 * message again (after a short back-off) before anything behind it, and the offset is committed
 * only after the handler resolved. Trace context travels in the headers as it does on Kafka.
 * Nothing survives the process, which is its only difference.
 */
export class InMemoryEventBus implements EventBus {
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, Group>();
  private readonly loops = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly partitions = 3,
    private readonly retryDelayMs = 100,
  ) {}

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const partitions = this.topic(topic);
    for (const message of messages) {
      const partition = partitions[this.partitionFor(message.key)]!;
      const headers = { ...message.headers };
      propagation.inject(context.active(), headers);
      partition.log.push({ key: message.key, value: Buffer.from(message.value), headers });
      for (const wake of partition.listeners) wake();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.groups.has(options.groupId) && !this.groups.get(options.groupId)!.stopped) {
      throw new Error(`consumer group ${options.groupId} already has a subscriber in this process`);
    }
    const group: Group = this.groups.get(options.groupId) ?? { committed: new Map(), topics: options.topics, stopped: false };
    group.stopped = false;
    group.topics = options.topics;
    this.groups.set(options.groupId, group);
    const loops: Promise<void>[] = [];
    for (const topic of options.topics) {
      this.topic(topic).forEach((partition, index) => {
        const key = `${topic}/${index}`;
        if (!group.committed.has(key)) group.committed.set(key, options.fromBeginning === false ? partition.log.length : 0);
        const loop = this.consume(group, topic, index, partition, options);
        this.loops.add(loop);
        void loop.finally(() => this.loops.delete(loop));
        loops.push(loop);
      });
    }
    return {
      stop: async () => {
        group.stopped = true;
        for (const topic of options.topics) for (const partition of this.topic(topic)) for (const wake of partition.listeners) wake();
        await Promise.all(loops);
      },
    };
  }

  async consumerLag(): Promise<ConsumerLag[]> {
    const lags: ConsumerLag[] = [];
    for (const [groupId, group] of this.groups) {
      if (group.stopped) continue;
      for (const topic of group.topics) {
        const lag = this.topic(topic).reduce((sum, partition, index) => sum + partition.log.length - (group.committed.get(`${topic}/${index}`) ?? 0), 0);
        lags.push({ groupId, topic, lag });
      }
    }
    return lags;
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) group.stopped = true;
    for (const partitions of this.topics.values()) for (const partition of partitions) for (const wake of partition.listeners) wake();
    await Promise.all([...this.loops]);
  }

  private async consume(group: Group, topic: string, index: number, partition: Partition, options: SubscribeOptions): Promise<void> {
    const key = `${topic}/${index}`;
    while (!group.stopped) {
      const offset = group.committed.get(key)!;
      const message = partition.log[offset];
      if (!message) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            partition.listeners.delete(wake);
            resolve();
          };
          partition.listeners.add(wake);
        });
        continue;
      }
      const incoming: IncomingMessage = { ...message, topic, partition: index, offset: String(offset) };
      try {
        await this.process(incoming, options);
        group.committed.set(key, offset + 1);
      } catch (error) {
        this.logger.error({ err: error, topic, partition: index, offset, groupId: options.groupId }, 'handler failed; the message will be delivered again');
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  /** Runs the handler in a consumer span continuing the publisher's trace, like the kafkajs instrumentation. */
  private process(message: IncomingMessage, options: SubscribeOptions): Promise<void> {
    const tracer = trace.getTracer('checkout.in-memory-bus');
    const attributes = { [Attr.topic]: message.topic, [Attr.consumerGroup]: options.groupId };
    const placement = { kind: SpanKind.CONSUMER, parent: propagation.extract(ROOT_CONTEXT, message.headers) };
    return withSpan(tracer, `process ${message.topic}`, attributes, () => options.handler(message), placement);
  }

  private topic(name: string): Partition[] {
    let partitions = this.topics.get(name);
    if (!partitions) {
      partitions = Array.from({ length: this.partitions }, () => ({ log: [], listeners: new Set<() => void>() }));
      this.topics.set(name, partitions);
    }
    return partitions;
  }

  private partitionFor(key: string): number {
    return createHash('md5').update(key).digest().readUInt32BE(0) % this.partitions;
  }
}
