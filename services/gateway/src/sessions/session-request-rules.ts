import {
  ErrorCode,
  fromMinorUnits,
  MoneyError,
  toMinorUnits,
  type CreateSessionRequest,
  type FieldError,
} from '@checkout/contracts';

export interface MinorAmounts {
  totalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  itemPricesMinor: number[];
}

/** How far ahead a session's own `expiresAt` may be: the range Stripe (`expires_at`) and Adyen (`expiresAt`) both accept. */
export const EXPIRY_RANGE_MS = { min: 30 * 60_000, max: 24 * 3_600_000 } as const;

/** What a request that passed the schema can still break. */
export type RuleViolationCode =
  | ErrorCode.UnsupportedCurrency
  | ErrorCode.TooManyDecimals
  | ErrorCode.ValidationFailed
  | ErrorCode.InsecureRedirectUrl
  | ErrorCode.AmountMismatch
  | ErrorCode.ExpiresAtOutOfRange;

/** A request that keeps every rule: its amounts in minor units, and its own expiry when it asked for one. */
export type RulesOutcome = { ok: true; amounts: MinorAmounts; expiresAt: Date | null } | { ok: false; code: RuleViolationCode; errors: FieldError[] };

export interface RedirectPolicy {
  /** Development only: accept http:// redirect URLs whose host is localhost or a loopback address. */
  allowHttpLocalhost: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Business rules past the schema: money in the currency's minor units, totals, redirect safety, the expiry's range from `now`. */
export function checkSessionRequest(request: CreateSessionRequest, redirects: RedirectPolicy, now: Date): RulesOutcome {
  const { currency } = request;
  const problems: { code: RuleViolationCode; error: FieldError }[] = [];

  const minor = (amount: number, pointer: string): number => {
    try {
      return toMinorUnits(amount, currency);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      const code =
        error.reason === 'unsupported_currency'
          ? ErrorCode.UnsupportedCurrency
          : error.reason === 'too_many_decimals'
            ? ErrorCode.TooManyDecimals
            : ErrorCode.ValidationFailed;
      problems.push({ code, error: { pointer: error.reason === 'unsupported_currency' ? '/currency' : pointer, detail: error.message } });
      return Number.NaN;
    }
  };

  const totalMinor = minor(request.amount.total, '/amount/total');
  if (problems.some((p) => p.code === ErrorCode.UnsupportedCurrency)) {
    return { ok: false, code: ErrorCode.UnsupportedCurrency, errors: problems.map((p) => p.error).slice(0, 1) };
  }
  const shippingMinor = minor(request.amount.shipping ?? 0, '/amount/shipping');
  const taxMinor = minor(request.amount.tax ?? 0, '/amount/tax');
  const items = request.orderItems ?? [];
  const itemPricesMinor = items.map((item, index) => minor(item.unitPrice, `/orderItems/${index}/unitPrice`));

  for (const [name, url] of Object.entries(request.redirectUrls)) {
    if (!isAllowedRedirect(url, redirects)) {
      problems.push({
        code: ErrorCode.InsecureRedirectUrl,
        error: {
          pointer: `/redirectUrls/${name}`,
          detail: redirects.allowHttpLocalhost ? 'must be an https URL (or http on localhost)' : 'must be an https URL',
        },
      });
    }
  }

  const expiresAt = request.expiresAt === undefined ? null : new Date(Math.floor(Date.parse(request.expiresAt) / 1000) * 1000);
  if (expiresAt) {
    const ahead = expiresAt.getTime() - now.getTime();
    if (!(ahead >= EXPIRY_RANGE_MS.min && ahead <= EXPIRY_RANGE_MS.max)) {
      problems.push({ code: ErrorCode.ExpiresAtOutOfRange, error: { pointer: '/expiresAt', detail: `must be 30 minutes to 24 hours ahead of now (${now.toISOString()})` } });
    }
  }

  if (problems.length === 0 && items.length > 0) {
    const expected =
      items.reduce((sum, item, index) => sum + item.quantity * (itemPricesMinor[index] ?? 0), 0) + shippingMinor + taxMinor;
    if (expected !== totalMinor) {
      problems.push({
        code: ErrorCode.AmountMismatch,
        error: {
          pointer: '/amount/total',
          detail: `must equal the items plus shipping and tax: ${fromMinorUnits(expected, currency)} ${currency}, got ${request.amount.total}`,
        },
      });
    }
  }

  if (problems.length > 0) {
    return { ok: false, code: problems[0]!.code, errors: problems.map((p) => p.error) };
  }
  return { ok: true, amounts: { totalMinor, shippingMinor, taxMinor, itemPricesMinor }, expiresAt };
}

function isAllowedRedirect(raw: string, policy: RedirectPolicy): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return policy.allowHttpLocalhost && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}
