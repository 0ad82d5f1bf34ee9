import type { RankedCandidate, RejectedProvider, ScoreFactor } from '@checkout/contracts';
import type { ProviderCatalog, ProviderProfile } from '../catalog/provider-catalog';

export interface RoutingRequest {
  currency: string;
  amountMinor: number;
  paymentMethod: string;
  billingCountry: string | null;
}

/**
 * Score = Σ weight × value over the factors, each value in 0..1, weights summing to 100, rounded
 * to one decimal. First version: base preference and cost. Same inputs, same ranking: ties go to
 * the provider id that sorts first.
 */
export const FACTOR_WEIGHTS = { preference: 70, cost: 30 } as const;

/** Fees at or above this share of the amount score 0 on cost. */
const COST_CEILING = 0.05;

export function eligibilityProblems(provider: ProviderProfile, request: RoutingRequest): string[] {
  const reasons: string[] = [];
  const accepts = (list: string[], value: string) => list.includes('*') || list.includes(value);
  if (!accepts(provider.currencies, request.currency)) reasons.push(`does not accept ${request.currency}`);
  if (request.billingCountry && !accepts(provider.countries, request.billingCountry)) {
    reasons.push(`does not serve billing country ${request.billingCountry}`);
  }
  if (!provider.paymentMethods.includes(request.paymentMethod)) reasons.push(`does not offer ${request.paymentMethod}`);
  const limits = provider.amountLimits[request.currency];
  if (limits && request.amountMinor < limits.minMinor) reasons.push(`amount below its minimum of ${limits.minMinor} minor units`);
  if (limits && request.amountMinor > limits.maxMinor) reasons.push(`amount above its maximum of ${limits.maxMinor} minor units`);
  return reasons;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function factor(name: keyof typeof FACTOR_WEIGHTS, value: number): ScoreFactor {
  const clamped = Math.min(1, Math.max(0, value));
  const weight = FACTOR_WEIGHTS[name];
  return { factor: name, weight, value: round(clamped, 4), contribution: round(weight * clamped, 2) };
}

export function scoreProviders(
  catalog: ProviderCatalog,
  request: RoutingRequest,
): { candidates: RankedCandidate[]; rejected: RejectedProvider[] } {
  const candidates: RankedCandidate[] = [];
  const rejected: RejectedProvider[] = [];
  for (const provider of catalog.providers) {
    const reasons = eligibilityProblems(provider, request);
    if (reasons.length > 0) {
      rejected.push({ provider: provider.id, reasons });
      continue;
    }
    const feeMinor = (request.amountMinor * provider.fees.percent) / 100 + provider.fees.fixedMinor;
    const factors = [
      factor('preference', provider.baseWeight),
      factor('cost', 1 - feeMinor / request.amountMinor / COST_CEILING),
    ];
    const score = round(factors.reduce((sum, f) => sum + f.contribution, 0), 1);
    candidates.push({ provider: provider.id, score, factors });
  }
  candidates.sort((a, b) => b.score - a.score || (a.provider < b.provider ? -1 : 1));
  return { candidates, rejected };
}
