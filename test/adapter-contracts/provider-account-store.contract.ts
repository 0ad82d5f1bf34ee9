import { expect } from 'chai';
import type { MerchantScope } from '@checkout/contracts';
import { platformAccount, type ProviderAccount, type ProviderAccountStore } from '@checkout/provider-accounts';
import type { ProviderCredentials } from '@checkout/providers';

const STRIPE: ProviderCredentials = { provider: 'stripe', secretKey: 'sk_test_contract4242', webhookSecret: 'whsec_contract_one' };

export function accountDocument(id: string, overrides: Partial<ProviderAccount> = {}): ProviderAccount {
  const at = new Date('2024-01-15T11:00:00Z');
  return { ...platformAccount('stripe', 'test', '4242'), _id: id, applicationId: 'app-1', label: id, credentialsVersion: 1, createdAt: at, updatedAt: at, ...overrides };
}

/** The scope of an application's test-mode objects (accountDocument's accounts are test accounts). */
export function testScope(applicationId: string): MerchantScope {
  return { applicationId, livemode: false };
}

/** The behaviour every ProviderAccountStore adapter must have, in memory or on MongoDB. */
export function providerAccountStoreContract(name: string, setup: () => Promise<ProviderAccountStore>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} (ProviderAccountStore contract)`, () => {
    let store: ProviderAccountStore;
    beforeEach(async () => {
      store = await setup();
    });
    afterEach(teardown);
    const now = new Date('2024-01-15T12:00:00Z');

    it('should insert an account once, and find it for its application only', async () => {
      expect(await store.insert(accountDocument('pa_1'), STRIPE)).to.equal(true);
      expect(await store.insert(accountDocument('pa_1', { label: 'again' }), STRIPE)).to.equal(false);
      expect(await store.find('pa_1', testScope('app-1'))).to.deep.equal(accountDocument('pa_1'));
      expect(await store.find('pa_1', testScope('app-2'))).to.equal(null);
      expect(await store.find('pa_1')).to.include({ _id: 'pa_1' });
      expect(await store.find('pa_none')).to.equal(null);
    });

    it('should give the credentials back only through credentialsOf, never with a listed or found account', async () => {
      await store.insert(accountDocument('pa_1'), STRIPE);
      const found = await store.credentialsOf('pa_1', now);
      expect(found).to.deep.equal({ account: accountDocument('pa_1'), credentials: STRIPE, previousWebhookSecrets: [] });
      for (const visible of [await store.find('pa_1'), ...(await store.accountsOf(testScope('app-1'))), ...(await store.list(testScope('app-1'), { limit: 10 }))]) {
        expect(JSON.stringify(visible)).not.to.include('sk_test_contract4242').and.not.to.include('whsec_');
      }
      expect(await store.credentialsOf('pa_none', now)).to.equal(null);
    });

    it("should list an application's accounts newest first, a page at a time", async () => {
      for (let i = 0; i < 3; i += 1) await store.insert(accountDocument(`pa_${i}`, { createdAt: new Date(Date.UTC(2024, 0, 15, 11, i)) }), STRIPE);
      await store.insert(accountDocument('pa_other', { applicationId: 'app-2' }), STRIPE);
      const first = await store.list(testScope('app-1'), { limit: 2 });
      expect(first.map((a) => a._id)).to.deep.equal(['pa_2', 'pa_1']);
      expect((await store.list(testScope('app-1'), { limit: 2, after: first[1] })).map((a) => a._id)).to.deep.equal(['pa_0']);
      expect((await store.accountsOf(testScope('app-1'))).map((a) => a._id).sort()).to.deep.equal(['pa_0', 'pa_1', 'pa_2']);
    });

    it('should update and clear fields, and give null for an account that is gone', async () => {
      await store.insert(accountDocument('pa_1', { fees: { AUD: { percent: 1, fixedMinor: 30 } } }), STRIPE);
      const updated = await store.update('pa_1', { label: 'Renamed', status: 'disabled', statusReason: 'disabled by the merchant', fees: null }, now);
      expect(updated).to.include({ label: 'Renamed', status: 'disabled', statusReason: 'disabled by the merchant', fees: null });
      expect(updated!.updatedAt).to.deep.equal(now);
      expect(await store.update('pa_none', { label: 'x' }, now)).to.equal(null);
    });

    it('should replace credentials with a new version, enabled, keeping the old webhook secret until its overlap ends', async () => {
      await store.insert(accountDocument('pa_1', { status: 'credentials_rejected', statusReason: 'refused' }), STRIPE);
      const live: ProviderCredentials = { provider: 'stripe', secretKey: 'sk_live_contract9999', webhookSecret: 'whsec_contract_two' };
      const replaced = await store.replaceCredentials('pa_1', live, { label: 'Live' }, now, new Date(now.getTime() + 60_000));
      expect(replaced).to.include({ status: 'enabled', statusReason: null, credentialsVersion: 2, mode: 'live', credentialsHint: '9999', label: 'Live' });
      const during = await store.credentialsOf('pa_1', new Date(now.getTime() + 1000));
      expect(during).to.deep.include({ credentials: live, previousWebhookSecrets: ['whsec_contract_one'] });
      expect((await store.credentialsOf('pa_1', new Date(now.getTime() + 120_000)))!.previousWebhookSecrets).to.deep.equal([]);
      expect(await store.replaceCredentials('pa_none', live, {}, now, now)).to.equal(null);
    });

    it('should mark credentials rejected once, only while enabled with the same credentials', async () => {
      await store.insert(accountDocument('pa_1'), STRIPE);
      expect(await store.markCredentialsRejected('pa_1', 2, 'refused', now)).to.equal(false);
      expect(await store.markCredentialsRejected('pa_1', 1, 'refused', now)).to.equal(true);
      expect(await store.markCredentialsRejected('pa_1', 1, 'refused', now)).to.equal(false);
      expect(await store.find('pa_1')).to.include({ status: 'credentials_rejected', statusReason: 'refused' });
    });

    it("should keep each mode's accounts to its own scope: the other mode's id is not found, and lists never mix", async () => {
      await store.insert(accountDocument('pa_test'), STRIPE);
      await store.insert(accountDocument('pa_live', { mode: 'live' }), { provider: 'stripe', secretKey: 'sk_live_contract1111', webhookSecret: 'whsec_live' });
      const live = { applicationId: 'app-1', livemode: true };
      expect((await store.accountsOf(testScope('app-1'))).map((a) => a._id)).to.deep.equal(['pa_test']);
      expect((await store.list(live, { limit: 10 })).map((a) => a._id)).to.deep.equal(['pa_live']);
      expect(await store.find('pa_live', testScope('app-1'))).to.equal(null);
      expect(await store.find('pa_test', live)).to.equal(null);
      expect(await store.delete('pa_test', live)).to.equal(false);
    });

    it('should publish the platform accounts without credentials, replacing an earlier publication, apart from every application', async () => {
      await store.publishPlatformAccounts([platformAccount('stripe', 'test', '1111'), platformAccount('sandbox', 'test', '')]);
      // Replicas starting together publish at once: neither fails.
      await Promise.all([store.publishPlatformAccounts([platformAccount('stripe', 'live', '2222')]), store.publishPlatformAccounts([platformAccount('stripe', 'live', '2222')])]);
      const published = (await store.platformAccounts()).sort((a, b) => (a._id < b._id ? -1 : 1));
      expect(published).to.deep.equal([platformAccount('sandbox', 'test', ''), platformAccount('stripe', 'live', '2222')]);
      expect(await store.credentialsOf('pa_platform_stripe', now)).to.equal(null);
      expect(await store.accountsOf({ applicationId: 'app-1', livemode: true })).to.deep.equal([]);
    });

    it("should delete an application's own account only", async () => {
      await store.insert(accountDocument('pa_1'), STRIPE);
      expect(await store.delete('pa_1', testScope('app-2'))).to.equal(false);
      expect(await store.delete('pa_1', testScope('app-1'))).to.equal(true);
      expect(await store.find('pa_1')).to.equal(null);
    });
  });
}
