import type { FromSchema } from 'json-schema-to-ts';
import { PAYMENT_METHODS } from '../payment-methods';
import { livemodeSchema, MODES } from '../merchant-scope';

/** What the merchant API takes and answers about provider accounts: a merchant's own credentials at a provider. */

export const PROVIDER_ACCOUNT_PROVIDERS = ['stripe', 'adyen', 'sandbox'] as const;
/** `credentials_rejected`: the provider refused the account's credentials at a checkout; new credentials enable it again. */
export const PROVIDER_ACCOUNT_STATUSES = ['enabled', 'disabled', 'credentials_rejected'] as const;
export type ProviderAccountStatus = (typeof PROVIDER_ACCOUNT_STATUSES)[number];
export const PROVIDER_ACCOUNT_MODES = MODES;

const apiTime = { type: 'string', format: 'date-time', examples: ['2024-01-15T11:00:00Z'] } as const;
const accountId = { type: 'string', pattern: '^pa_[A-Za-z0-9_]+$', examples: ['pa_7Hq2mV9xKc4TzR1wN8bLd3Fs'] } as const;
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const majorAmount = { type: 'number', minimum: 0, maximum: 99_999_999 } as const;

const stripeCredentials = {
  type: 'object',
  additionalProperties: false,
  required: ['secretKey', 'webhookSecret'],
  properties: {
    secretKey: { type: 'string', pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$', maxLength: 255, description: 'A secret (sk_…) or restricted (rk_…) key; `_test_` keys make a test account, `_live_` a live one.' },
    webhookSecret: { type: 'string', pattern: '^whsec_[A-Za-z0-9+/=]{8,}$', maxLength: 255, description: "The signing secret of this account's webhook endpoint at Stripe (whsec_…)." },
  },
} as const;

const adyenCredentials = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey', 'merchantAccount', 'hmacKey'],
  properties: {
    apiKey: { type: 'string', minLength: 8, maxLength: 1024, pattern: '^[\x21-\x7E]+$', description: 'The API key of a web service user of the merchant account (printable ASCII).' },
    merchantAccount: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,80}$' },
    hmacKey: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$', description: 'The HMAC key (hex) of the standard webhook configured for this account.' },
    liveUrlPrefix: {
      type: 'string',
      pattern: '^[a-z0-9]+-[A-Za-z0-9]+$',
      maxLength: 128,
      description: "LIVE accounts only: the prefix of the account's live endpoints (`1797a841fbb37ca7-AdyenDemo`). Without it the account is a TEST account.",
    },
  },
} as const;

const constraints = {
  type: 'object',
  additionalProperties: false,
  description: 'Where this account may be used, within what the provider itself offers: each list narrows routing to it. Omitted: wherever the provider can.',
  properties: {
    currencies: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: currency, examples: [['AUD', 'NZD']] },
    countries: { type: 'array', minItems: 1, maxItems: 250, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z]{2}$' }, examples: [['AU', 'NZ']] },
    paymentMethods: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: PAYMENT_METHODS } },
    amountLimits: {
      type: 'object',
      maxProperties: 200,
      propertyNames: currency,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['min', 'max'],
        properties: { min: majorAmount, max: majorAmount },
      },
      description: 'Per currency, the smallest and largest session total (major units) this account takes.',
      examples: [{ AUD: { min: 1, max: 10000 } }],
    },
  },
} as const;

const fees = {
  type: 'object',
  maxProperties: 200,
  propertyNames: currency,
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['percent', 'fixed'],
    properties: { percent: { type: 'number', minimum: 0, maximum: 100 }, fixed: majorAmount },
  },
  description: "This account's own fees per currency (percent of the amount plus a fixed amount in major units), for cost-aware routing; a currency without an entry is scored on the provider's public fees.",
  examples: [{ AUD: { percent: 1.6, fixed: 0.3 } }],
} as const;

const label = { type: 'string', minLength: 1, maxLength: 100, examples: ['Stripe AU entity'] } as const;

export const createProviderAccountRequestSchema = {
  $id: 'https://checkout.local/schemas/create-provider-account-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'label'],
  properties: {
    provider: { type: 'string', enum: PROVIDER_ACCOUNT_PROVIDERS },
    label,
    credentials: {
      type: 'object',
      description: 'Write-only: checked with one call to the provider, sealed at rest, never shown again. Required for stripe and adyen; the sandbox has none.',
    },
    constraints,
    fees,
  },
  allOf: [
    { if: { properties: { provider: { const: 'stripe' } } }, then: { required: ['credentials'], properties: { credentials: stripeCredentials } } },
    { if: { properties: { provider: { const: 'adyen' } } }, then: { required: ['credentials'], properties: { credentials: adyenCredentials } } },
    { if: { properties: { provider: { const: 'sandbox' } } }, then: { not: { required: ['credentials'] } } },
  ],
} as const;
export type CreateProviderAccountRequest = FromSchema<typeof createProviderAccountRequestSchema>;

export const updateProviderAccountRequestSchema = {
  $id: 'https://checkout.local/schemas/update-provider-account-request.json',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    label,
    status: { type: 'string', enum: ['enabled', 'disabled'], description: '`disabled`: routing stops choosing it at once; sessions already open there still complete.' },
    credentials: {
      type: 'object',
      description: "New credentials of the same provider (checked, then sealed). The previous webhook secret keeps verifying the provider's webhooks for 24 hours.",
    },
    constraints: { anyOf: [constraints, { type: 'null' }] },
    fees: { anyOf: [fees, { type: 'null' }] },
  },
} as const;
export type UpdateProviderAccountRequest = FromSchema<typeof updateProviderAccountRequestSchema>;

/** The credentials part of a request, by provider: checked once the account's provider is known. */
export const providerCredentialsSchemas = { stripe: stripeCredentials, adyen: adyenCredentials } as const;
export type StripeCredentialsInput = FromSchema<typeof stripeCredentials>;
export type AdyenCredentialsInput = FromSchema<typeof adyenCredentials>;

export const providerAccountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'object', 'provider', 'label', 'mode', 'livemode', 'status', 'statusReason', 'credentialsHint', 'constraints', 'fees', 'webhookUrl', 'createdAt', 'updatedAt'],
  properties: {
    id: accountId,
    object: { type: 'string', const: 'provider_account' },
    provider: { type: 'string', enum: PROVIDER_ACCOUNT_PROVIDERS },
    label,
    mode: { type: 'string', enum: PROVIDER_ACCOUNT_MODES, description: 'Derived from the credentials: sk_test_/sk_live_, Adyen TEST/LIVE; the sandbox is always test.' },
    livemode: livemodeSchema,
    status: { type: 'string', enum: PROVIDER_ACCOUNT_STATUSES },
    statusReason: { type: ['string', 'null'], description: 'Why the account is not enabled, when it is not.' },
    credentialsHint: { type: 'string', maxLength: 4, description: 'The last four characters of the API key, to recognise it by; the credentials themselves are never shown.' },
    constraints: { anyOf: [constraints, { type: 'null' }] },
    fees: { anyOf: [fees, { type: 'null' }] },
    webhookUrl: { type: ['string', 'null'], description: "The path to configure as this account's webhook at the provider, under this deployment's public URL; null for the sandbox." },
    createdAt: apiTime,
    updatedAt: apiTime,
  },
} as const;
export type ProviderAccountView = FromSchema<typeof providerAccountSchema>;

export const providerAccountListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['data', 'hasMore'],
  properties: { data: { type: 'array', items: providerAccountSchema }, hasMore: { type: 'boolean' } },
} as const;
