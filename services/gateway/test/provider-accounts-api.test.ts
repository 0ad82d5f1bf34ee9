import type { MerchantScope } from '@checkout/contracts';
import { expect } from 'chai';
import { AccountChangedConcurrently, InMemoryProviderAccountStore } from '@checkout/provider-accounts';
import type { ProviderCredentials } from '@checkout/providers';
import { CredentialsRefused, type CredentialsCheck } from '../src/provider-accounts/credentials-check';
import { startInMemoryGateway } from './in-memory-gateway';

/** The test-mode scope the calls below act in (the helper's tokens are test tokens). */
const APP_A = { applicationId: 'app-a', livemode: false };
const STRIPE = { provider: 'stripe', label: 'Stripe AU', credentials: { secretKey: 'sk_test_51AbCdEfGh4242', webhookSecret: 'whsec_AbCdEfGhIjKl' } };

/** Refuses any key ending in "bad", cannot reach one ending in "down"; remembers what it was asked. */
class ScriptedCheck implements CredentialsCheck {
  readonly checked: ProviderCredentials[] = [];
  async check(credentials: ProviderCredentials): Promise<void> {
    this.checked.push(credentials);
    const key = credentials.provider === 'stripe' ? credentials.secretKey : credentials.provider === 'adyen' ? credentials.apiKey : '';
    if (key.endsWith('bad')) throw new CredentialsRefused(true, `${credentials.provider} refused the credentials (HTTP 401): Invalid API Key provided.`);
    if (key.endsWith('down')) throw new CredentialsRefused(false, `${credentials.provider} could not be reached to check the credentials (http_503): unavailable`);
  }
}

describe('/api/v1/provider-accounts', () => {
  const check = new ScriptedCheck();
  let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
  let store: InMemoryProviderAccountStore;
  const ALL = ['provider-accounts:write', 'provider-accounts:read'];
  /** As application `app` (test mode unless a scope says live) with `scopes` (app-a with both provider-accounts scopes by default). */
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, app: string | MerchantScope = 'app-a', scopes = ALL) => gateway.call(app, scopes, method, path, body, headers);

  before(async () => {
    gateway = await startInMemoryGateway({ credentialsCheck: check });
    store = gateway.providerAccounts;
  });
  after(() => gateway.stop());

  it('should create an account after checking its credentials, and never show them again', async () => {
    const created = await call('POST', '/api/v1/provider-accounts', { ...STRIPE, constraints: { currencies: ['AUD'], amountLimits: { AUD: { min: 1, max: 5000.5 } } }, fees: { AUD: { percent: 1.6, fixed: 0.3 } } });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({
      object: 'provider_account',
      provider: 'stripe',
      label: 'Stripe AU',
      mode: 'test',
      status: 'enabled',
      statusReason: null,
      credentialsHint: '4242',
      constraints: { currencies: ['AUD'], amountLimits: { AUD: { min: 1, max: 5000.5 } } },
      fees: { AUD: { percent: 1.6, fixed: 0.3 } },
    });
    expect(created.body!.id).to.match(/^pa_[A-Za-z0-9]{24}$/);
    expect(created.body!.webhookUrl).to.equal(`/webhooks/stripe/${created.body!.id}`);
    expect(created.text).not.to.include('51AbCdEfGh').and.not.to.include('whsec_');
    expect(check.checked.at(-1)).to.deep.equal({ provider: 'stripe', secretKey: STRIPE.credentials.secretKey, webhookSecret: STRIPE.credentials.webhookSecret });
    expect((await store.accountsOf(APP_A)).map((a) => a.fees)).to.deep.include({ AUD: { percent: 1.6, fixedMinor: 30 } });
    const read = await call('GET', `/api/v1/provider-accounts/${created.body!.id}`);
    expect(read.body).to.deep.equal(created.body);
    expect(read.text).not.to.include('sk_test_');
  });

  it('should answer 422 provider_credentials_invalid with the provider\'s reason, and save nothing', async () => {
    const before = (await store.accountsOf(APP_A)).length;
    const refused = await call('POST', '/api/v1/provider-accounts', { ...STRIPE, credentials: { ...STRIPE.credentials, secretKey: 'sk_test_51AbCdEfGhbad' } });
    expect(refused.status).to.equal(422);
    expect(refused.type).to.match(/^application\/problem\+json/);
    expect(refused.body).to.include({ code: 'provider_credentials_invalid' });
    expect(refused.body!.detail).to.include('Invalid API Key provided.');
    expect(refused.text).not.to.include('51AbCdEfGhbad');
    const unreachable = await call('POST', '/api/v1/provider-accounts', { ...STRIPE, credentials: { ...STRIPE.credentials, secretKey: 'sk_test_51AbCdEfGhdown' } });
    expect(unreachable.status).to.equal(502);
    expect(unreachable.body).to.include({ code: 'provider_unavailable' });
    expect((await store.accountsOf(APP_A)).length).to.equal(before);
  });

  it("should keep test and live accounts apart: credentials of the other mode are refused, the other mode's account is a 404", async () => {
    const live = { applicationId: 'app-a', livemode: true };
    const before = check.checked.length;
    const liveKey = { ...STRIPE, credentials: { ...STRIPE.credentials, secretKey: 'sk_live_51AbCdEfGh7777' } };
    const refused = await call('POST', '/api/v1/provider-accounts', liveKey);
    expect(refused.status).to.equal(422);
    expect(refused.body).to.include({ code: 'provider_account_wrong_mode' });
    expect(refused.body!.errors).to.deep.equal([{ pointer: '/credentials/secretKey', detail: 'live credentials; a test-mode token takes test ones' }]);
    expect(refused.text).not.to.include('51AbCdEfGh7777');
    expect(check.checked.length, 'nothing was sent to the provider').to.equal(before);

    const created = await call('POST', '/api/v1/provider-accounts', liveKey, {}, live);
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ mode: 'live', livemode: true });
    const path = `/api/v1/provider-accounts/${created.body!.id}`;
    expect((await call('GET', path)).status, 'a test token does not see a live account').to.equal(404);
    expect((await call('GET', '/api/v1/provider-accounts?limit=100')).body!.data.map((a: { id: string }) => a.id)).not.to.include(created.body!.id);
    expect((await call('GET', '/api/v1/provider-accounts?limit=100', undefined, {}, live)).body!.data.map((a: { livemode: boolean }) => a.livemode)).to.deep.equal([true]);
    const toTest = await call('PATCH', path, { credentials: STRIPE.credentials }, {}, live);
    expect(toTest.body).to.include({ code: 'provider_account_wrong_mode' });
  });

  it('should point at each invalid field, and take no sandbox account in a deployment that takes real payments', async () => {
    const missing = await call('POST', '/api/v1/provider-accounts', { provider: 'adyen', label: 'EU', credentials: { apiKey: 'AQE1234567', merchantAccount: 'Shop' } });
    expect(missing.status).to.equal(400);
    expect(missing.body!.errors).to.deep.include({ pointer: '/credentials/hmacKey', detail: 'is required' });
    const decimals = await call('POST', '/api/v1/provider-accounts', { ...STRIPE, fees: { JPY: { percent: 3, fixed: 0.5 } } });
    expect(decimals.status).to.equal(422);
    expect(decimals.body).to.include({ code: 'too_many_decimals' });
    expect(decimals.body!.errors[0].pointer).to.equal('/fees/JPY/fixed');
    const sandbox = await call('POST', '/api/v1/provider-accounts', { provider: 'sandbox', label: 'Try' });
    expect(sandbox.status).to.equal(400);
    expect(sandbox.body!.errors).to.deep.equal([{ pointer: '/provider', detail: 'sandbox accounts exist only in development and test deployments' }]);
  });

  it('should make every retry with the same Idempotency-Key the same account, and refuse the key with another body', async () => {
    const first = await call('POST', '/api/v1/provider-accounts', STRIPE, { 'idempotency-key': 'onboard-42' });
    const again = await call('POST', '/api/v1/provider-accounts', STRIPE, { 'idempotency-key': 'onboard-42' });
    expect(first.status).to.equal(201);
    expect(again.body).to.deep.equal(first.body);
    const other = await call('POST', '/api/v1/provider-accounts', { ...STRIPE, label: 'Other' }, { 'idempotency-key': 'onboard-42' });
    expect(other.status).to.equal(422);
    expect(other.body).to.include({ code: 'idempotency_key_reused' });
  });

  it("should keep each application's accounts to itself: another's id is a 404", async () => {
    const mine = await call('POST', '/api/v1/provider-accounts', STRIPE);
    const theirs = 'app-b';
    expect((await call('GET', `/api/v1/provider-accounts/${mine.body!.id}`, undefined, {}, theirs)).status).to.equal(404);
    expect((await call('PATCH', `/api/v1/provider-accounts/${mine.body!.id}`, { label: 'x' }, {}, theirs)).body).to.include({ code: 'provider_account_not_found' });
    expect((await call('GET', '/api/v1/provider-accounts', undefined, {}, theirs)).body!.data).to.deep.equal([]);
    const listed = await call('GET', '/api/v1/provider-accounts?limit=2');
    expect(listed.body!.data).to.have.length(2);
    expect(listed.body!.hasMore).to.equal(true);
    expect((await call('GET', '/api/v1/provider-accounts', undefined, {}, 'app-a', ['sessions:read'])).status).to.equal(403);
  });

  it('should disable, re-enable, replace credentials (checked first) and delete only a disabled account', async () => {
    const { body: account } = await call('POST', '/api/v1/provider-accounts', STRIPE);
    const path = `/api/v1/provider-accounts/${account!.id}`;
    expect((await call('DELETE', path)).body).to.include({ status: 409, code: 'provider_account_enabled' });
    expect((await call('PATCH', path, { status: 'disabled' })).body).to.include({ status: 'disabled', statusReason: 'disabled by the merchant' });
    const refused = await call('PATCH', path, { credentials: { secretKey: 'sk_test_51AbCdEfGhbad', webhookSecret: 'whsec_AbCdEfGhIjKl' } });
    expect(refused.status).to.equal(422);
    expect((await call('GET', path)).body).to.include({ status: 'disabled', mode: 'test' });
    const replaced = await call('PATCH', path, { credentials: { secretKey: 'sk_test_51AbCdEfGh9999', webhookSecret: 'whsec_NewSecret123' } });
    expect(replaced.body).to.include({ status: 'enabled', mode: 'test', livemode: false, credentialsHint: '9999' });
    const badCredentials = await call('PATCH', path, { credentials: { apiKey: 'AQE' } });
    expect(badCredentials.body!.errors.map((e: { pointer: string }) => e.pointer)).to.include('/credentials/secretKey');
    const cleared = await call('PATCH', path, { constraints: null, fees: null, label: 'Renamed' });
    expect(cleared.body).to.include({ label: 'Renamed', constraints: null, fees: null });
    await call('PATCH', path, { status: 'disabled' });
    expect((await call('DELETE', path)).status).to.equal(204);
    expect((await call('GET', path)).status).to.equal(404);
    expect((await call('PUT', path, {})).status).to.equal(405);
  });

  it('should answer 409 provider_account_changed when another request replaced the credentials meanwhile', async () => {
    const { body: account } = await call('POST', '/api/v1/provider-accounts', STRIPE);
    const original = store.replaceCredentials.bind(store);
    store.replaceCredentials = async () => {
      throw new AccountChangedConcurrently('raced');
    };
    try {
      const raced = await call('PATCH', `/api/v1/provider-accounts/${account!.id}`, { credentials: { secretKey: 'sk_test_51AbCdEfGh7777', webhookSecret: 'whsec_AbCdEfGhIjKl' } });
      expect(raced.status).to.equal(409);
      expect(raced.type).to.match(/^application\/problem\+json/);
      expect(raced.body).to.include({ code: 'provider_account_changed' });
    } finally {
      store.replaceCredentials = original;
    }
  });
});
