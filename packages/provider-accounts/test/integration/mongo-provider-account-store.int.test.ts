import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { connectMongo, SecretKeyring, type MongoConnection } from '@checkout/platform';
import { MongoProviderAccountReader, MongoProviderAccountStore, PROVIDER_ACCOUNTS_COLLECTION } from '@checkout/provider-accounts';
import { accountDocument, providerAccountStoreContract } from '../../../../test/adapter-contracts/provider-account-store.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

const k1 = randomBytes(32).toString('base64');
const keyring = SecretKeyring.parse(`k1:${k1}`);
let mongo: MongoConnection | undefined;

async function freshDatabase(): Promise<MongoConnection> {
  mongo = await connectMongo(infra.mongoUrl, uniqueName('accounts').replace(/-/g, '_'));
  return mongo;
}
async function dropDatabase(): Promise<void> {
  await mongo?.db.dropDatabase();
  await mongo?.client.close();
  mongo = undefined;
}

providerAccountStoreContract(
  'MongoProviderAccountStore on a real MongoDB wire server',
  async () => {
    const store = new MongoProviderAccountStore((await freshDatabase()).db, keyring);
    await store.ensureIndexes();
    return store;
  },
  dropDatabase,
);

describe('MongoProviderAccountStore sealing credentials', () => {
  afterEach(dropDatabase);
  const credentials = { provider: 'adyen' as const, apiKey: 'AQEyhmfxLI3MaBdLw0m_secret_api_key', merchantAccount: 'ShopECOM', hmacKey: 'AB'.repeat(32), liveUrlPrefix: null };

  it('should keep no credential or webhook secret in clear in the stored documents, and open them again', async () => {
    const { db } = await freshDatabase();
    const store = new MongoProviderAccountStore(db, keyring);
    await store.insert(accountDocument('pa_sealed', { provider: 'adyen' }), credentials);
    await store.replaceCredentials('pa_sealed', { ...credentials, hmacKey: 'CD'.repeat(32) }, {}, new Date(), new Date(Date.now() + 60_000));
    const raw = JSON.stringify(await db.collection(PROVIDER_ACCOUNTS_COLLECTION).find({}).toArray());
    for (const secret of ['AQEyhmfxLI3MaBdLw0m_secret_api_key', 'AB'.repeat(32), 'CD'.repeat(32)]) expect(raw).not.to.include(secret);
    expect(raw).to.include('sealed:v1:k1:');
    const opened = await store.credentialsOf('pa_sealed', new Date());
    expect(opened).to.deep.include({ credentials: { ...credentials, hmacKey: 'CD'.repeat(32) }, previousWebhookSecrets: ['AB'.repeat(32)] });
    // Routing and notifications read accounts without a keyring, and never see the sealed values.
    const reader = new MongoProviderAccountReader(db);
    expect(JSON.stringify([await reader.find('pa_sealed'), ...(await reader.accountsOf({ applicationId: 'app-1', livemode: false }))])).not.to.include('sealed:v1');
  });

  it('should not open credentials sealed for another account (a copied document) or without the key', async () => {
    const { db } = await freshDatabase();
    const store = new MongoProviderAccountStore(db, keyring);
    await store.insert(accountDocument('pa_a'), { provider: 'stripe', secretKey: 'sk_test_a', webhookSecret: 'whsec_a' });
    const copied = await db.collection(PROVIDER_ACCOUNTS_COLLECTION).findOne({ _id: 'pa_a' as never });
    await db.collection(PROVIDER_ACCOUNTS_COLLECTION).insertOne({ ...copied, _id: 'pa_b' as never });
    const error = await store.credentialsOf('pa_b', new Date()).catch((e: unknown) => e);
    expect(String(error)).to.match(/does not open/).and.not.to.include('sk_test_a');
    const stranger = new MongoProviderAccountStore(db, SecretKeyring.parse(`k9:${randomBytes(32).toString('base64')}`));
    expect(String(await stranger.credentialsOf('pa_a', new Date()).catch((e: unknown) => e))).to.match(/key k1, which is not in the keyring/);
  });

  it('should reseal every account sealed under an older key with the current one', async () => {
    const { db } = await freshDatabase();
    await new MongoProviderAccountStore(db, keyring).insert(accountDocument('pa_old'), { provider: 'stripe', secretKey: 'sk_test_old', webhookSecret: 'whsec_old' });
    const rotated = new MongoProviderAccountStore(db, SecretKeyring.parse(`k2:${randomBytes(32).toString('base64')},k1:${k1}`));
    expect(await rotated.resealSecrets()).to.equal(1);
    expect(await rotated.resealSecrets()).to.equal(0);
    expect(JSON.stringify(await db.collection(PROVIDER_ACCOUNTS_COLLECTION).find({}).toArray())).not.to.include('sealed:v1:k1:');
    expect((await rotated.credentialsOf('pa_old', new Date()))!.credentials).to.deep.include({ secretKey: 'sk_test_old' });
  });
});
