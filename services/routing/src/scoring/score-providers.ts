import { createHash } from 'node:crypto';
import { DEFAULT_PROVIDER_TIMEOUT_MS, type PaymentMethod, type RankedCandidate, type RejectedProvider, type ScoreFactor } from '@checkout/contracts';
import { servedMode, type ProviderAccount } from '@checkout/provider-accounts';
import { feeFor, type ProviderCatalog, type ProviderProfile } from '../catalog/provider-catalog';
import type { ApplicationRules } from '../rules/routing-rules';
import type { ProviderSignal } from '../signals/provider-signals';

export interface RoutingRequest {
  sessionId: string;
  currency: string;
  amountMinor: number;
  paymentMethod: PaymentMethod;
  billingCountry: string | null;
  /** The session's mode: only accounts of the same mode may serve it. */
  livemode: boolean;
}

export interface RoutingInputs {
  catalog: ProviderCatalog;
  /** The application's accounts and the platform's it is offered (AccountDirectory): each is a candidate. */
  accounts: readonly ProviderAccount[];
  rules: ApplicationRules;
  /** By account id. */
  signals: ReadonlyMap<string, ProviderSignal>;
  /** Share (0..1) of sessions on which a demoted provider is tried first, so its recovery is seen. */
  probeShare: number;
}

/** The documented weights (docs/routing.md): they add up to 100, so the score is 0..100. */
export const FACTOR_WEIGHTS = { successRate: 30, latency: 15, cost: 20, health: 15, preference: 20 } as const;

/** Without traffic a provider counts as 9 successes in 10 attempts, then its real record takes over. */
export const PRIOR_SUCCESSES = 9;
export const PRIOR_ATTEMPTS = 10;
/** Median latency scoring 0; 0 ms scores 1. Without data a provider counts as 400 ms. */
export const LATENCY_CEILING_MS = 2000;
export const ASSUMED_LATENCY_MS = 400;
/** Fees at or above this share of the amount score 0 on cost. */
export const COST_CEILING = 0.05;
/** A provider whose success rate trails the leader's by more than this is a laggard, and gets probed. */
export const LAGGARD_MARGIN = 0.02;

/** Why a catalog provider has no candidate at all: the deployment has no platform account for it and the application none of its own. */
export const NO_ACCOUNT = "no account: the application has none of its own in this mode, and the deployment offers none (not in PROVIDERS, or not published by the provider service yet)";

/** Why an account of the other mode cannot serve the session; it starts with "mode". The sandbox is test whatever it says. */
export function modeProblem(account: Pick<ProviderAccount, 'provider' | 'mode'>, livemode: boolean): string | null {
  const mode = servedMode(account);
  if ((mode === 'live') === livemode) return null;
  return `mode: a ${mode} account cannot serve a ${livemode ? 'live' : 'test'} session`;
}

export function eligibilityProblems(provider: ProviderProfile, request: RoutingRequest, inputs: Pick<RoutingInputs, 'rules'>): string[] {
  const reasons: string[] = [];
  const accepts = (list: string[], value: string) => list.includes('*') || list.includes(value);
  if (inputs.rules.allow && !inputs.rules.allow.includes(provider.id)) reasons.push("not in the merchant's allow list");
  if (inputs.rules.deny?.includes(provider.id)) reasons.push("in the merchant's deny list");
  if (!accepts(provider.currencies, request.currency)) reasons.push(`does not accept ${request.currency}`);
  if (request.billingCountry && !accepts(provider.countries, request.billingCountry)) reasons.push(`does not serve billing country ${request.billingCountry}`);
  const method = provider.paymentMethods[request.paymentMethod];
  if (!method) reasons.push(`does not offer ${request.paymentMethod}`);
  else if (!accepts(method.currencies, request.currency)) reasons.push(`does not offer ${request.paymentMethod} in ${request.currency}`);
  else if (request.billingCountry && !accepts(method.countries, request.billingCountry)) reasons.push(`does not offer ${request.paymentMethod} for billing country ${request.billingCountry}`);
  const limits = provider.amountLimits[request.currency];
  if (limits && request.amountMinor < limits.minMinor) reasons.push(`amount below its minimum of ${limits.minMinor} minor units`);
  if (limits && request.amountMinor > limits.maxMinor) reasons.push(`amount above its maximum of ${limits.maxMinor} minor units`);
  return reasons;
}

/** Why one account cannot take this payment, beyond its provider: its status and its own constraints. */
export function accountProblems(account: ProviderAccount, request: RoutingRequest): string[] {
  const reasons: string[] = [];
  const wrongMode = modeProblem(account, request.livemode);
  if (wrongMode) reasons.push(wrongMode);
  if (account.status !== 'enabled') reasons.push(`account ${account.status.replace('_', ' ')}`);
  const constraints = account.constraints;
  if (!constraints) return reasons;
  if (constraints.currencies && !constraints.currencies.includes(request.currency)) reasons.push(`account does not take ${request.currency} (its constraints)`);
  if (request.billingCountry && constraints.countries && !constraints.countries.includes(request.billingCountry)) {
    reasons.push(`account does not serve billing country ${request.billingCountry} (its constraints)`);
  }
  if (constraints.paymentMethods && !constraints.paymentMethods.includes(request.paymentMethod)) reasons.push(`account does not take ${request.paymentMethod} (its constraints)`);
  const limits = constraints.amountLimits?.[request.currency];
  if (limits && request.amountMinor < limits.minMinor) reasons.push(`amount below the account's minimum of ${limits.minMinor} minor units`);
  if (limits && request.amountMinor > limits.maxMinor) reasons.push(`amount above the account's maximum of ${limits.maxMinor} minor units`);
  return reasons;
}

/** The provider's profile with the account's own fee for this currency, when it has one. */
function withAccountFees(provider: ProviderProfile, account: ProviderAccount, currency: string): ProviderProfile {
  const fee = account.fees?.[currency];
  return fee ? { ...provider, feesByCurrency: { ...provider.feesByCurrency, [currency]: fee } } : provider;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function factor(name: keyof typeof FACTOR_WEIGHTS, value: number): ScoreFactor {
  const clamped = Math.min(1, Math.max(0, value));
  const weight = FACTOR_WEIGHTS[name];
  return { factor: name, weight, value: round(clamped, 4), contribution: round(weight * clamped, 2) };
}

/** The five factors of one eligible provider; the score is the sum of their contributions. */
export function scoreFactors(provider: ProviderProfile, request: RoutingRequest, rules: ApplicationRules, signal: ProviderSignal | undefined): ScoreFactor[] {
  const attempts = signal?.attempts ?? 0;
  const successes = signal?.successes ?? 0;
  const latencyMs = signal?.medianLatencyMs ?? ASSUMED_LATENCY_MS;
  const fee = feeFor(provider, request.currency);
  const feeMinor = (request.amountMinor * fee.percent) / 100 + fee.fixedMinor;
  const preference = rules.prefer?.includes(provider.id) ? 1 : (rules.weights?.[provider.id] ?? provider.baseWeight);
  return [
    factor('successRate', (successes + PRIOR_SUCCESSES) / (attempts + PRIOR_ATTEMPTS)),
    factor('latency', 1 - latencyMs / LATENCY_CEILING_MS),
    factor('cost', 1 - feeMinor / request.amountMinor / COST_CEILING),
    factor('health', signal?.circuit === 'open' ? 0 : 1),
    factor('preference', preference),
  ];
}

/** A number in [0, 1) fixed by the session and the purpose: the same session always draws the same. */
export function draw(sessionId: string, purpose: string): number {
  return createHash('sha256').update(`${sessionId}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Ranks the eligible accounts: by score (ties to the account id that sorts first), accounts whose
 * circuit is open last ("demoted"). On the probe share of sessions the best laggard — demoted, or
 * trailing the leader's success rate — goes first ("probe"), so that a recovery is noticed;
 * otherwise a merchant's volume split picks the first ("split").
 */
export function scoreProviders(request: RoutingRequest, inputs: RoutingInputs): { candidates: RankedCandidate[]; rejected: RejectedProvider[] } {
  const scored: RankedCandidate[] = [];
  const rejected: RejectedProvider[] = [];
  const withAccount = new Set<string>(inputs.accounts.map((account) => account.provider));
  for (const provider of inputs.catalog.providers) {
    if (!withAccount.has(provider.id)) rejected.push({ provider: provider.id, reasons: [NO_ACCOUNT] });
  }
  for (const account of inputs.accounts) {
    const provider = inputs.catalog.providers.find((profile) => profile.id === account.provider);
    if (!provider) {
      rejected.push({ provider: account.provider, account: account._id, reasons: ['not in the provider catalog'] });
      continue;
    }
    const reasons = [...accountProblems(account, request), ...eligibilityProblems(provider, request, inputs)];
    if (reasons.length > 0) {
      rejected.push({ provider: provider.id, account: account._id, reasons });
      continue;
    }
    const factors = scoreFactors(withAccountFees(provider, account, request.currency), request, inputs.rules, inputs.signals.get(account._id));
    const score = round(factors.reduce((sum, f) => sum + f.contribution, 0), 1);
    scored.push({ provider: provider.id, account: account._id, score, factors, rankedBy: 'score', timeoutMs: provider.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS });
  }
  scored.sort((a, b) => b.score - a.score || (a.account! < b.account! ? -1 : 1));

  const isOpen = (candidate: RankedCandidate) => inputs.signals.get(candidate.account!)?.circuit === 'open';
  const ordered = [...scored.filter((c) => !isOpen(c)), ...scored.filter(isOpen).map((c) => ({ ...c, rankedBy: 'demoted' as const }))];
  const [leader, ...others] = ordered;
  if (!leader) return { candidates: [], rejected };

  const successRate = (candidate: RankedCandidate) => candidate.factors.find((f) => f.factor === 'successRate')?.value ?? 0;
  const laggard = others.find((c) => isOpen(c) || successRate(c) < successRate(leader) - LAGGARD_MARGIN);
  if (laggard && draw(request.sessionId, 'probe') < inputs.probeShare) {
    return { candidates: [{ ...laggard, rankedBy: 'probe' }, ...ordered.filter((c) => c !== laggard)], rejected };
  }
  const healthy = ordered.filter((c) => c.rankedBy !== 'demoted');
  const split = pickBySplit(healthy, inputs.rules.split, draw(request.sessionId, 'split'));
  if (split) return { candidates: [{ ...split, rankedBy: 'split' }, ...ordered.filter((c) => c !== split)], rejected };
  return { candidates: ordered, rejected };
}

/** The split provider this draw falls on, shares renormalised over the eligible ones. */
function pickBySplit(candidates: RankedCandidate[], split: Record<string, number> | undefined, at: number): RankedCandidate | undefined {
  if (!split) return undefined;
  // A provider's share goes to its best-ranked account.
  const members = candidates
    .filter((candidate, index) => (split[candidate.provider] ?? 0) > 0 && candidates.findIndex((other) => other.provider === candidate.provider) === index)
    .sort((a, b) => (a.provider < b.provider ? -1 : 1));
  const total = members.reduce((sum, candidate) => sum + split[candidate.provider]!, 0);
  let cumulative = 0;
  for (const member of members) {
    cumulative += split[member.provider]! / total;
    if (at < cumulative) return member;
  }
  return members.at(-1);
}
