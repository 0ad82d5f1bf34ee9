import type { ConsumerLag } from '@checkout/telemetry';

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

export interface EventPublisher {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
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
