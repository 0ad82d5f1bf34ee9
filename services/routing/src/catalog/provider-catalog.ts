/** What routing knows of each provider: where it may be used, what it costs, how much we favour it. */
export interface ProviderProfile {
  id: string;
  /** ISO 4217 codes, or ["*"] for any. */
  currencies: string[];
  /** ISO 3166-1 alpha-2 billing countries, or ["*"] for any. */
  countries: string[];
  paymentMethods: string[];
  /** Per-currency limits in minor units; a currency without an entry has no limit. */
  amountLimits: Record<string, { minMinor: number; maxMinor: number }>;
  fees: { percent: number; fixedMinor: number };
  /** 0..1: how much we favour this provider, all else equal. */
  baseWeight: number;
}

export interface ProviderCatalog {
  providers: ProviderProfile[];
}

export const providerCatalogSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['providers'],
  properties: {
    providers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'currencies', 'countries', 'paymentMethods', 'amountLimits', 'fees', 'baseWeight'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9_-]{1,31}$' },
          currencies: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^([A-Z]{3}|\\*)$' } },
          countries: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^([A-Z]{2}|\\*)$' } },
          paymentMethods: { type: 'array', minItems: 1, items: { type: 'string', enum: ['card'] } },
          amountLimits: {
            type: 'object',
            propertyNames: { pattern: '^[A-Z]{3}$' },
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['minMinor', 'maxMinor'],
              properties: { minMinor: { type: 'integer', minimum: 0 }, maxMinor: { type: 'integer', minimum: 1 } },
            },
          },
          fees: {
            type: 'object',
            additionalProperties: false,
            required: ['percent', 'fixedMinor'],
            properties: { percent: { type: 'number', minimum: 0, maximum: 100 }, fixedMinor: { type: 'integer', minimum: 0 } },
          },
          baseWeight: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
  },
} as const;

/** The built-in catalog: the sandbox provider, which the system serves itself, for any card payment. */
export const DEFAULT_CATALOG: ProviderCatalog = {
  providers: [
    {
      id: 'sandbox',
      currencies: ['*'],
      countries: ['*'],
      paymentMethods: ['card'],
      amountLimits: {},
      fees: { percent: 0, fixedMinor: 0 },
      baseWeight: 0.9,
    },
  ],
};
