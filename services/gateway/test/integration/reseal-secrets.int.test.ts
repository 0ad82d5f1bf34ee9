import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { connectMongo, SecretKeyring, type MongoConnection } from '@checkout/platform';
import { MongoProviderAccountStore, PROVIDER_ACCOUNTS_COLLECTION } from '@checkout/provider-accounts';
import { MongoWebhookStores, newSecret, WEBHOOK_COLLECTIONS } from '@checkout/webhooks';
import { accountDocument } from '../../../../test/adapter-contracts/provider-account-store.contract';
import { infra, uniqueName } from '../../../../test/support/infra';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../dist/reseal-secrets.js');

describe('npm run secrets:reseal (keyring rotation) on a real MongoDB wire server', function () {
  this.timeout(60_000);
  const database = uniqueName('reseal').replace(/-/g, '_');
  let mongo: MongoConnection;
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');

  before(async () => {
    mongo = await connectMongo(infra.mongoUrl, database);
  });
  after(async () => {
    await mongo.db.dropDatabase();
    await mongo.client.close();
  });

  it('should seal every secret under the new current key, leave none under the old, and print counts only', async () => {
    const old = SecretKeyring.parse(`old:${oldKey}`);
    await new MongoProviderAccountStore(mongo.db, old).insert(accountDocument('pa_rotate'), { provider: 'stripe', secretKey: 'sk_test_rotate_me', webhookSecret: 'whsec_rotate_me' });
    const secret = newSecret(new Date());
    // One endpoint written before secrets were sealed, in plain text.
    await mongo.db.collection(WEBHOOK_COLLECTIONS.endpoints).insertOne({
      _id: 'we_plain' as never, applicationId: 'app-1', url: 'https://m.example/h', enabledEvents: ['*'], description: null, status: 'enabled',
      secrets: [secret], failingSince: null, disabledReason: null, createdAt: new Date(), updatedAt: new Date(),
    });
    const env = { ...process.env, NODE_ENV: 'development', MONGO_URL: infra.mongoUrl, MONGO_DATABASE: database, CHECKOUT_SECRETS_KEYRING: `new:${newKey},old:${oldKey}` };
    const { stdout } = await run(process.execPath, [CLI], { env });
    expect(stdout).to.equal('resealed under key new: 1 provider account(s), 1 webhook endpoint(s)\n');
    const raw = JSON.stringify([...(await mongo.db.collection(PROVIDER_ACCOUNTS_COLLECTION).find({}).toArray()), ...(await mongo.db.collection(WEBHOOK_COLLECTIONS.endpoints).find({}).toArray())]);
    expect(raw).not.to.include('sealed:v1:old:').and.not.to.include(secret.value).and.not.to.include('sk_test_rotate_me');
    // The old key can now leave the keyring.
    const onlyNew = SecretKeyring.parse(`new:${newKey}`);
    expect((await new MongoProviderAccountStore(mongo.db, onlyNew).credentialsOf('pa_rotate', new Date()))!.credentials).to.deep.include({ secretKey: 'sk_test_rotate_me' });
    expect((await new MongoWebhookStores(mongo.db, onlyNew).findEndpoint('we_plain'))!.secrets[0]!.value).to.equal(secret.value);
    expect((await run(process.execPath, [CLI], { env })).stdout).to.equal('resealed under key new: 0 provider account(s), 0 webhook endpoint(s)\n');
  });

  it('should refuse to run in production without a keyring, naming the variable', async () => {
    const failure = await run(process.execPath, [CLI], { env: { ...process.env, NODE_ENV: 'production', MONGO_URL: `${infra.mongoUrl}/?tls=true`, CHECKOUT_SECRETS_KEYRING: '', CHECKOUT_SECRETS_KEYRING_FILE: '' } }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).to.include({ code: 78 });
    expect((failure as { stderr: string }).stderr).to.include('CHECKOUT_SECRETS_KEYRING');
  });
});
