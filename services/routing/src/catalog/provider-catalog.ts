export interface Fee {
  percent: number;
  fixedMinor: number;
}

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
  /** The fee for a currency without its own entry in `feesByCurrency`. */
  fees: Fee;
  feesByCurrency?: Record<string, Fee>;
  /** 0..1: how much we favour this provider, all else equal. */
  baseWeight: number;
  /** How long one call to this provider may take before failing over (DEFAULT_PROVIDER_TIMEOUT_MS when absent). */
  timeoutMs?: number;
}

export interface ProviderCatalog {
  providers: ProviderProfile[];
}

const fee = {
  type: 'object',
  additionalProperties: false,
  required: ['percent', 'fixedMinor'],
  properties: { percent: { type: 'number', minimum: 0, maximum: 100 }, fixedMinor: { type: 'integer', minimum: 0 } },
} as const;

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
          fees: fee,
          feesByCurrency: { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: fee },
          baseWeight: { type: 'number', minimum: 0, maximum: 1 },
          timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
        },
      },
    },
  },
} as const;

/**
 * The built-in catalog: fees and limits in the range of the providers' public pricing for
 * domestic cards. Only the providers named in PROVIDERS take part; the rest are listed as ineligible.
 */
export const DEFAULT_CATALOG: ProviderCatalog = {
  providers: [
    {
      id: 'stripe',
      currencies: ['AUD', 'CAD', 'CHF', 'DKK', 'EUR', 'GBP', 'HKD', 'JPY', 'NOK', 'NZD', 'SEK', 'SGD', 'USD'],
      countries: ['*'],
      paymentMethods: ['card'],
      amountLimits: { AUD: { minMinor: 50, maxMinor: 99_999_999 }, USD: { minMinor: 50, maxMinor: 99_999_999 }, JPY: { minMinor: 50, maxMinor: 9_999_999 } },
      fees: { percent: 2.9, fixedMinor: 30 },
      feesByCurrency: { AUD: { percent: 1.75, fixedMinor: 30 }, EUR: { percent: 1.5, fixedMinor: 25 }, GBP: { percent: 1.5, fixedMinor: 20 }, JPY: { percent: 3.6, fixedMinor: 0 } },
      baseWeight: 0.9,
      timeoutMs: 8000,
    },
    {
      id: 'adyen',
      currencies: ['AUD', 'BHD', 'CAD', 'CHF', 'EUR', 'GBP', 'HKD', 'JPY', 'KWD', 'NZD', 'SGD', 'USD'],
      countries: ['*'],
      paymentMethods: ['card'],
      amountLimits: {},
      fees: { percent: 2.6, fixedMinor: 13 },
      feesByCurrency: { AUD: { percent: 1.6, fixedMinor: 20 }, EUR: { percent: 1.4, fixedMinor: 13 } },
      baseWeight: 0.85,
      timeoutMs: 8000,
    },
    {
      id: 'sandbox',
      currencies: ['*'],
      countries: ['*'],
      paymentMethods: ['card'],
      amountLimits: {},
      fees: { percent: 0, fixedMinor: 0 },
      baseWeight: 0.9,
      timeoutMs: 2000,
    },
  ],
};

export function feeFor(provider: ProviderProfile, currency: string): Fee {
  return provider.feesByCurrency?.[currency] ?? provider.fees;
}
