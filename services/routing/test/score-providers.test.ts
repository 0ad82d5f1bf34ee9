import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProviderCatalog, ProviderProfile } from '../src/catalog/provider-catalog';
import { DEFAULT_CATALOG } from '../src/catalog/provider-catalog';
import { loadCatalog } from '../src/catalog/load-catalog';
import { scoreProviders } from '../src/scoring/score-providers';

function profile(id: string, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  return {
    id,
    currencies: ['AUD', 'USD'],
    countries: ['AU', 'US'],
    paymentMethods: ['card'],
    amountLimits: { AUD: { minMinor: 50, maxMinor: 1_000_000 } },
    fees: { percent: 1.75, fixedMinor: 30 },
    baseWeight: 0.8,
    ...overrides,
  };
}

const request = { currency: 'AUD', amountMinor: 14076, paymentMethod: 'card', billingCountry: 'AU' };

describe('scoreProviders', () => {
  it('should score as the documented weighted sum, to one decimal', () => {
    const { candidates } = scoreProviders({ providers: [profile('stripe')] }, request);
    // preference 70 × 0.8 = 56; cost: fee = 14076 × 1.75% + 30 = 276.33 → 1.963% of the amount,
    // value 1 − 0.01963 / 0.05 = 0.6074 → 30 × 0.6074 = 18.22; total 74.22 → 74.2.
    expect(candidates).to.have.length(1);
    expect(candidates[0]?.score).to.equal(74.2);
    expect(candidates[0]?.factors).to.deep.equal([
      { factor: 'preference', weight: 70, value: 0.8, contribution: 56 },
      { factor: 'cost', weight: 30, value: 0.6074, contribution: 18.22 },
    ]);
  });

  it('should filter out ineligible providers and say why', () => {
    const catalog: ProviderCatalog = {
      providers: [
        profile('eur-only', { currencies: ['EUR'] }),
        profile('us-only', { countries: ['US'] }),
        profile('small', { amountLimits: { AUD: { minMinor: 50, maxMinor: 10_000 } } }),
        profile('big', { amountLimits: { AUD: { minMinor: 20_000, maxMinor: 90_000 } } }),
        profile('ok'),
      ],
    };
    const { candidates, rejected } = scoreProviders(catalog, request);
    expect(candidates.map((c) => c.provider)).to.deep.equal(['ok']);
    expect(rejected).to.deep.equal([
      { provider: 'eur-only', reasons: ['does not accept AUD'] },
      { provider: 'us-only', reasons: ['does not serve billing country AU'] },
      { provider: 'small', reasons: ['amount above its maximum of 10000 minor units'] },
      { provider: 'big', reasons: ['amount below its minimum of 20000 minor units'] },
    ]);
  });

  it('should accept wildcards and an unknown billing country', () => {
    const { candidates } = scoreProviders(DEFAULT_CATALOG, { ...request, currency: 'JPY', billingCountry: null });
    expect(candidates.map((c) => c.provider)).to.deep.equal(['sandbox']);
  });

  it('should rank by score, and break ties by provider id', () => {
    const catalog = { providers: [profile('zeta'), profile('alpha'), profile('cheap', { fees: { percent: 0, fixedMinor: 0 } })] };
    const first = scoreProviders(catalog, request).candidates.map((c) => c.provider);
    expect(first).to.deep.equal(['cheap', 'alpha', 'zeta']);
    expect(scoreProviders(catalog, request).candidates.map((c) => c.provider)).to.deep.equal(first);
  });
});

describe('loadCatalog', () => {
  const write = (content: unknown) => {
    const file = path.join(tmpdir(), `catalog-${process.pid}-${Math.random()}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('should use the built-in catalog without a file, and read a valid one', () => {
    expect(loadCatalog('')).to.equal(DEFAULT_CATALOG);
    expect(loadCatalog(write({ providers: [profile('stripe')] })).providers[0]?.id).to.equal('stripe');
  });

  it('should name the file and the problem when the catalog is bad', () => {
    expect(() => loadCatalog('/nonexistent/catalog.json')).to.throw(/PROVIDER_CATALOG_FILE \/nonexistent\/catalog.json cannot be read/);
    expect(() => loadCatalog(write('{oops'))).to.throw(/cannot be read as JSON/);
    expect(() => loadCatalog(write({ providers: [{ ...profile('x'), baseWeight: 3 }] }))).to.throw(/\/providers\/0\/baseWeight must be <= 1/);
    expect(() => loadCatalog(write({ providers: [profile('adyen'), profile('adyen')] }))).to.throw(/lists provider adyen twice/);
  });
});
