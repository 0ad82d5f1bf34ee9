import {
  ContractValidator,
  deadLetterTopic,
  decodeEvent,
  EventDecodeError,
  type CloudEvent,
  type EventType,
} from '@checkout/contracts';
import { metrics, type Meter } from '@opentelemetry/api';
import { Attr } from '@checkout/telemetry';
import type { Logger } from '../logger';
import type { EventBus, EventPublisher, IncomingMessage, MessageHandler, Subscription } from './event-bus';
import { DEFAULT_RETRY_POLICY, messageFailureKind, retryDelayMs, type RetryPolicy } from './message-failures';

export type EventHandlers = { [T in EventType]?: (event: CloudEvent<T>) => Promise<void> };

/** Why a message was dead-lettered: unreadable or off-contract, a permanent failure, or one that kept failing. */
export type DeadLetterCause = 'invalid' | 'permanent' | 'exhausted';

export interface ValidatedConsumerOptions {
  groupId: string;
  publisher: EventPublisher;
  validator: ContractValidator;
  logger: Logger;
  handlers: EventHandlers;
  retries?: RetryPolicy;
  /** Where `checkout.messages.dead_lettered` is counted (by topic, consumer group and cause); the global meter by default. */
  meter?: Meter;
}

/**
 * Decodes the CloudEvent, validates its payload against the contract, and hands it to the handler
 * for its type. What becomes of a message that cannot be handled (messageFailureKind):
 * - unreadable, off-contract, or failing permanently: to `<topic>.dlq` at once;
 * - failing for an unknown reason: tried `retries.maxAttempts` times with capped backoff, then to the dead-letter topic;
 * - failing because a dependency is down: thrown, so that the bus delivers it again once it is back.
 * A dead letter carries the original headers plus why (`dlq_reason`, `dlq_cause`, `dlq_error`),
 * how often it was tried (`dlq_attempts`), by whom (`dlq_group`) and where it came from
 * (`dlq_source_topic`, `_partition`, `_offset`); the partition moves on.
 */
export function validatedConsumer(options: ValidatedConsumerOptions): MessageHandler {
  const { publisher, validator, logger, handlers, groupId } = options;
  const retries = options.retries ?? DEFAULT_RETRY_POLICY;
  const deadLettered = (options.meter ?? metrics.getMeter('@checkout/platform')).createCounter('checkout.messages.dead_lettered', {
    description: 'Messages moved to their dead-letter topic, by source topic, consumer group and cause (invalid, permanent, exhausted).',
    unit: '{message}',
  });

  const deadLetter = async (message: IncomingMessage, cause: DeadLetterCause, reason: string, attempts: number, error?: unknown): Promise<void> => {
    await publisher.publish(deadLetterTopic(message.topic), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          dlq_reason: reason.slice(0, 1000),
          dlq_cause: cause,
          ...(error ? { dlq_error: errorName(error) } : {}),
          dlq_attempts: String(attempts),
          dlq_group: groupId,
          dlq_source_topic: message.topic,
          dlq_source_partition: String(message.partition),
          dlq_source_offset: message.offset,
          dlq_time: new Date().toISOString(),
        },
      },
    ]);
    deadLettered.add(1, { [Attr.topic]: message.topic, 'messaging.consumer.group.name': groupId, 'checkout.dead_letter.cause': cause });
    logger.error({ err: error, topic: message.topic, partition: message.partition, offset: message.offset, groupId, cause, attempts, reason }, 'message dead-lettered');
  };

  return async (message) => {
    let envelope: ReturnType<typeof decodeEvent>;
    try {
      envelope = decodeEvent(message);
    } catch (error) {
      if (!(error instanceof EventDecodeError)) throw error;
      return deadLetter(message, 'invalid', error.message, 0);
    }
    const handler = handlers[envelope.type] as ((event: CloudEvent) => Promise<void>) | undefined;
    if (!handler) return deadLetter(message, 'invalid', `event type ${envelope.type} is not expected on ${message.topic}`, 0);
    const validation = validator.event(envelope.type, envelope.data);
    if (!validation.ok) {
      const reason = validation.errors.map((e) => `${e.pointer} ${e.detail}`).join('; ');
      return deadLetter(message, 'invalid', `invalid ${envelope.type} payload: ${reason}`, 0);
    }
    const event = { ...envelope, data: validation.value } as CloudEvent;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler(event);
        return;
      } catch (error) {
        const kind = messageFailureKind(error);
        if (kind === 'transient') throw error;
        if (kind === 'permanent') return deadLetter(message, 'permanent', (error as Error).message ?? String(error), attempt, error);
        if (attempt >= retries.maxAttempts) return deadLetter(message, 'exhausted', (error as Error).message ?? String(error), attempt, error);
        logger.warn({ err: error, topic: message.topic, offset: message.offset, groupId, attempt }, 'handler failed; trying the message again');
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries, attempt)));
      }
    }
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}

export interface ValidatedSubscription {
  groupId: string;
  topics: readonly string[];
  validator: ContractValidator;
  logger: Logger;
  handlers: EventHandlers;
  fromBeginning?: boolean;
  retries?: RetryPolicy;
  meter?: Meter;
}

/** Subscribes a consumer group whose messages go through validatedConsumer (dead letters on the same bus). */
export function subscribeValidated(bus: EventBus, options: ValidatedSubscription): Promise<Subscription> {
  const { topics, fromBeginning, ...consumer } = options;
  return bus.subscribe({
    groupId: options.groupId,
    topics,
    ...(fromBeginning === undefined ? {} : { fromBeginning }),
    handler: validatedConsumer({ publisher: bus, ...consumer }),
  });
}
