import type { FromSchema } from 'json-schema-to-ts';
import { ENDPOINT_WEBHOOK_EVENT_TYPES, EVERY_WEBHOOK_EVENT, PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES, SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, WEBHOOK_REPLAY_STATUSES, SESSION_WEBHOOK_EVENT_TYPES, WEBHOOK_DELIVERY_STATUSES, WEBHOOK_ENDPOINT_STATUSES, WEBHOOK_EVENT_TYPES } from '../webhook-events';
import { livemodeSchema } from '../merchant-scope';

/** What the merchant API takes and answers about webhook endpoints, events and deliveries. */

const apiTime = { type: 'string', format: 'date-time', examples: ['2024-01-15T11:00:00Z'] } as const;
const endpointId = { type: 'string', pattern: '^we_[A-Za-z0-9]+$', examples: ['we_4bT9cK2xWm8QpL3nR7vY1sZd'] } as const;
const eventId = { type: 'string', pattern: '^evt_[0-9a-f]+$', examples: ['evt_9f86d081884c7d659a2feaa0c55ad015'] } as const;
const enabledEvents = {
  type: 'array',
  minItems: 1,
  maxItems: SUBSCRIBABLE_WEBHOOK_EVENT_TYPES.length + 1,
  uniqueItems: true,
  items: { type: 'string', enum: [...SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, EVERY_WEBHOOK_EVENT] },
  description: 'The event types to deliver, or `["*"]` for all of them (a `webhook_endpoint.test` goes only to the endpoint it is sent to, whatever it subscribes to).',
  examples: [['checkout.session.completed', 'checkout.session.failed']],
} as const;

export const createWebhookEndpointRequestSchema = {
  $id: 'https://checkout.local/schemas/create-webhook-endpoint-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['url', 'enabledEvents'],
  properties: {
    url: {
      type: 'string',
      format: 'uri',
      maxLength: 2048,
      description: 'Where events are POSTed: an https URL on a public address.',
      examples: ['https://merchant.example/webhooks/checkout'],
    },
    enabledEvents,
    description: { type: 'string', maxLength: 500, examples: ['Order service'] },
  },
} as const;
export type CreateWebhookEndpointRequest = FromSchema<typeof createWebhookEndpointRequestSchema>;

export const updateWebhookEndpointRequestSchema = {
  $id: 'https://checkout.local/schemas/update-webhook-endpoint-request.json',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    url: createWebhookEndpointRequestSchema.properties.url,
    enabledEvents,
    description: { type: ['string', 'null'], maxLength: 500 },
    status: {
      type: 'string',
      enum: WEBHOOK_ENDPOINT_STATUSES,
      description: '`enabled` re-enables an endpoint disabled after failing (its failure record starts afresh); `disabled` stops deliveries to it.',
    },
  },
} as const;
export type UpdateWebhookEndpointRequest = FromSchema<typeof updateWebhookEndpointRequestSchema>;

export const webhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'livemode', 'url', 'enabledEvents', 'status', 'description', 'createdAt', 'disabledReason'],
  properties: {
    id: endpointId,
    livemode: { ...livemodeSchema, description: 'The mode of the events it receives: a test endpoint hears only test events, a live one only live events.' },
    url: { type: 'string', format: 'uri' },
    enabledEvents,
    status: { type: 'string', enum: WEBHOOK_ENDPOINT_STATUSES, description: '`disabled` once every delivery failed for the configured time; see disabledReason.' },
    description: { type: ['string', 'null'] },
    createdAt: apiTime,
    disabledReason: { type: ['string', 'null'] },
  },
} as const;

/** The endpoint as created or rotated: the one time its signing secret is shown. */
export const webhookEndpointWithSecretSchema = {
  ...webhookEndpointSchema,
  required: [...webhookEndpointSchema.required, 'secret'],
  properties: {
    ...webhookEndpointSchema.properties,
    secret: {
      type: 'string',
      pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
      description: 'The Standard Webhooks signing secret: `whsec_` and the base64 key. Shown only here; store it.',
      examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    },
  },
} as const;

/** An event about one of the application's objects, as GET /api/v1/events lists it and a webhook carries it. */
function eventAbout<T extends readonly string[]>(types: T, objectRef: string, description: string) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'livemode', 'createdAt', 'data'],
    properties: {
      id: eventId,
      livemode: { ...livemodeSchema, description: "The mode of the object it is about (and of the endpoints it goes to)." },
      type: { type: 'string', enum: types },
      createdAt: apiTime,
      data: { type: 'object', additionalProperties: false, required: ['object'], properties: { object: { $ref: objectRef, description } } },
    },
  } as const;
}

export const sessionEventSchema = eventAbout(SESSION_WEBHOOK_EVENT_TYPES, '#/components/schemas/Session', 'The session as GET returned it when the event happened.');
export const providerAccountEventSchema = eventAbout(PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES, '#/components/schemas/ProviderAccount', 'The provider account as it was then (never its credentials).');
export const webhookEndpointEventSchema = eventAbout(ENDPOINT_WEBHOOK_EVENT_TYPES, '#/components/schemas/WebhookEndpoint', 'The endpoint the test was sent to (never its secret).');

/** Each kind, told apart by `type`: `checkout.session.*` carries a session, `provider_account.*` a provider account, `webhook_endpoint.test` an endpoint. */
export const webhookEventSchema = {
  oneOf: [{ $ref: '#/components/schemas/SessionEvent' }, { $ref: '#/components/schemas/ProviderAccountEvent' }, { $ref: '#/components/schemas/WebhookEndpointEvent' }],
} as const;

export const resendEventRequestSchema = {
  $id: 'https://checkout.local/schemas/resend-event-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['endpointId'],
  properties: { endpointId: { ...endpointId, description: 'The endpoint to send the event to again: an enabled endpoint of the same application and mode.' } },
} as const;
export type ResendEventRequest = FromSchema<typeof resendEventRequestSchema>;

/** The longest time range one replay may cover: the events' own retention (EVENT_RETENTION_DAYS' default). */
export const MAX_REPLAY_RANGE_DAYS = 30;

export const createWebhookReplayRequestSchema = {
  $id: 'https://checkout.local/schemas/create-webhook-replay-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { ...apiTime, description: 'Events created at or after this time.' },
    to: { ...apiTime, description: `Events created before this time; at most ${MAX_REPLAY_RANGE_DAYS} days after \`from\`.` },
  },
} as const;
export type CreateWebhookReplayRequest = FromSchema<typeof createWebhookReplayRequestSchema>;

export const webhookReplaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'livemode', 'endpointId', 'from', 'to', 'status', 'eventsSent', 'currentEventId', 'failure', 'createdAt', 'finishedAt'],
  properties: {
    id: { type: 'string', pattern: '^rpl_[A-Za-z0-9]+$', examples: ['rpl_V2pK9sQx4mTn7YbR1cLw8HdZ'] },
    livemode: livemodeSchema,
    endpointId,
    from: apiTime,
    to: apiTime,
    status: { type: 'string', enum: WEBHOOK_REPLAY_STATUSES, description: '`running` (one event at a time, oldest first), `completed`, `failed` (stopped at `currentEventId`, see `failure`), `cancelled` (the endpoint was disabled or deleted).' },
    eventsSent: { type: 'integer', minimum: 0, description: 'Events handed to the endpoint so far, the current one included.' },
    currentEventId: { anyOf: [eventId, { type: 'null' }], description: 'The event being delivered now (running), or where it stopped (failed).' },
    failure: { type: ['string', 'null'] },
    createdAt: apiTime,
    finishedAt: { anyOf: [apiTime, { type: 'null' }] },
  },
} as const;

export const webhookAttemptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'at', 'statusCode', 'latencyMs', 'error', 'responseBody'],
  properties: {
    number: { type: 'integer', minimum: 1 },
    at: apiTime,
    statusCode: { type: ['integer', 'null'], description: "The endpoint's HTTP status; null when none came (timeout, connection error, refused address)." },
    latencyMs: { type: ['number', 'null'] },
    error: { type: ['string', 'null'] },
    responseBody: { type: ['string', 'null'], description: 'The first bytes of the answer (at most 1 KiB).' },
  },
} as const;

export const webhookDeliverySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'livemode', 'eventId', 'eventType', 'status', 'attempts', 'nextAttemptAt', 'createdAt'],
  properties: {
    id: { type: 'string' },
    livemode: livemodeSchema,
    eventId,
    eventType: { type: 'string', enum: WEBHOOK_EVENT_TYPES },
    status: { type: 'string', enum: WEBHOOK_DELIVERY_STATUSES },
    attempts: { type: 'array', items: webhookAttemptSchema },
    nextAttemptAt: { anyOf: [apiTime, { type: 'null' }] },
    createdAt: apiTime,
  },
} as const;

/** A page of a cursor-paginated list: newest first; pass the last item's id as `startingAfter` for the next. */
export function listSchemaOf(itemRef: string) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'hasMore'],
    properties: { data: { type: 'array', items: { $ref: itemRef } }, hasMore: { type: 'boolean' } },
  } as const;
}
