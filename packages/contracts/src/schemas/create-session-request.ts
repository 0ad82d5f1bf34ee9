import { PAYMENT_METHODS, type PaymentMethod } from '../payment-methods';

/** Body of POST /api/v1/sessions. Amounts are decimal major units, as merchants send them. */
export interface CreateSessionRequest {
  orderReference: string;
  paymentMethod: PaymentMethod;
  currency: string;
  locale?: string;
  amount: { total: number; shipping?: number; tax?: number };
  orderItems?: OrderItem[];
  customer: Customer;
  shipping?: { type: string; method?: string };
  additionalInformation?: Record<string, string | number | boolean>;
  redirectUrls: { success: string; failure: string };
  /** RFC 3339; 30 minutes to 24 hours ahead. Absent: the deployment's session lifetime. */
  expiresAt?: string;
}

export interface OrderItem {
  name: string;
  sku?: string;
  quantity: number;
  unitPrice: number;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  postalCode?: string;
  country: string;
}

export interface Customer {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  billingAddress?: Address;
  shippingAddress?: Address;
}

const money = { type: 'number', minimum: 0, maximum: 1_000_000_000 } as const;

const address = {
  type: 'object',
  additionalProperties: false,
  required: ['line1', 'city', 'country'],
  properties: {
    line1: { type: 'string', minLength: 1, maxLength: 200 },
    line2: { type: 'string', maxLength: 200 },
    city: { type: 'string', minLength: 1, maxLength: 100 },
    state: { type: 'string', maxLength: 100 },
    postalCode: { type: 'string', maxLength: 20 },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
  },
} as const;

export const createSessionRequestSchema = {
  $id: 'https://checkout.local/schemas/create-session-request.json',
  title: 'CreateSessionRequest',
  type: 'object',
  additionalProperties: false,
  required: ['orderReference', 'paymentMethod', 'currency', 'amount', 'customer', 'redirectUrls'],
  properties: {
    orderReference: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:/-]+$', examples: ['ORD-2024-001'] },
    paymentMethod: {
      type: 'string',
      enum: PAYMENT_METHODS,
      description: 'The method the shopper pays with: `card` (with the card wallets, Apple Pay and Google Pay, where the provider shows them), `paypal`, `klarna` or `afterpay_clearpay` (Clearpay in the United Kingdom). Routing only considers providers that offer it for this currency and billing country.',
    },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 alphabetic code', examples: ['AUD'] },
    locale: { type: 'string', pattern: '^[a-z]{2}(_[A-Z]{2})?$', examples: ['en_AU'] },
    amount: {
      type: 'object',
      additionalProperties: false,
      required: ['total'],
      properties: {
        total: { ...money, exclusiveMinimum: 0 },
        shipping: money,
        tax: money,
      },
    },
    orderItems: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'quantity', 'unitPrice'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          sku: { type: 'string', minLength: 1, maxLength: 64 },
          quantity: { type: 'integer', minimum: 1, maximum: 10_000 },
          unitPrice: money,
        },
      },
    },
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName', 'email'],
      properties: {
        firstName: { type: 'string', minLength: 1, maxLength: 100 },
        lastName: { type: 'string', minLength: 1, maxLength: 100 },
        email: { type: 'string', format: 'email', maxLength: 254 },
        phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164' },
        billingAddress: address,
        shippingAddress: address,
      },
    },
    shipping: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { type: 'string', enum: ['standard', 'express', 'overnight', 'pickup', 'digital'] },
        method: { type: 'string', minLength: 1, maxLength: 64 },
      },
    },
    additionalInformation: {
      type: 'object',
      maxProperties: 20,
      propertyNames: { maxLength: 64 },
      additionalProperties: {
        anyOf: [{ type: 'string', maxLength: 500 }, { type: 'number' }, { type: 'boolean' }],
      },
    },
    redirectUrls: {
      type: 'object',
      additionalProperties: false,
      required: ['success', 'failure'],
      properties: {
        success: { type: 'string', format: 'uri', maxLength: 2048 },
        failure: { type: 'string', format: 'uri', maxLength: 2048 },
      },
    },
    expiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'When the session, and its provider checkout, expire: RFC 3339, 30 minutes to 24 hours ahead. Absent: the deployment\'s session lifetime (SESSION_TTL_SECONDS, one hour by default).',
      examples: ['2024-01-15T12:00:00Z'],
    },
  },
} as const;
