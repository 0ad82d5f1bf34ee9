import { PAYMENT_METHODS } from '../payment-methods';
import type { FromSchema } from 'json-schema-to-ts';
import { CLOSE_REASONS, CLOSED_STATUSES, SESSION_FAILURE_CODES } from '../session-statuses';

/**
 * Payloads of the events on the session pipeline. Each schema is the one source: its TypeScript
 * type is derived from it (json-schema-to-ts), so the type and what the consumers validate cannot
 * drift apart. Amounts are integer minor units. PII stays in MongoDB.
 */

const uuid = { type: 'string', format: 'uuid' } as const;
const id = { type: 'string', minLength: 1, maxLength: 255 } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const amountMinor = { type: 'integer', minimum: 1 } as const;
const score = { type: 'number', minimum: 0, maximum: 100 } as const;
/** The session's (or account's) mode; optional, as events from before modes carry none: those are live. */
const livemode = { type: 'boolean', description: 'True for live, false for test; absent in events from before modes (live).' } as const;

/**
 * The merchant request's idempotency record (its key hash and body fingerprint), carried along the
 * pipeline so that the gateway finalises the answer without reading the session back. Optional:
 * an event from before it existed is finalised from the stored session instead.
 */
const idempotencyReferenceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['keyHash', 'fingerprint'],
  properties: { keyHash: { type: 'string', minLength: 1, maxLength: 128 }, fingerprint: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;
export type IdempotencyReference = FromSchema<typeof idempotencyReferenceSchema>;

export const sessionRequestedSchema = {
  $id: 'https://checkout.local/schemas/events/session-requested.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'orderReference', 'paymentMethod', 'currency', 'amountMinor', 'billingCountry', 'createdAt', 'expiresAt'],
  properties: {
    idempotency: idempotencyReferenceSchema,
    sessionId: uuid,
    applicationId: id,
    livemode,
    orderReference: id,
    paymentMethod: { type: 'string', enum: PAYMENT_METHODS },
    currency,
    amountMinor,
    billingCountry: { anyOf: [{ type: 'string', pattern: '^[A-Z]{2}$' }, { type: 'null' }] },
    createdAt: timestamp,
    expiresAt: timestamp,
  },
} as const;
export type SessionRequested = FromSchema<typeof sessionRequestedSchema>;

export const scoreFactorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['factor', 'weight', 'value', 'contribution'],
  properties: { factor: id, weight: { type: 'number' }, value: { type: 'number' }, contribution: { type: 'number' } },
} as const;
export type ScoreFactor = FromSchema<typeof scoreFactorSchema>;

export const rankedCandidateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'score', 'factors', 'rankedBy', 'timeoutMs'],
  properties: {
    provider: id,
    account: { ...id, description: "The provider account (pa_…) this candidate is: the application's own, or the platform's. Absent in events from before accounts: the platform's." },
    score,
    factors: { type: 'array', items: scoreFactorSchema },
    rankedBy: {
      type: 'string',
      enum: ['score', 'split', 'probe', 'demoted'],
      description: 'Why this candidate is where it is: the score, the merchant volume split, or a probe of a demoted provider.',
    },
    timeoutMs: { type: 'integer', minimum: 1, description: "How long one call to this provider may take (the catalog's timeout): the SDK's timeout and the abort signal's." },
  },
} as const;
export type RankedCandidate = FromSchema<typeof rankedCandidateSchema>;

export const rejectedProviderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'reasons'],
  properties: { provider: id, account: id, reasons: { type: 'array', items: { type: 'string' } } },
} as const;
export type RejectedProvider = FromSchema<typeof rejectedProviderSchema>;

export const sessionRoutedSchema = {
  $id: 'https://checkout.local/schemas/events/session-routed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'amountMinor', 'candidates', 'rejected', 'routedAt'],
  properties: {
    idempotency: idempotencyReferenceSchema,
    sessionId: uuid,
    applicationId: id,
    livemode,
    currency,
    amountMinor,
    candidates: {
      type: 'array',
      items: rankedCandidateSchema,
      description: 'Best first. Empty when no provider is eligible: the provider service then fails the session no_eligible_provider, with the rejections as its reason.',
    },
    rejected: { type: 'array', items: rejectedProviderSchema },
    routedAt: timestamp,
  },
} as const;
export type SessionRouted = FromSchema<typeof sessionRoutedSchema>;

export const providerAttemptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'outcome', 'latencyMs', 'at'],
  properties: {
    provider: id,
    account: id,
    outcome: { type: 'string', enum: ['succeeded', 'failed'] },
    latencyMs: { type: 'number', minimum: 0 },
    errorCode: { type: 'string' },
    at: timestamp,
  },
} as const;
export type ProviderAttempt = FromSchema<typeof providerAttemptSchema>;

/** Outcome events carry every provider attempt, so routing can learn provider health from real traffic. */
export const sessionReadySchema = {
  $id: 'https://checkout.local/schemas/events/session-ready.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'attempts', 'status', 'checkoutUrl', 'provider', 'providerReference', 'score', 'createdAt', 'expiresAt'],
  properties: {
    idempotency: idempotencyReferenceSchema,
    sessionId: uuid,
    applicationId: id,
    livemode,
    currency,
    attempts: { type: 'array', minItems: 1, items: providerAttemptSchema },
    status: { type: 'string', enum: ['PENDING'] },
    checkoutUrl: { type: 'string', format: 'uri' },
    provider: id,
    providerReference: id,
    score,
    createdAt: timestamp,
    expiresAt: timestamp,
  },
} as const;
export type SessionReady = FromSchema<typeof sessionReadySchema>;

export const sessionFailedSchema = {
  $id: 'https://checkout.local/schemas/events/session-failed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'code', 'detail', 'attempts'],
  properties: {
    idempotency: idempotencyReferenceSchema,
    sessionId: uuid,
    applicationId: id,
    livemode,
    currency,
    code: { type: 'string', enum: SESSION_FAILURE_CODES },
    detail: { type: 'string' },
    attempts: { type: 'array', items: providerAttemptSchema },
  },
} as const;
export type SessionFailed = FromSchema<typeof sessionFailedSchema>;

/** A session moved on after its checkout was created (or, paid late, after it expired). */
export const sessionStatusChangedSchema = {
  $id: 'https://checkout.local/schemas/events/session-status-changed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'from', 'to', 'reason', 'provider', 'providerReference', 'changedAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    livemode,
    from: { type: 'string', enum: ['PENDING', 'EXPIRED'], description: 'EXPIRED only for a payment reported after the session expired (to COMPLETED).' },
    to: { type: 'string', enum: CLOSED_STATUSES },
    reason: { type: 'string', enum: CLOSE_REASONS, description: 'webhook: the provider said so; expired: past expiresAt (the sweeper); merchant: POST …/expire.' },
    provider: { anyOf: [id, { type: 'null' }] },
    providerReference: { anyOf: [id, { type: 'null' }] },
    providerAccountId: { ...id, description: 'The provider account the checkout was opened with; absent for sessions from before accounts (the platform account).' },
    changedAt: timestamp,
  },
} as const;
export type SessionStatusChanged = FromSchema<typeof sessionStatusChangedSchema>;

/**
 * A provider refused a merchant account's credentials (401/403) at a checkout: the account is now
 * `credentials_rejected`, skipped by routing, and the merchant is told. No credential is carried.
 */
export const providerAccountCredentialsRejectedSchema = {
  $id: 'https://checkout.local/schemas/events/provider-account-credentials-rejected.json',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'applicationId', 'provider', 'credentialsVersion', 'reason', 'rejectedAt'],
  properties: {
    accountId: { type: 'string', pattern: '^pa_[A-Za-z0-9_]+$' },
    applicationId: id,
    livemode,
    provider: id,
    credentialsVersion: { type: 'integer', minimum: 0, description: 'Which credentials were refused: new ones make a new version, and a new event if they are refused too.' },
    reason: { type: 'string', maxLength: 500 },
    sessionId: { ...uuid, description: 'The session whose checkout found it out.' },
    rejectedAt: timestamp,
  },
} as const;
export type ProviderAccountCredentialsRejected = FromSchema<typeof providerAccountCredentialsRejectedSchema>;

/** A session's customer data was erased: at its merchant's request, or when its retention ran out. Audited as the merchant event checkout.session.customer_erased. */
export const sessionCustomerErasedSchema = {
  $id: 'https://checkout.local/schemas/events/session-customer-erased.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'reason', 'erasedAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    livemode,
    reason: { type: 'string', enum: ['merchant', 'retention'], description: 'merchant: DELETE /api/v1/sessions/{id}/customer; retention: CUSTOMER_DATA_RETENTION_DAYS after the session closed.' },
    erasedAt: timestamp,
  },
} as const;
export type SessionCustomerErased = FromSchema<typeof sessionCustomerErasedSchema>;
