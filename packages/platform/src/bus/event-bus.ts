import type { ConsumerLag } from '@checkout/telemetry';
import { DependencyUnavailable } from '../dependency-unavailable';

export type { ConsumerLag } from '@checkout/telemetry';

/** A message on the bus: key for ordering, opaque bytes, string headers (CloudEvents, trace). */
export interface OutgoingMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface IncomingMessage extends OutgoingMessage {
  topic: string;
  partition: number;
  offset: string;
}

/** Resolving means the effect is durable; throwing means "deliver this message again". */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: readonly string[];
  handler: MessageHandler;
  /** Where a new group starts; committed offsets always win. Default: the earliest message. */
  fromBeginning?: boolean;
}

export interface Subscription {
  /** Stops fetching, lets the message in hand finish, commits, and leaves the group. */
  stop(): Promise<void>;
}

export interface PublishOptions {
  /**
   * How long the caller can wait. Past it the publish rejects: PublishNotSent when its messages had
   * not left yet (they never will), PublishInDoubt when they were on their way (they may arrive).
   */
  deadlineMs?: number;
}

export interface EventPublisher {
  /** Resolves once every message is acknowledged by all in-sync replicas; rejects with a DependencyUnavailable when the bus cannot take them. */
  publish(topic: string, messages: readonly OutgoingMessage[], options?: PublishOptions): Promise<void>;
}

/** The bus could not take the messages, and never will: they were not sent (a deadline passed while they waited, the queue was full, or the broker refused). */
export class PublishNotSent extends DependencyUnavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super('Kafka', message, options);
  }
}

/** The deadline passed while the messages were on their way: they may yet arrive. */
export class PublishInDoubt extends DependencyUnavailable {
  constructor(message: string) {
    super('Kafka', message);
  }
}

export interface EventSubscriber {
  /** Resolves once the consumer has joined its group and been given partitions. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
}

export interface EventBus extends EventPublisher, EventSubscriber {
  /** How far behind each consumer group subscribed through this bus is, per topic. */
  consumerLag(): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}
