import { PAYMENT_METHODS, type PaymentMethod } from '@checkout/contracts';

/** Where a provider offers one payment method: ISO 4217 currencies and ISO 3166-1 billing countries, ["*"] for any. */
export interface MethodSupport {
  currencies: string[];
  countries: string[];
}

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
  /** The methods it offers, each where it offers it (within the provider's own currencies and countries). */
  paymentMethods: Partial<Record<PaymentMethod, MethodSupport>>;
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

/** A catalog file may still list methods as names (`["card"]`): offered wherever the provider is. */
export type ProviderCatalogFile = { providers: (Omit<ProviderProfile, 'paymentMethods'> & { paymentMethods: ProviderProfile['paymentMethods'] | PaymentMethod[] })[] };

const isoList = (pattern: string) => ({ type: 'array', minItems: 1, items: { type: 'string', pattern } }) as const;
const currencyList = isoList('^([A-Z]{3}|\\*)$');
const countryList = isoList('^([A-Z]{2}|\\*)$');

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
          currencies: currencyList,
          countries: countryList,
          paymentMethods: {
            oneOf: [
              { type: 'array', minItems: 1, items: { type: 'string', enum: PAYMENT_METHODS } },
              {
                type: 'object',
                minProperties: 1,
                propertyNames: { enum: PAYMENT_METHODS },
                additionalProperties: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['currencies', 'countries'],
                  properties: { currencies: currencyList, countries: countryList },
                },
              },
            ],
          },
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

const ANYWHERE: MethodSupport = { currencies: ['*'], countries: ['*'] };

/** Klarna's markets, each shopper country with its local currency (docs.klarna.com: purchase countries, currencies, locales). */
const KLARNA: MethodSupport = {
  currencies: ['AUD', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'NOK', 'NZD', 'PLN', 'RON', 'SEK', 'USD'],
  countries: ['AT', 'AU', 'BE', 'CA', 'CH', 'CZ', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'GR', 'IE', 'IT', 'NL', 'NO', 'NZ', 'PL', 'PT', 'RO', 'SE', 'US'],
};

/** Afterpay (AU, CA, NZ, US) and Clearpay (GB), each in its country's currency. */
const AFTERPAY_CLEARPAY: MethodSupport = { currencies: ['AUD', 'CAD', 'GBP', 'NZD', 'USD'], countries: ['AU', 'CA', 'GB', 'NZ', 'US'] };

/**
 * Which methods each provider offers where, from the providers' own documentation (the sources are
 * cited in docs/routing.md; a PROVIDER_CATALOG_FILE replaces the whole catalog). Within them the
 * provider's own currency and country lists still apply.
 */
export const STRIPE_METHODS: ProviderProfile['paymentMethods'] = {
  card: ANYWHERE,
  // docs.stripe.com/payments/paypal: presentment currencies; buyers anywhere PayPal serves.
  paypal: { currencies: ['AUD', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'NOK', 'NZD', 'PLN', 'SEK', 'SGD', 'USD'], countries: ['*'] },
  // docs.stripe.com/payments/klarna: customer locations and presentment currencies.
  klarna: KLARNA,
  // docs.stripe.com/payments/afterpay-clearpay: AU, CA, GB, NZ, US, each in its own currency.
  afterpay_clearpay: AFTERPAY_CLEARPAY,
};

export const ADYEN_METHODS: ProviderProfile['paymentMethods'] = {
  card: ANYWHERE,
  // docs.adyen.com/payment-methods/paypal: supported currencies; shoppers anywhere PayPal serves.
  paypal: {
    currencies: ['AUD', 'BRL', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'ILS', 'JPY', 'MXN', 'NOK', 'NZD', 'PHP', 'PLN', 'SEK', 'SGD', 'THB', 'TWD', 'USD'],
    countries: ['*'],
  },
  // docs.adyen.com/payment-methods/klarna: Klarna's markets.
  klarna: KLARNA,
  // docs.adyen.com/payment-methods/afterpaytouch and /clearpay.
  afterpay_clearpay: AFTERPAY_CLEARPAY,
};

/** The built-in sandbox pretends to offer every method everywhere, so each can be tried end to end. */
const SANDBOX_METHODS: ProviderProfile['paymentMethods'] = Object.fromEntries(PAYMENT_METHODS.map((method) => [method, ANYWHERE]));

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
      paymentMethods: STRIPE_METHODS,
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
      paymentMethods: ADYEN_METHODS,
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
      paymentMethods: SANDBOX_METHODS,
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
