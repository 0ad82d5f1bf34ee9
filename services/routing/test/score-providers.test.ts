import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog, loadRules } from '../src/catalog/load-catalog';
import { DEFAULT_CATALOG, type ProviderCatalog, type ProviderProfile } from '../src/catalog/provider-catalog';
import type { ApplicationRules } from '../src/rules/routing-rules';
import { draw, NO_ACCOUNT, scoreProviders, type RoutingInputs, type RoutingRequest } from '../src/scoring/score-providers';
import { platformAccount, type ProviderAccount } from '@checkout/provider-accounts';
import type { ProviderId } from '@checkout/providers';
import type { ProviderSignal } from '../src/signals/provider-signals';

function profile(id: string, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  return {
    id,
    currencies: ['AUD', 'USD'],
    countries: ['AU', 'US'],
    paymentMethods: { card: { currencies: ['*'], countries: ['*'] } },
    amountLimits: { AUD: { minMinor: 50, maxMinor: 1_000_000 } },
    fees: { percent: 1.75, fixedMinor: 30 },
    baseWeight: 0.8,
    ...overrides,
  };
}

const request: RoutingRequest = { sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', currency: 'AUD', amountMinor: 14076, paymentMethod: 'card', billingCountry: 'AU', livemode: false };
const healthy = (attempts: number, successes: number, medianLatencyMs: number): ProviderSignal => ({ attempts, successes, medianLatencyMs, circuit: 'closed' });

/** The platform's account at `provider` (its id pa_platform_<provider>), with `overrides`. */
function account(provider: string, overrides: Partial<ProviderAccount> = {}): ProviderAccount {
  return { ...platformAccount(provider as ProviderId, 'test', ''), ...overrides };
}
const pa = (provider: string) => `pa_platform_${provider}`;

/** A platform account for each provider of the catalog, or for those `enabled` names. */
function inputs(catalog: ProviderCatalog, overrides: Partial<RoutingInputs> & { enabled?: string[] } = {}): RoutingInputs {
  const { enabled, ...rest } = overrides;
  return { catalog, accounts: (enabled ?? catalog.providers.map((p) => p.id)).map((id) => account(id)), rules: {}, signals: new Map(), probeShare: 0, ...rest };
}

describe('scoreProviders', () => {
  it('should score as the documented weighted sum of the five factors, to one decimal', () => {
    const signals = new Map([[pa('stripe'), healthy(40, 38, 300)]]);
    const { candidates } = scoreProviders(request, inputs({ providers: [profile('stripe')] }, { signals }));
    // successRate (38+9)/(40+10) = 0.94 → 28.2; latency 1 − 300/2000 = 0.85 → 12.75;
    // cost: fee 14076 × 1.75% + 30 = 276.33 = 1.963% of the amount → 1 − 0.01963/0.05 = 0.6074 → 12.15;
    // health 1 → 15; preference 0.8 → 16. Total 84.1.
    expect(candidates[0]?.factors).to.deep.equal([
      { factor: 'successRate', weight: 30, value: 0.94, contribution: 28.2 },
      { factor: 'latency', weight: 15, value: 0.85, contribution: 12.75 },
      { factor: 'cost', weight: 20, value: 0.6074, contribution: 12.15 },
      { factor: 'health', weight: 15, value: 1, contribution: 15 },
      { factor: 'preference', weight: 20, value: 0.8, contribution: 16 },
    ]);
    expect(candidates[0]?.score).to.equal(84.1);
    expect(candidates[0]?.rankedBy).to.equal('score');
  });

  it('should give the same inputs the same scores and order', () => {
    const catalog = { providers: [profile('zeta'), profile('alpha'), profile('cheap', { fees: { percent: 0, fixedMinor: 0 } })] };
    const first = scoreProviders(request, inputs(catalog));
    expect(first.candidates.map((c) => c.provider)).to.deep.equal(['cheap', 'alpha', 'zeta']);
    expect(scoreProviders(request, inputs(catalog))).to.deep.equal(first);
  });

  it('should use the fee of the currency when the catalog has one', () => {
    const provider = profile('stripe', { feesByCurrency: { AUD: { percent: 0, fixedMinor: 0 } } });
    const cost = scoreProviders(request, inputs({ providers: [provider] })).candidates[0]?.factors.find((f) => f.factor === 'cost');
    expect(cost?.value).to.equal(1);
  });

  it('should filter out ineligible providers and say why', () => {
    const catalog: ProviderCatalog = {
      providers: [
        profile('eur-only', { currencies: ['EUR'] }),
        profile('us-only', { countries: ['US'] }),
        profile('small', { amountLimits: { AUD: { minMinor: 50, maxMinor: 10_000 } } }),
        profile('big', { amountLimits: { AUD: { minMinor: 20_000, maxMinor: 90_000 } } }),
        profile('off'),
        profile('ok'),
      ],
    };
    const enabled = ['eur-only', 'us-only', 'small', 'big', 'ok'];
    const { candidates, rejected } = scoreProviders(request, inputs(catalog, { enabled }));
    expect(candidates.map((c) => [c.provider, c.account])).to.deep.equal([['ok', pa('ok')]]);
    expect(rejected).to.deep.equal([
      { provider: 'off', reasons: [NO_ACCOUNT] },
      { provider: 'eur-only', account: pa('eur-only'), reasons: ['does not accept AUD'] },
      { provider: 'us-only', account: pa('us-only'), reasons: ['does not serve billing country AU'] },
      { provider: 'small', account: pa('small'), reasons: ['amount above its maximum of 10000 minor units'] },
      { provider: 'big', account: pa('big'), reasons: ['amount below its minimum of 20000 minor units'] },
    ]);
  });

  it("should apply the merchant's allow, deny, prefer and weights", () => {
    const catalog = { providers: [profile('stripe', { baseWeight: 0.9 }), profile('adyen', { baseWeight: 0.5 }), profile('paypal')] };
    const denied = scoreProviders(request, inputs(catalog, { rules: { deny: ['stripe'] } }));
    expect(denied.candidates.map((c) => c.provider)).to.deep.equal(['paypal', 'adyen']);
    expect(denied.rejected).to.deep.equal([{ provider: 'stripe', account: pa('stripe'), reasons: ["in the merchant's deny list"] }]);
    const allowed = scoreProviders(request, inputs(catalog, { rules: { allow: ['adyen'] } }));
    expect(allowed.candidates.map((c) => c.provider)).to.deep.equal(['adyen']);
    const preferred = scoreProviders(request, inputs(catalog, { rules: { prefer: ['adyen'] } }));
    expect(preferred.candidates[0]?.provider).to.equal('adyen');
    expect(preferred.candidates[0]?.factors.find((f) => f.factor === 'preference')?.value).to.equal(1);
    const reweighted = scoreProviders(request, inputs(catalog, { rules: { weights: { stripe: 0.1 } } }));
    expect(reweighted.candidates.at(-1)?.provider).to.equal('stripe');
  });

  it('should follow a 70/30 volume split within tolerance over many sessions', () => {
    const catalog = { providers: [profile('stripe'), profile('adyen', { baseWeight: 0.2 })] };
    const rules: ApplicationRules = { split: { stripe: 70, adyen: 30 } };
    const firsts = { stripe: 0, adyen: 0 };
    for (let i = 0; i < 2000; i += 1) {
      const { candidates } = scoreProviders({ ...request, sessionId: `session-${i}` }, inputs(catalog, { rules }));
      expect(candidates[0]?.rankedBy).to.equal('split');
      expect(candidates).to.have.length(2);
      firsts[candidates[0]!.provider as 'stripe' | 'adyen'] += 1;
    }
    expect(firsts.stripe / 2000).to.be.within(0.66, 0.74);
    expect(firsts.adyen / 2000).to.be.within(0.26, 0.34);
  });

  it('should demote a provider whose circuit is open, except on the probe share of sessions', () => {
    const catalog = { providers: [profile('stripe', { baseWeight: 1 }), profile('adyen', { baseWeight: 0.5 })] };
    const signals = new Map<string, ProviderSignal>([[pa('stripe'), { attempts: 20, successes: 8, medianLatencyMs: 300, circuit: 'open' }]]);
    let probes = 0;
    for (let i = 0; i < 1000; i += 1) {
      const { candidates } = scoreProviders({ ...request, sessionId: `s-${i}` }, inputs(catalog, { signals, probeShare: 0.1 }));
      if (candidates[0]?.provider === 'stripe') {
        expect(candidates[0].rankedBy).to.equal('probe');
        probes += 1;
      } else {
        expect(candidates.map((c) => [c.provider, c.rankedBy])).to.deep.equal([['adyen', 'score'], ['stripe', 'demoted']]);
      }
    }
    expect(probes / 1000).to.be.within(0.07, 0.13);
    const alone = scoreProviders(request, inputs({ providers: [profile('stripe')] }, { signals }));
    expect(alone.candidates.map((c) => c.rankedBy)).to.deep.equal(['demoted']);
  });

  it("should rank two accounts of one provider on their own signals and fees, and leave out one that is not enabled or whose constraints do not fit", () => {
    const catalog = { providers: [profile('stripe')] };
    const au = account('stripe', { _id: 'pa_au', applicationId: 'app', fees: { AUD: { percent: 0, fixedMinor: 0 } } });
    const us = account('stripe', { _id: 'pa_us', applicationId: 'app' });
    const off = account('stripe', { _id: 'pa_off', applicationId: 'app', status: 'disabled' });
    const refused = account('stripe', { _id: 'pa_refused', applicationId: 'app', status: 'credentials_rejected' });
    const narrow = account('stripe', {
      _id: 'pa_narrow',
      applicationId: 'app',
      constraints: { currencies: ['USD'], countries: ['US'], paymentMethods: ['paypal'], amountLimits: { AUD: { minMinor: 1, maxMinor: 100 } } },
    });
    const { candidates, rejected } = scoreProviders(request, inputs(catalog, { accounts: [us, au, off, refused, narrow] }));
    expect(candidates.map((c) => c.account)).to.deep.equal(['pa_au', 'pa_us']);
    expect(candidates[0]!.factors.find((f) => f.factor === 'cost')?.value).to.equal(1);
    expect(rejected).to.deep.equal([
      { provider: 'stripe', account: 'pa_off', reasons: ['account disabled'] },
      { provider: 'stripe', account: 'pa_refused', reasons: ['account credentials rejected'] },
      {
        provider: 'stripe',
        account: 'pa_narrow',
        reasons: ['account does not take AUD (its constraints)', 'account does not serve billing country AU (its constraints)', 'account does not take card (its constraints)', "amount above the account's maximum of 100 minor units"],
      },
    ]);
    const demoted = scoreProviders(request, inputs(catalog, { accounts: [us, au], signals: new Map([['pa_au', { attempts: 20, successes: 2, medianLatencyMs: 300, circuit: 'open' as const }]]) }));
    expect(demoted.candidates.map((c) => [c.account, c.rankedBy])).to.deep.equal([['pa_us', 'score'], ['pa_au', 'demoted']]);
  });

  it("should send a session only to accounts of its mode, and never a live one to the sandbox, saying \"mode\"", () => {
    const catalog = { providers: [profile('stripe'), profile('sandbox')] };
    const testStripe = account('stripe', { _id: 'pa_test' });
    const liveStripe = account('stripe', { _id: 'pa_live', mode: 'live' });
    // A sandbox account claiming to be live (a corrupted or hand-edited document) is still test.
    const sandbox = account('sandbox', { mode: 'live' });
    const live = scoreProviders({ ...request, livemode: true }, inputs(catalog, { accounts: [testStripe, liveStripe, sandbox] }));
    expect(live.candidates.map((c) => c.account)).to.deep.equal(['pa_live']);
    expect(live.rejected).to.deep.equal([
      { provider: 'stripe', account: 'pa_test', reasons: ['mode: a test account cannot serve a live session'] },
      { provider: 'sandbox', account: pa('sandbox'), reasons: ['mode: a test account cannot serve a live session'] },
    ]);
    const test = scoreProviders(request, inputs(catalog, { accounts: [testStripe, liveStripe, sandbox] }));
    expect(test.candidates.map((c) => c.account).sort()).to.deep.equal([pa('sandbox'), 'pa_test'].sort());
    expect(test.rejected).to.deep.equal([{ provider: 'stripe', account: 'pa_live', reasons: ['mode: a live account cannot serve a test session'] }]);
    const onlySandbox = scoreProviders({ ...request, livemode: true }, inputs(catalog, { accounts: [account('sandbox')] }));
    expect(onlySandbox.candidates).to.deep.equal([]);
    expect(onlySandbox.rejected.find((r) => r.provider === 'sandbox')?.reasons[0]).to.match(/^mode: /);
  });

  it('should say a provider in the catalog has no account, and an account of a provider the catalog lacks', () => {
    const { candidates, rejected } = scoreProviders(request, inputs({ providers: [profile('stripe'), profile('adyen')] }, { accounts: [account('stripe'), account('sandbox')] }));
    expect(candidates.map((c) => c.account)).to.deep.equal([pa('stripe')]);
    expect(rejected).to.deep.equal([
      { provider: 'adyen', reasons: [NO_ACCOUNT] },
      { provider: 'sandbox', account: pa('sandbox'), reasons: ['not in the provider catalog'] },
    ]);
  });

  it('should draw the same number for the same session and purpose', () => {
    expect(draw('s', 'split')).to.equal(draw('s', 'split'));
    expect(draw('s', 'split')).not.to.equal(draw('s', 'probe'));
    expect(draw('s', 'split')).to.be.within(0, 1);
  });

  it("should route a method only where its provider offers it, in the built-in catalog, and say which part did not fit", () => {
    const all = inputs(DEFAULT_CATALOG);
    const route = (paymentMethod: RoutingRequest['paymentMethod'], currency: string, billingCountry: string | null) => scoreProviders({ ...request, paymentMethod, currency, billingCountry }, all);
    expect(route('klarna', 'AUD', 'AU').candidates.map((c) => c.provider)).to.have.members(['stripe', 'adyen', 'sandbox']);
    const euros = route('afterpay_clearpay', 'EUR', 'DE');
    expect(euros.candidates.map((c) => c.provider)).to.deep.equal(['sandbox']);
    expect(euros.rejected).to.deep.equal([
      { provider: 'stripe', account: pa('stripe'), reasons: ['does not offer afterpay_clearpay in EUR'] },
      { provider: 'adyen', account: pa('adyen'), reasons: ['does not offer afterpay_clearpay in EUR'] },
    ]);
    expect(route('klarna', 'USD', 'JP').rejected).to.deep.equal([
      { provider: 'stripe', account: pa('stripe'), reasons: ['does not offer klarna for billing country JP'] },
      { provider: 'adyen', account: pa('adyen'), reasons: ['does not offer klarna for billing country JP'] },
    ]);
    expect(route('paypal', 'JPY', 'JP').rejected).to.deep.equal([{ provider: 'stripe', account: pa('stripe'), reasons: ['does not offer paypal in JPY'] }]);
    const noSandbox = scoreProviders({ ...request, paymentMethod: 'afterpay_clearpay', currency: 'EUR' }, inputs(DEFAULT_CATALOG, { enabled: ['stripe', 'adyen'] }));
    expect(noSandbox.candidates).to.deep.equal([]);
  });

  it('should accept wildcards and an unknown billing country in the default catalog', () => {
    const { candidates } = scoreProviders({ ...request, currency: 'ISK', billingCountry: null }, inputs(DEFAULT_CATALOG, { enabled: ['sandbox'] }));
    expect(candidates.map((c) => c.provider)).to.deep.equal(['sandbox']);
    expect(candidates[0]?.timeoutMs).to.equal(2000);
  });
});

describe('loadCatalog and loadRules', () => {
  const write = (content: unknown) => {
    const file = path.join(tmpdir(), `routing-${process.pid}-${Math.random()}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('should use the built-in catalog without a file, and read a valid one', () => {
    expect(loadCatalog('')).to.equal(DEFAULT_CATALOG);
    expect(DEFAULT_CATALOG.providers.map((p) => p.id)).to.include.members(['stripe', 'adyen', 'sandbox']);
    expect(loadCatalog(write({ providers: [profile('stripe')] })).providers[0]?.id).to.equal('stripe');
  });

  it('should read methods as names (offered wherever the provider is) or with their own currencies and countries', () => {
    const listed = loadCatalog(write({ providers: [{ ...profile('legacy'), paymentMethods: ['card', 'paypal'] }] }));
    expect(listed.providers[0]?.paymentMethods).to.deep.equal({ card: { currencies: ['*'], countries: ['*'] }, paypal: { currencies: ['*'], countries: ['*'] } });
    const detailed = { klarna: { currencies: ['SEK'], countries: ['SE'] } };
    expect(loadCatalog(write({ providers: [{ ...profile('nordic'), paymentMethods: detailed }] })).providers[0]?.paymentMethods).to.deep.equal(detailed);
    expect(() => loadCatalog(write({ providers: [{ ...profile('x'), paymentMethods: { ideal: { currencies: ['EUR'], countries: ['NL'] } } }] }))).to.throw(/paymentMethods/);
  });

  it('should name the file and the problem when the catalog is bad', () => {
    expect(() => loadCatalog('/nonexistent/catalog.json')).to.throw(/PROVIDER_CATALOG_FILE \/nonexistent\/catalog.json cannot be read/);
    expect(() => loadCatalog(write('{oops'))).to.throw(/cannot be read as JSON/);
    expect(() => loadCatalog(write({ providers: [{ ...profile('x1'), baseWeight: 3 }] }))).to.throw(/\/providers\/0\/baseWeight must be <= 1/);
    expect(() => loadCatalog(write({ providers: [profile('adyen'), profile('adyen')] }))).to.throw(/lists provider adyen twice/);
  });

  it('should validate rules against the schema and the catalog', () => {
    const catalog = { providers: [profile('stripe'), profile('adyen')] };
    expect(loadRules('', catalog)).to.deep.equal({});
    const rules = loadRules(write({ applications: { 'app-1': { prefer: ['adyen'], split: { stripe: 70, adyen: 30 } } } }), catalog);
    expect(rules.applications?.['app-1']?.prefer).to.deep.equal(['adyen']);
    expect(() => loadRules(write({ applications: { a: { deny: ['paypal'] } } }), catalog)).to.throw(/a names provider paypal, which is not in the catalog/);
    expect(() => loadRules(write({ defaults: { split: { stripe: 70, adyen: 20 } } }), catalog)).to.throw(/split adds up to 90, not 100/);
    expect(() => loadRules(write({ defaults: { deny: 'stripe' } }), catalog)).to.throw(/ROUTING_RULES_FILE .* is not valid: \/defaults\/deny must be array/);
  });
});
