import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Attr, withSpan } from '@checkout/telemetry';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type {
  ConsumerLag,
  EventBus,
  IncomingMessage,
  OutgoingMessage,
  PublishOptions,
  SubscribeOptions,
  Subscription,
} from '../bus/event-bus';
import type { Logger } from '../logger';
import { CoalescingSender, type TopicMessages } from './coalescing-sender';
import { OffsetCommitter } from './offset-committer';

function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? String(value[value.length - 1]) : String(value);
  }
  return result;
}

function withTraceContext(message: OutgoingMessage): OutgoingMessage {
  const headers = { ...message.headers };
  propagation.inject(context.active(), headers);
  return { ...message, headers };
}

/**
 * How long a consumer that stopped heartbeating keeps its partitions: the pause after a crash before
 * another replica takes its messages over. Shorter moves them sooner, at the cost of rebalances for
 * a member that is alive but stalled for this long (a stop-the-world pause, a hung event loop); the
 * broker's minimum is 6 s (group.min.session.timeout.ms).
 */
export const CONSUMER_SESSION_TIMEOUT_MS = 10_000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * How often a consumer commits the offsets of the messages it finished (and before a stop or a
 * rebalance): at most this much finished work is delivered again after a crash. Committing after
 * every message cost a Kafka round trip per message.
 */
export const CONSUMER_COMMIT_INTERVAL_MS = 1_000;

/**
 * The EventBus on Kafka: an idempotent producer with acks=all, concurrent publishes coalesced into
 * one produce request per round trip (CoalescingSender), and consumers that commit a message's
 * offset only after its handler resolved, so a crash redelivers instead of losing.
 */
export class KafkaEventBus implements EventBus {
  private readonly consumers = new Set<Consumer>();
  private readonly committers = new Map<Consumer, OffsetCommitter>();
  /** What each group of this bus reads, for the lag report. */
  private readonly subscriptions = new Map<string, { topics: readonly string[]; fromBeginning: boolean }>();
  private producerReady: Promise<Producer> | undefined;
  private adminReady: Promise<Admin> | undefined;
  private readonly sender = new CoalescingSender((batch) => this.sendBatch(batch));
  private readonly tracer = trace.getTracer('checkout.kafka-bus');

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly joinTimeoutMs = 60_000,
    private readonly partitionsConsumedConcurrently = 6,
    private readonly commitIntervalMs = CONSUMER_COMMIT_INTERVAL_MS,
  ) {}

  /**
   * Commits what finished, then leaves the group. A message whose handler finishes between the two
   * is delivered again to the partition's next owner (at-least-once; effects are idempotent).
   */
  private async stopConsumer(consumer: Consumer): Promise<void> {
    const committer = this.committers.get(consumer);
    this.committers.delete(consumer);
    await committer?.stop();
    await consumer.disconnect();
  }

  /**
   * Resolves once the request that carried these messages was acknowledged by every in-sync
   * replica. Inside a trace, the publish is a producer span whose context each message carries;
   * it is injected here, in the publisher's context, since the request that sends it is shared
   * with other publishers. Outside a trace the messages go as they are (as on the in-memory bus).
   */
  publish(topic: string, messages: readonly OutgoingMessage[], options: PublishOptions = {}): Promise<void> {
    if (!trace.getSpan(context.active())?.isRecording()) return this.sender.publish(topic, messages, options.deadlineMs);
    const attributes = { [Attr.topic]: topic, 'messaging.system': 'kafka', 'messaging.batch.message_count': messages.length };
    return withSpan(this.tracer, `send ${topic}`, attributes, () => this.sender.publish(topic, messages.map(withTraceContext), options.deadlineMs), { kind: SpanKind.PRODUCER });
  }

  /** One produce request for everything waiting; the instrumentation's own per-message context is suppressed (see publish). */
  private async sendBatch(batch: TopicMessages[]): Promise<void> {
    const producer = await this.producer();
    await context.with(suppressTracing(context.active()), () =>
      producer.sendBatch({
        acks: -1,
        topicMessages: batch.map(({ topic, messages }) => ({ topic, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) })),
      }),
    );
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    // A member that stops heartbeating (killed) loses its partitions after CONSUMER_SESSION_TIMEOUT_MS,
    // rather than kafkajs's 30 s; a live one heartbeats every second, during long handlers too (below).
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.consumers.add(consumer);
    const committer = new OffsetCommitter((offsets) => consumer.commitOffsets(offsets), this.commitIntervalMs, this.logger, options.groupId);
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${options.groupId} did not join within ${this.joinTimeoutMs} ms`)),
        this.joinTimeoutMs,
      );
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        clearTimeout(timer);
        committer.assigned(event.payload.memberAssignment);
        resolve();
      });
    });
    // Before its partitions may move: commit what finished (best effort: the group may have moved on already).
    consumer.on(consumer.events.REBALANCING, () => void committer.flush());
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    // A message's offset is committed (OffsetCommitter) only after its handler resolved: a failed
    // handler's message is never committed. Commits go on a timer, not after every batch.
    await consumer.run({
      autoCommit: false,
      // Partitions are independent (order is per key, so per partition): handle them side by side.
      // kafkajs's default of 1 serialises every message of the consumer behind the previous one.
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        // A handler may take longer than the session (a provider's timeouts, retries): keep the membership alive meanwhile.
        const beating = setInterval(() => void heartbeat().catch(() => undefined), CONSUMER_HEARTBEAT_INTERVAL_MS);
        const incoming: IncomingMessage = {
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value ?? Buffer.alloc(0),
          headers: headersToStrings(message.headers),
        };
        try {
          await options.handler(incoming);
          committer.finished(topic, partition, message.offset);
        } catch (error) {
          this.logger.error(
            { err: error, topic, partition, offset: message.offset, groupId: options.groupId },
            'handler failed; the message will be delivered again',
          );
          throw error;
        } finally {
          clearInterval(beating);
        }
      },
    });
    committer.start();
    this.committers.set(consumer, committer);
    await joined;
    this.subscriptions.set(options.groupId, { topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    return {
      stop: async () => {
        this.subscriptions.delete(options.groupId);
        this.consumers.delete(consumer);
        await this.stopConsumer(consumer);
      },
    };
  }

  /** For readiness: throws unless the cluster answers a metadata request. */
  async ping(): Promise<void> {
    await (await this.admin()).describeCluster();
  }

  /**
   * Lag = the partition's end offset minus the group's committed offset, summed per topic.
   * A partition the group never committed on counts from where the group starts reading: the
   * earliest retained offset, or nothing for a group that starts at the end.
   */
  async consumerLag(): Promise<ConsumerLag[]> {
    if (this.subscriptions.size === 0) return [];
    const admin = await this.admin();
    const topics = [...new Set([...this.subscriptions.values()].flatMap((s) => s.topics))];
    const ends = new Map(
      await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)),
    );
    const lags: ConsumerLag[] = [];
    for (const [groupId, { topics: groupTopics, fromBeginning }] of this.subscriptions) {
      const committed = await admin.fetchOffsets({ groupId, topics: [...groupTopics] });
      for (const { topic, partitions } of committed) {
        let lag = 0;
        for (const { partition, offset } of partitions) {
          const end = ends.get(topic)?.find((p) => p.partition === partition);
          if (!end) continue;
          const from = Number(offset) >= 0 ? Number(offset) : fromBeginning ? Number(end.low) : Number(end.high);
          lag += Math.max(0, Number(end.high) - from);
        }
        lags.push({ groupId, topic, lag });
      }
    }
    return lags;
  }

  private async admin(): Promise<Admin> {
    if (!this.adminReady) {
      const admin = this.kafka.admin();
      this.adminReady = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.adminReady = undefined;
          throw error;
        },
      );
    }
    return this.adminReady;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => this.stopConsumer(consumer)));
    this.consumers.clear();
    const admin = await this.adminReady?.catch(() => undefined);
    this.adminReady = undefined;
    await admin?.disconnect();
    if (this.producerReady) {
      const producer = await this.producerReady.catch(() => undefined);
      this.producerReady = undefined;
      await producer?.disconnect();
    }
  }

  private producer(): Promise<Producer> {
    if (!this.producerReady) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      this.producerReady = producer.connect().then(
        () => producer,
        (error: unknown) => {
          this.producerReady = undefined;
          throw error;
        },
      );
    }
    return this.producerReady;
  }
}
