import { randomUUID } from 'node:crypto';
import type { ProviderAccountCredentialsRejected, SessionCustomerErased, SessionFailed, SessionReady, SessionRequested, SessionRouted, SessionStatusChanged } from './schemas/events';

export const EventTypes = {
  sessionRequested: 'dev.checkout.session.requested.v1',
  sessionRouted: 'dev.checkout.session.routed.v1',
  sessionReady: 'dev.checkout.session.ready.v1',
  sessionFailed: 'dev.checkout.session.failed.v1',
  sessionStatusChanged: 'dev.checkout.session.status-changed.v1',
  providerAccountCredentialsRejected: 'dev.checkout.provider-account.credentials-rejected.v1',
  sessionCustomerErased: 'dev.checkout.session.customer-erased.v1',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

export interface EventPayloads {
  [EventTypes.sessionRequested]: SessionRequested;
  [EventTypes.sessionRouted]: SessionRouted;
  [EventTypes.sessionReady]: SessionReady;
  [EventTypes.sessionFailed]: SessionFailed;
  [EventTypes.sessionStatusChanged]: SessionStatusChanged;
  [EventTypes.providerAccountCredentialsRejected]: ProviderAccountCredentialsRejected;
  [EventTypes.sessionCustomerErased]: SessionCustomerErased;
}

/** The message shape the event bus carries (structurally the platform's OutgoingMessage). */
export interface EventMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface CloudEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  source: string;
  time: string;
  subject: string;
  data: EventPayloads[T];
}

export function isEventType(type: string): type is EventType {
  return (Object.values(EventTypes) as string[]).includes(type);
}

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes as `ce_*` headers, the payload as the JSON
 * value, the subject (sessionId) as the key so every event of a session stays in order.
 * `extraHeaders` are any headers beyond those; W3C trace context is not passed here: the event
 * bus adds `traceparent` on publish (the kafkajs instrumentation, or the in-memory bus itself).
 */
export function encodeEvent<T extends EventType>(
  type: T,
  source: string,
  subject: string,
  data: EventPayloads[T],
  extraHeaders: Record<string, string> = {},
): EventMessage {
  return {
    key: subject,
    value: Buffer.from(JSON.stringify(data)),
    headers: {
      ...extraHeaders,
      ce_specversion: '1.0',
      ce_id: randomUUID(),
      ce_type: type,
      ce_source: source,
      ce_time: new Date().toISOString(),
      ce_subject: subject,
      'content-type': 'application/json',
    },
  };
}

export class EventDecodeError extends Error {}

/** Reads the CloudEvents envelope; the payload is still unvalidated `unknown`. */
export function decodeEvent(message: EventMessage): Omit<CloudEvent, 'data'> & { data: unknown } {
  const { headers } = message;
  if (headers.ce_specversion !== '1.0') throw new EventDecodeError(`ce_specversion must be 1.0, got ${headers.ce_specversion ?? 'none'}`);
  for (const name of ['ce_id', 'ce_type', 'ce_source', 'ce_time'] as const) {
    if (!headers[name]) throw new EventDecodeError(`missing header ${name}`);
  }
  const type = headers.ce_type as string;
  if (!isEventType(type)) throw new EventDecodeError(`unknown event type ${type}`);
  if (headers['content-type'] && !headers['content-type'].startsWith('application/json')) {
    throw new EventDecodeError(`content-type must be application/json, got ${headers['content-type']}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new EventDecodeError(`payload is not JSON: ${(error as Error).message}`);
  }
  return {
    id: headers.ce_id as string,
    type,
    source: headers.ce_source as string,
    time: headers.ce_time as string,
    subject: headers.ce_subject ?? message.key,
    data,
  };
}
