import type { FromSchema } from 'json-schema-to-ts';
import { SESSION_STATUSES } from '../session-statuses';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';

/** The query parameters of the list routes; a query's field errors point at the parameter (`/limit`). */

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

const limit = { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Items per page, 1–100 (default 10).' } as const;

export const pageQuerySchema = {
  $id: 'https://checkout.local/schemas/page-query.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit,
    startingAfter: { type: 'string', minLength: 1, maxLength: 255, description: 'The id of the last item of the previous page.' },
  },
} as const;
export type PageQuery = FromSchema<typeof pageQuerySchema>;

export const sessionsQuerySchema = {
  $id: 'https://checkout.local/schemas/sessions-query.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit,
    startingAfter: { type: 'string', format: 'uuid', description: 'The sessionId of the last session of the previous page.' },
    status: { type: 'string', enum: SESSION_STATUSES },
    orderReference: { type: 'string', minLength: 1, maxLength: 255 },
    createdAfter: { type: 'string', format: 'date-time', description: 'Only sessions created at or after this time.' },
    createdBefore: { type: 'string', format: 'date-time', description: 'Only sessions created before this time.' },
  },
} as const;
export type SessionsQuery = FromSchema<typeof sessionsQuerySchema>;

export const eventsQuerySchema = {
  $id: 'https://checkout.local/schemas/events-query.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit,
    startingAfter: { type: 'string', pattern: '^evt_[0-9a-f]+$', description: 'The id of the last event of the previous page.' },
    type: { type: 'string', enum: WEBHOOK_EVENT_TYPES },
  },
} as const;
export type EventsQuery = FromSchema<typeof eventsQuerySchema>;

/** The OpenAPI `parameters` of a list route, from its query schema: one source for both. */
export function queryParameters(schema: { properties: Record<string, object> }) {
  return Object.entries(schema.properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}
