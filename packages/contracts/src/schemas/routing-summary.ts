import type { FromSchema } from 'json-schema-to-ts';

/** GET /api/v1/routing/summary: how routing shared an application's sessions among its provider accounts. */

/** The longest range one summary covers, and the most sessions it reads (the newest of the range): its cost has a ceiling. */
export const ROUTING_SUMMARY_MAX_RANGE_DAYS = 90;
export const ROUTING_SUMMARY_MAX_SESSIONS = 5000;

const apiTime = { type: 'string', format: 'date-time', examples: ['2024-01-15T11:00:00Z'] } as const;
const ratio = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;

export const routingSummaryQuerySchema = {
  $id: 'https://checkout.local/schemas/routing-summary-query.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date-time', description: 'Sessions created at or after this time (default: 7 days before `to`).' },
    to: { type: 'string', format: 'date-time', description: `Sessions created before this time (default: now); at most ${ROUTING_SUMMARY_MAX_RANGE_DAYS} days after \`from\`.` },
  },
} as const;
export type RoutingSummaryQuery = FromSchema<typeof routingSummaryQuerySchema>;

const accountSummary = {
  type: 'object',
  additionalProperties: false,
  required: ['account', 'provider', 'sessions', 'share', 'completed', 'closed', 'successRate', 'medianCreateLatencyMs', 'averageScore', 'failovers'],
  properties: {
    account: { type: 'string', description: 'The provider account (pa_…); `platform:<provider>` for sessions from before accounts.' },
    provider: { type: 'string' },
    sessions: { type: 'integer', minimum: 0, description: 'Sessions whose checkout this account opened.' },
    share: { ...ratio, description: 'Its part of the routed sessions.' },
    completed: { type: 'integer', minimum: 0 },
    closed: { type: 'integer', minimum: 0, description: 'Of its sessions, those decided: COMPLETED, FAILED or EXPIRED.' },
    successRate: { ...ratio, description: 'completed / closed; null while none is closed.' },
    medianCreateLatencyMs: { type: ['number', 'null'], description: "The median time of this account's successful checkout creations (the provider call)." },
    averageScore: { type: ['number', 'null'], description: "The average routing score it won with." },
    failovers: { type: 'integer', minimum: 0, description: 'Of its sessions, those it opened after another account had failed first.' },
  },
} as const;

const bucket = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'accounts'],
  properties: {
    start: apiTime,
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['account', 'sessions', 'completed'],
        properties: { account: { type: 'string' }, sessions: { type: 'integer', minimum: 0 }, completed: { type: 'integer', minimum: 0 } },
      },
    },
  },
} as const;

export const routingSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['livemode', 'from', 'to', 'sessions', 'routed', 'truncated', 'bucket', 'accounts', 'buckets'],
  properties: {
    livemode: { type: 'boolean' },
    from: apiTime,
    to: apiTime,
    sessions: { type: 'integer', minimum: 0, description: 'Sessions read for this summary.' },
    routed: { type: 'integer', minimum: 0, description: 'Of those, sessions whose checkout an account opened (the rest failed before one did, or are still processing).' },
    truncated: { type: 'boolean', description: `True when the range held more than ${ROUTING_SUMMARY_MAX_SESSIONS} sessions: the summary is of the newest ${ROUTING_SUMMARY_MAX_SESSIONS}; ask for a shorter range.` },
    bucket: { type: 'string', enum: ['hour', 'day'], description: 'The width of each bucket: an hour for ranges up to two days, else a day.' },
    accounts: { type: 'array', items: accountSummary, description: 'Most sessions first.' },
    buckets: { type: 'array', items: bucket, description: 'Sessions and completions per account over time, oldest bucket first; every bucket of the range is there.' },
  },
} as const;
export type RoutingSummary = FromSchema<typeof routingSummarySchema>;
export type AccountRoutingSummary = RoutingSummary['accounts'][number];
