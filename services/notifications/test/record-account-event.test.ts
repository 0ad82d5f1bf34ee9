import { expect } from 'chai';
import { createLogger } from '@checkout/platform';
import { InMemoryProviderAccountStore, platformAccount, type ProviderAccount } from '@checkout/provider-accounts';
import { InMemoryWebhookStores, newEndpointId, newSecret, type WebhookEndpointDocument } from '@checkout/webhooks';
import { NotificationsTelemetry } from '../src/notifications-telemetry';
import { RecordAccountEvent } from '../src/record-account-event';

describe('RecordAccountEvent', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const at = new Date('2024-01-15T11:10:00Z');
  const LIVE = { applicationId: 'app-1', livemode: true };
  const account: ProviderAccount = { ...platformAccount('stripe', 'live', '4242'), _id: 'pa_revoked', applicationId: 'app-1', label: 'Stripe US', credentialsVersion: 3 };

  async function setup(stored: Partial<ProviderAccount>) {
    const accounts = new InMemoryProviderAccountStore();
    await accounts.insert({ ...account, ...stored }, { provider: 'stripe', secretKey: 'sk_live_revoked4242', webhookSecret: 'whsec_revoked' });
    const stores = new InMemoryWebhookStores();
    const endpoint = (overrides: Partial<WebhookEndpointDocument>): WebhookEndpointDocument => ({
      _id: newEndpointId(), applicationId: 'app-1', url: 'https://m.example/h', enabledEvents: ['*'], description: null, status: 'enabled',
      secrets: [newSecret(at)], failingSince: null, disabledReason: null, createdAt: new Date('2024-01-15T11:00:00Z'), updatedAt: at, ...overrides,
    });
    const endpoints = { all: endpoint({}), testMode: endpoint({ livemode: false }), accountsOnly: endpoint({ enabledEvents: ['provider_account.credentials_rejected'] }), sessionsOnly: endpoint({ enabledEvents: ['checkout.session.completed'] }) };
    for (const each of Object.values(endpoints)) await stores.insertEndpoint(each);
    let pokes = 0;
    const record = new RecordAccountEvent(accounts, stores, new NotificationsTelemetry(), logger, () => (pokes += 1));
    const rejected = { accountId: 'pa_revoked', applicationId: 'app-1', provider: 'stripe', credentialsVersion: 3, reason: 'stripe refused the credentials: Invalid API Key provided', rejectedAt: at.toISOString() };
    return { stores, endpoints, record, rejected, pokes: () => pokes };
  }

  it("should record provider_account.credentials_rejected with the account (never its credentials) and queue it once for the subscribed endpoints of the account's mode", async () => {
    const { stores, endpoints, record, rejected, pokes } = await setup({ status: 'credentials_rejected', statusReason: 'stripe refused the credentials: Invalid API Key provided' });
    await record.execute(rejected);
    await record.execute(rejected);
    const events = await stores.listEvents(LIVE, { limit: 10 });
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({ type: 'provider_account.credentials_rejected', accountId: 'pa_revoked', livemode: true, createdAt: at });
    expect(events[0]!.data.object).to.include({ id: 'pa_revoked', object: 'provider_account', status: 'credentials_rejected', credentialsHint: '4242' });
    expect(JSON.stringify(events)).not.to.include('sk_live_revoked');
    const queued = (await stores.dueDeliveries(new Date(), 100)).map((delivery) => delivery.endpointId).sort();
    expect(queued).to.deep.equal([endpoints.all._id, endpoints.accountsOnly._id].sort());
    expect(pokes()).to.equal(1);
  });

  it('should announce nothing the stored account does not show: enabled again, other credentials, or another application', async () => {
    for (const stored of [{ status: 'enabled' as const }, { status: 'credentials_rejected' as const, credentialsVersion: 4 }, { status: 'credentials_rejected' as const, applicationId: 'app-2' }]) {
      const { stores, record, rejected } = await setup(stored);
      await record.execute(rejected);
      expect(await stores.listEvents(LIVE, { limit: 10 }), JSON.stringify(stored)).to.deep.equal([]);
    }
  });
});
