/**
 * ISO 4217 minor-unit exponents for the currencies we accept. Amounts travel the API in decimal
 * major units and live everywhere else as integers in minor units.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
  HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2,
  NOK: 2, NZD: 2, OMR: 3, PHP: 2, PLN: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2,
  USD: 2, VND: 0, ZAR: 2,
};

export function currencyExponent(currency: string): number | undefined {
  return CURRENCY_EXPONENTS[currency];
}

export class MoneyError extends Error {
  constructor(
    readonly reason: 'unsupported_currency' | 'too_many_decimals' | 'out_of_range',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Converts a decimal amount as JSON parsed it (e.g. 140.76) to integer minor units (14076)
 * through its shortest decimal text, so no binary floating-point error can creep in.
 */
export function toMinorUnits(amount: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new MoneyError('unsupported_currency', `${currency} is not a supported currency`);
  if (!Number.isFinite(amount) || amount < 0) throw new MoneyError('out_of_range', 'must be a non-negative number');
  const text = String(amount);
  if (/e/i.test(text)) {
    throw new MoneyError(amount < 1 ? 'too_many_decimals' : 'out_of_range', `${text} is not a plain decimal amount`);
  }
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length > exponent) {
    throw new MoneyError(
      'too_many_decimals',
      `${currency} allows ${exponent} decimal place${exponent === 1 ? '' : 's'}, got ${fraction.length}`,
    );
  }
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new MoneyError('out_of_range', 'is too large');
  return minor;
}

/** Minor units back to the API's decimal major units: 14076 AUD → 140.76, 500 JPY → 500. */
export function fromMinorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new MoneyError('unsupported_currency', `${currency} is not a supported currency`);
  return Number((minor / 10 ** exponent).toFixed(exponent));
}
