import {
  ContractValidator,
  deadLetterTopic,
  decodeEvent,
  EventDecodeError,
  type CloudEvent,
  type EventType,
} from '@checkout/contracts';
import type { Logger } from '../logger';
import type { EventBus, EventPublisher, IncomingMessage, MessageHandler, Subscription } from './event-bus';

export type EventHandlers = { [T in EventType]?: (event: CloudEvent<T>) => Promise<void> };

export interface ValidatedConsumerOptions {
  publisher: EventPublisher;
  validator: ContractValidator;
  logger: Logger;
  handlers: EventHandlers;
}

/**
 * Decodes the CloudEvent, validates its payload against the contract, and hands it to the
 * handler for its type. A message that fails any of that goes to `<topic>.dlq`, with the reason
 * in a header, and the consumer moves on: one bad message never blocks a partition.
 */
export function validatedConsumer(options: ValidatedConsumerOptions): MessageHandler {
  const { publisher, validator, logger, handlers } = options;

  const deadLetter = async (message: IncomingMessage, reason: string): Promise<void> => {
    await publisher.publish(deadLetterTopic(message.topic), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          dlq_reason: reason.slice(0, 1000),
          dlq_source_topic: message.topic,
          dlq_source_partition: String(message.partition),
          dlq_source_offset: message.offset,
          dlq_time: new Date().toISOString(),
        },
      },
    ]);
    logger.warn({ topic: message.topic, partition: message.partition, offset: message.offset, reason }, 'message dead-lettered');
  };

  return async (message) => {
    let envelope: ReturnType<typeof decodeEvent>;
    try {
      envelope = decodeEvent(message);
    } catch (error) {
      if (!(error instanceof EventDecodeError)) throw error;
      return deadLetter(message, error.message);
    }
    const handler = handlers[envelope.type] as ((event: CloudEvent) => Promise<void>) | undefined;
    if (!handler) return deadLetter(message, `event type ${envelope.type} is not expected on ${message.topic}`);
    const validation = validator.event(envelope.type, envelope.data);
    if (!validation.ok) {
      const reason = validation.errors.map((e) => `${e.pointer} ${e.detail}`).join('; ');
      return deadLetter(message, `invalid ${envelope.type} payload: ${reason}`);
    }
    await handler({ ...envelope, data: validation.value } as CloudEvent);
  };
}

export interface ValidatedSubscription {
  groupId: string;
  topics: readonly string[];
  validator: ContractValidator;
  logger: Logger;
  handlers: EventHandlers;
  fromBeginning?: boolean;
}

/** Subscribes a consumer group whose messages go through validatedConsumer (dead letters on the same bus). */
export function subscribeValidated(bus: EventBus, options: ValidatedSubscription): Promise<Subscription> {
  const { groupId, topics, fromBeginning, ...consumer } = options;
  return bus.subscribe({
    groupId,
    topics,
    ...(fromBeginning === undefined ? {} : { fromBeginning }),
    handler: validatedConsumer({ publisher: bus, ...consumer }),
  });
}
