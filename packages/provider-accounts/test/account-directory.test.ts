import { expect } from 'chai';
import { AccountDirectory, CachedAccountDirectory, constraintsFromApi, feesFromApi, feesToApi, AccountTermsError, InMemoryProviderAccountStore, platformAccounts } from '@checkout/provider-accounts';
import { accountDocument } from '../../../test/adapter-contracts/provider-account-store.contract';

describe('AccountDirectory', () => {
  const platform = platformAccounts([
    { provider: 'sandbox' },
    { provider: 'stripe', secretKey: 'sk_live_platform9876', webhookSecret: 'whsec_platform' },
  ]);

  it("should offer the platform's account for each provider the application has none of its own for, whatever its own account's status", async () => {
    const store = new InMemoryProviderAccountStore();
    const directory = new AccountDirectory(store, platform);
    expect((await directory.accountsFor('app-1')).map((a) => a._id)).to.deep.equal(['pa_platform_sandbox', 'pa_platform_stripe']);
    await store.insert(accountDocument('pa_own', { status: 'disabled' }), { provider: 'stripe', secretKey: 'sk_test_own', webhookSecret: 'whsec_own' });
    expect((await directory.accountsFor('app-1')).map((a) => a._id)).to.deep.equal(['pa_own', 'pa_platform_sandbox']);
    expect((await directory.accountsFor('app-2')).map((a) => a._id)).to.deep.equal(['pa_platform_sandbox', 'pa_platform_stripe']);
    expect(platform[1]).to.include({ mode: 'live', credentialsHint: '9876', applicationId: null });
  });

  it('should keep an application\'s answer for its time to live, and not keep a failed read', async () => {
    let reads = 0;
    let fail = false;
    let now = 0;
    const cached = new CachedAccountDirectory(
      {
        accountsFor: async () => {
          reads += 1;
          if (fail) throw new Error('unreachable');
          return platform;
        },
      },
      1000,
      10,
      () => now,
    );
    await cached.accountsFor('app-1');
    await cached.accountsFor('app-1');
    expect(reads).to.equal(1);
    now = 1001;
    fail = true;
    expect(await cached.accountsFor('app-1').catch((e: Error) => e.message)).to.equal('unreachable');
    fail = false;
    await cached.accountsFor('app-1');
    expect(reads).to.equal(3);
  });
});

describe('account terms', () => {
  it('should take amounts in major units and keep them in minor units, per currency exponent', () => {
    expect(constraintsFromApi({ currencies: ['JPY'], amountLimits: { JPY: { min: 100, max: 50000 }, KWD: { min: 0.5, max: 10.125 } } })).to.deep.equal({
      currencies: ['JPY'],
      amountLimits: { JPY: { minMinor: 100, maxMinor: 50000 }, KWD: { minMinor: 500, maxMinor: 10125 } },
    });
    const fees = feesFromApi({ AUD: { percent: 1.75, fixed: 0.3 } });
    expect(fees).to.deep.equal({ AUD: { percent: 1.75, fixedMinor: 30 } });
    expect(feesToApi(fees)).to.deep.equal({ AUD: { percent: 1.75, fixed: 0.3 } });
  });

  it('should point at an amount its currency cannot hold, and at limits the wrong way round', () => {
    const decimals = (() => feesFromApi({ JPY: { percent: 3, fixed: 0.5 } })) as () => unknown;
    expect(decimals).to.throw(AccountTermsError).with.property('reason', 'too_many_decimals');
    try {
      constraintsFromApi({ amountLimits: { AUD: { min: 10, max: 1 } } });
      expect.fail('limits the wrong way round were taken');
    } catch (error) {
      expect((error as AccountTermsError).errors).to.deep.equal([{ pointer: '/constraints/amountLimits/AUD/min', detail: 'must not exceed max' }]);
    }
    expect(() => feesFromApi({ XXX: { percent: 1, fixed: 1 } })).to.throw(AccountTermsError).with.property('reason', 'unsupported_currency');
  });
});
