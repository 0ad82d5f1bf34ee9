import { fromMinorUnits, MoneyError, toMinorUnits, type FieldError, type PaymentMethod } from '@checkout/contracts';
import type { AccountConstraints, AccountFee } from './provider-account';

/** Constraints and fees as the API takes and shows them: amounts in decimal major units. */
export interface ApiConstraints {
  currencies?: string[];
  countries?: string[];
  paymentMethods?: PaymentMethod[];
  amountLimits?: Record<string, { min: number; max: number }>;
}
export type ApiFees = Record<string, { percent: number; fixed: number }>;

/** Amounts that do not fit their currency, each pointed at (`/fees/JPY/fixed`). */
export class AccountTermsError extends Error {
  constructor(
    readonly reason: 'unsupported_currency' | 'too_many_decimals' | 'out_of_range',
    readonly errors: FieldError[],
  ) {
    super(errors.map((error) => `${error.pointer} ${error.detail}`).join('; '));
  }
}

function minor(amount: number, currency: string, pointer: string): number {
  try {
    return toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new AccountTermsError(error.reason, [{ pointer, detail: error.message }]);
    throw error;
  }
}

export function constraintsFromApi(constraints: ApiConstraints): AccountConstraints {
  const { amountLimits, ...lists } = constraints;
  if (!amountLimits) return lists;
  const limitsMinor = Object.entries(amountLimits).map(([currency, limit]) => {
    const pointer = `/constraints/amountLimits/${currency}`;
    const minMinor = minor(limit.min, currency, `${pointer}/min`);
    const maxMinor = minor(limit.max, currency, `${pointer}/max`);
    if (minMinor > maxMinor) throw new AccountTermsError('out_of_range', [{ pointer: `${pointer}/min`, detail: 'must not exceed max' }]);
    return [currency, { minMinor, maxMinor }] as const;
  });
  return { ...lists, amountLimits: Object.fromEntries(limitsMinor) };
}

export function feesFromApi(fees: ApiFees): Record<string, AccountFee> {
  return Object.fromEntries(Object.entries(fees).map(([currency, fee]) => [currency, { percent: fee.percent, fixedMinor: minor(fee.fixed, currency, `/fees/${currency}/fixed`) }]));
}

export function constraintsToApi(constraints: AccountConstraints): ApiConstraints {
  const { amountLimits, ...rest } = constraints;
  return {
    ...rest,
    ...(amountLimits
      ? { amountLimits: Object.fromEntries(Object.entries(amountLimits).map(([currency, l]) => [currency, { min: fromMinorUnits(l.minMinor, currency), max: fromMinorUnits(l.maxMinor, currency) }])) }
      : {}),
  };
}

export function feesToApi(fees: Record<string, AccountFee>): ApiFees {
  return Object.fromEntries(Object.entries(fees).map(([currency, fee]) => [currency, { percent: fee.percent, fixed: fromMinorUnits(fee.fixedMinor, currency) }]));
}
