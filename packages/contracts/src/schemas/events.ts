/** Payloads of the events on the session pipeline. Amounts are integer minor units. PII stays in MongoDB. */

export interface SessionRequested {
  sessionId: string;
  applicationId: string;
  orderReference: string;
  paymentMethod: 'card';
  currency: string;
  amountMinor: number;
  billingCountry: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface ScoreFactor {
  factor: string;
  weight: number;
  value: number;
  contribution: number;
}

export interface RankedCandidate {
  provider: string;
  score: number;
  factors: ScoreFactor[];
  /** Why this candidate is where it is: the score, the merchant's volume split, or a probe of a demoted provider. */
  rankedBy: 'score' | 'split' | 'probe' | 'demoted';
  /** How long the provider service waits for this provider. */
  timeoutMs?: number;
}

export interface RejectedProvider {
  provider: string;
  reasons: string[];
}

export interface SessionRouted {
  sessionId: string;
  applicationId: string;
  currency: string;
  amountMinor: number;
  candidates: RankedCandidate[];
  rejected: RejectedProvider[];
  routedAt: string;
}

export interface ProviderAttempt {
  provider: string;
  outcome: 'succeeded' | 'failed';
  latencyMs: number;
  errorCode?: string;
  at: string;
}

/** Outcome events carry every provider attempt, so routing can learn provider health from real traffic. */
export interface SessionReady {
  sessionId: string;
  applicationId: string;
  currency: string;
  attempts: ProviderAttempt[];
  status: 'PENDING';
  checkoutUrl: string;
  provider: string;
  providerReference: string;
  score: number;
  createdAt: string;
  expiresAt: string;
}

export interface SessionFailed {
  sessionId: string;
  applicationId: string;
  currency: string;
  code: 'no_eligible_provider' | 'provider_unavailable' | 'session_not_found';
  detail: string;
  attempts: ProviderAttempt[];
}

/** A session moved on after its checkout was created. */
export interface SessionStatusChanged {
  sessionId: string;
  applicationId: string;
  from: 'PENDING';
  to: 'COMPLETED' | 'FAILED' | 'EXPIRED';
  /** webhook: the provider said so; expired: past expiresAt (sweeper); merchant: POST …/expire. */
  reason: 'webhook' | 'expired' | 'merchant';
  provider: string | null;
  providerReference: string | null;
  changedAt: string;
}

const uuid = { type: 'string', format: 'uuid' } as const;
const id = { type: 'string', minLength: 1, maxLength: 255 } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const amountMinor = { type: 'integer', minimum: 1 } as const;
const score = { type: 'number', minimum: 0, maximum: 100 } as const;

export const sessionRequestedSchema = {
  $id: 'https://checkout.local/schemas/events/session-requested.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'orderReference', 'paymentMethod', 'currency', 'amountMinor', 'billingCountry', 'createdAt', 'expiresAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    orderReference: id,
    paymentMethod: { type: 'string', enum: ['card'] },
    currency,
    amountMinor,
    billingCountry: { anyOf: [{ type: 'string', pattern: '^[A-Z]{2}$' }, { type: 'null' }] },
    createdAt: timestamp,
    expiresAt: timestamp,
  },
} as const;

const factor = {
  type: 'object',
  additionalProperties: false,
  required: ['factor', 'weight', 'value', 'contribution'],
  properties: { factor: id, weight: { type: 'number' }, value: { type: 'number' }, contribution: { type: 'number' } },
} as const;

export const sessionRoutedSchema = {
  $id: 'https://checkout.local/schemas/events/session-routed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'amountMinor', 'candidates', 'rejected', 'routedAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    currency,
    amountMinor,
    candidates: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['provider', 'score', 'factors', 'rankedBy'],
        properties: {
          provider: id,
          score,
          factors: { type: 'array', items: factor },
          rankedBy: { type: 'string', enum: ['score', 'split', 'probe', 'demoted'] },
          timeoutMs: { type: 'integer', minimum: 1 },
        },
      },
    },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['provider', 'reasons'],
        properties: { provider: id, reasons: { type: 'array', items: { type: 'string' } } },
      },
    },
    routedAt: timestamp,
  },
} as const;

const attempt = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'outcome', 'latencyMs', 'at'],
  properties: {
    provider: id,
    outcome: { type: 'string', enum: ['succeeded', 'failed'] },
    latencyMs: { type: 'number', minimum: 0 },
    errorCode: { type: 'string' },
    at: timestamp,
  },
} as const;

export const sessionReadySchema = {
  $id: 'https://checkout.local/schemas/events/session-ready.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'attempts', 'status', 'checkoutUrl', 'provider', 'providerReference', 'score', 'createdAt', 'expiresAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    currency,
    attempts: { type: 'array', minItems: 1, items: attempt },
    status: { type: 'string', enum: ['PENDING'] },
    checkoutUrl: { type: 'string', format: 'uri' },
    provider: id,
    providerReference: id,
    score,
    createdAt: timestamp,
    expiresAt: timestamp,
  },
} as const;

export const sessionFailedSchema = {
  $id: 'https://checkout.local/schemas/events/session-failed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'currency', 'code', 'detail', 'attempts'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    currency,
    code: { type: 'string', enum: ['no_eligible_provider', 'provider_unavailable', 'session_not_found'] },
    detail: { type: 'string' },
    attempts: { type: 'array', items: attempt },
  },
} as const;

export const sessionStatusChangedSchema = {
  $id: 'https://checkout.local/schemas/events/session-status-changed.json',
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'applicationId', 'from', 'to', 'reason', 'provider', 'providerReference', 'changedAt'],
  properties: {
    sessionId: uuid,
    applicationId: id,
    from: { type: 'string', enum: ['PENDING'] },
    to: { type: 'string', enum: ['COMPLETED', 'FAILED', 'EXPIRED'] },
    reason: { type: 'string', enum: ['webhook', 'expired', 'merchant'] },
    provider: { anyOf: [id, { type: 'null' }] },
    providerReference: { anyOf: [id, { type: 'null' }] },
    changedAt: timestamp,
  },
} as const;
