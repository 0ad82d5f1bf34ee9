import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATALOG } from '../src/catalog/provider-catalog';
import { scoreProviders } from '../src/scoring/score-providers';
import { platformAccount } from '@checkout/provider-accounts';
import type { ProviderId } from '@checkout/providers';

const DOC = readFileSync(path.resolve(__dirname, '../../../docs/routing.md'), 'utf8');

/** Each worked example: its marker (providers, rules) and its table rows. */
function workedExamples() {
  return [...DOC.matchAll(/<!-- worked-example: PROVIDERS=([\w,]+); rules=(.*?) -->\n((?:\|.*\n)+)/g)].map((match) => ({
    // The platform's live accounts, as the provider service publishes them for sk_live_ keys.
    accounts: match[1]!.split(',').map((provider) => platformAccount(provider as ProviderId, 'live', '')),
    rules: JSON.parse(match[2]!),
    rows: match[3]!
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim())),
  }));
}

describe('docs/routing.md', () => {
  it('should have worked examples', () => {
    expect(workedExamples()).to.have.length(2);
  });

  for (const [index, example] of workedExamples().entries()) {
    it(`should match what the scoring computes (example ${index + 1})`, () => {
      const { candidates } = scoreProviders(
        { sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', currency: 'AUD', amountMinor: 14076, paymentMethod: 'card', billingCountry: 'AU', livemode: true },
        { catalog: DEFAULT_CATALOG, accounts: example.accounts, rules: example.rules, signals: new Map(), probeShare: 0 },
      );
      const computed = candidates.map((candidate) => [
        candidate.provider,
        ...candidate.factors.map((f) => `${f.value} → ${f.contribution}`),
        String(candidate.score),
      ]);
      expect(example.rows).to.deep.equal(computed);
    });
  }
});
