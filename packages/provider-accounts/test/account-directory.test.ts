import { expect } from 'chai';
import { AccountDirectory, CachedAccountDirectory, constraintsFromApi, feesFromApi, feesToApi, AccountTermsError, InMemoryProviderAccountStore, platformAccount, platformAccounts } from '@checkout/provider-accounts';
import { accountDocument } from '../../../test/adapter-contracts/provider-account-store.contract';

describe('AccountDirectory', () => {
  const platform = platformAccounts([
    { provider: 'sandbox' },
    { provider: 'stripe', secretKey: 'sk_live_platform9876', webhookSecret: 'whsec_platform' },
  ]);
  const test = { applicationId: 'app-1', livemode: false };
  const live = { applicationId: 'app-1', livemode: true };

  it("should offer the published platform account of each offered provider the scope has none of its own for, whatever its own account's status", async () => {
    const store = new InMemoryProviderAccountStore();
    await store.publishPlatformAccounts(platform);
    const directory = new AccountDirectory(store, ['sandbox', 'stripe']);
    expect((await directory.accountsFor(test)).map((a) => a._id)).to.deep.equal(['pa_platform_sandbox', 'pa_platform_stripe']);
    await store.insert(accountDocument('pa_own', { status: 'disabled' }), { provider: 'stripe', secretKey: 'sk_test_own', webhookSecret: 'whsec_own' });
    expect((await directory.accountsFor(test)).map((a) => a._id)).to.deep.equal(['pa_own', 'pa_platform_sandbox']);
    // The test account is not the live scope's: live sessions still get the platform's Stripe.
    expect((await directory.accountsFor(live)).map((a) => a._id)).to.deep.equal(['pa_platform_sandbox', 'pa_platform_stripe']);
    expect((await directory.accountsFor({ applicationId: 'app-2', livemode: false })).map((a) => a._id)).to.deep.equal(['pa_platform_sandbox', 'pa_platform_stripe']);
    expect(platform[1]).to.include({ mode: 'live', credentialsHint: '9876', applicationId: null });
  });

  it('should know the sandbox (always test) before the provider service publishes, and offer no other platform account unpublished or not offered', async () => {
    const store = new InMemoryProviderAccountStore();
    expect(await new AccountDirectory(store, ['sandbox', 'stripe']).accountsFor(live)).to.deep.equal([platformAccount('sandbox', 'test', '')]);
    await store.publishPlatformAccounts(platform);
    expect((await new AccountDirectory(store, ['stripe']).accountsFor(live)).map((a) => a._id)).to.deep.equal(['pa_platform_stripe']);
  });

  it("should keep a scope's answer for its time to live, apart from the other mode's, and not keep a failed read", async () => {
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
    await cached.accountsFor(test);
    await cached.accountsFor(test);
    expect(reads).to.equal(1);
    await cached.accountsFor(live);
    expect(reads).to.equal(2);
    now = 1001;
    fail = true;
    expect(await cached.accountsFor(test).catch((e: Error) => e.message)).to.equal('unreachable');
    fail = false;
    await cached.accountsFor(test);
    expect(reads).to.equal(4);
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
