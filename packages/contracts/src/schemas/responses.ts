import { PAYMENT_METHODS } from '../payment-methods';
import { SESSION_FAILURE_CODES, SESSION_STATUSES } from '../session-statuses';
import { livemodeSchema } from '../merchant-scope';
import { providerAttemptSchema, rankedCandidateSchema, rejectedProviderSchema } from './events';

/** Schemas of what the API answers; documented in the OpenAPI document and checked by the tests. */

const apiTime = { type: 'string', format: 'date-time', examples: ['2024-01-15T11:00:00Z'] } as const;
const sessionId = { type: 'string', format: 'uuid', examples: ['e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9'] } as const;

export const createdSessionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'checkoutUrl', 'status', 'routing', 'expiresAt', 'createdAt'],
  properties: {
    sessionId,
    checkoutUrl: { type: 'string', format: 'uri', description: "Send the shopper here: the provider's hosted checkout." },
    status: { type: 'string', enum: ['PENDING'] },
    routing: {
      type: 'object',
      additionalProperties: false,
      required: ['selectedProvider', 'score'],
      properties: {
        selectedProvider: { type: 'string', examples: ['stripe'] },
        score: { type: 'number', minimum: 0, maximum: 100, examples: [92.5] },
      },
    },
    expiresAt: apiTime,
    createdAt: apiTime,
  },
} as const;

export const processingSessionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sessionId', 'checkoutUrl', 'status', 'routing', 'expiresAt', 'createdAt'],
  properties: {
    sessionId,
    checkoutUrl: { type: 'null' },
    status: { type: 'string', enum: ['PROCESSING'] },
    routing: { type: 'null' },
    expiresAt: apiTime,
    createdAt: apiTime,
  },
} as const;

const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;
const money = { type: 'number', description: 'Decimal major units of the currency.' } as const;

/** The session as GET /api/v1/sessions/{id}, the list and every event's `data.object` show it (sessionView in @checkout/sessions). */
export const sessionViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'sessionId', 'livemode', 'orderReference', 'status', 'checkoutUrl', 'paymentMethod', 'currency', 'amount', 'orderItems', 'additionalInformation',
    'routing', 'provider', 'payment', 'attempts', 'failure', 'expiresAt', 'expiredAt', 'customerErasedAt', 'createdAt', 'updatedAt',
  ],
  properties: {
    sessionId,
    livemode: livemodeSchema,
    orderReference: { type: 'string' },
    status: { type: 'string', enum: SESSION_STATUSES },
    checkoutUrl: { type: ['string', 'null'], description: "The provider's hosted checkout, once it exists." },
    paymentMethod: { type: 'string', enum: PAYMENT_METHODS },
    currency: { type: 'string', examples: ['AUD'] },
    amount: {
      type: 'object',
      additionalProperties: false,
      required: ['total', 'shipping', 'tax'],
      properties: { total: money, shipping: money, tax: money },
    },
    orderItems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'sku', 'quantity', 'unitPrice'],
        properties: { name: { type: 'string' }, sku: { type: ['string', 'null'] }, quantity: { type: 'integer' }, unitPrice: money },
      },
    },
    additionalInformation: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    routing: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['selectedProvider', 'score', 'candidates', 'rejected'],
      description: 'Why this provider: every candidate with its score and each factor’s contribution, and the providers that were not eligible with the reasons.',
      properties: {
        selectedProvider: { type: 'string' },
        score: { type: 'number', minimum: 0, maximum: 100 },
        candidates: { type: 'array', items: rankedCandidateSchema },
        rejected: { type: 'array', items: rejectedProviderSchema },
      },
    }),
    provider: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['name', 'reference'],
      description: "The provider, the provider account (pa_…) the checkout was opened with, and the checkout's reference there.",
      properties: { name: { type: 'string' }, reference: { type: 'string' }, accountId: { type: 'string' } },
    }),
    payment: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['reference', 'completedAt', 'late'],
      description: "Set once COMPLETED: the provider's payment reference (Stripe PaymentIntent id, Adyen pspReference, the sandbox's payment id) and when. `late`: the payment was reported after the session expired (see expiredAt).",
      properties: { reference: { type: ['string', 'null'] }, completedAt: apiTime, late: { type: 'boolean' } },
    }),
    attempts: { type: 'array', description: 'Every provider attempt: provider, outcome, latency, error code.', items: providerAttemptSchema },
    failure: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['code', 'detail'],
      properties: { code: { type: 'string', enum: SESSION_FAILURE_CODES }, detail: { type: 'string' } },
    }),
    expiresAt: apiTime,
    expiredAt: { anyOf: [apiTime, { type: 'null' }], description: 'When the session expired: by the sweeper, the merchant or the provider.' },
    customerErasedAt: {
      anyOf: [apiTime, { type: 'null' }],
      description: "When the customer's data and additionalInformation were erased (DELETE …/customer, or the retention period after the session closed); null while kept.",
    },
    createdAt: apiTime,
    updatedAt: apiTime,
  },
} as const;

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: ['/problems/amount-mismatch'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code to branch on.', examples: ['amount_mismatch'] },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'RFC 6901 JSON Pointer to the field.', examples: ['/amount/total'] },
          detail: { type: 'string' },
        },
      },
    },
  },
} as const;
