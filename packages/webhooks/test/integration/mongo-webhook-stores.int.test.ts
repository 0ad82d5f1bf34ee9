import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { connectMongo, MongoUnavailable, SecretKeyring } from '@checkout/platform';
import { randomBytes } from 'node:crypto';
import { newSecret, rotatedSecrets, WEBHOOK_COLLECTIONS, type WebhookEndpointDocument } from '@checkout/webhooks';
import { infra, uniqueName } from '../../../../test/support/infra';
import { rejection } from '../../../../test/support/rejection';
import { MongoWebhookStores } from '@checkout/webhooks';
import { webhookStoresContract } from '../../../../test/adapter-contracts/webhook-stores.contract';
import { mongoContractFixture } from '../../../../test/support/mongo-contract-fixture';

const k1 = randomBytes(32).toString('base64');
const keyring = SecretKeyring.parse(`k1:${k1}`);
const fixture = mongoContractFixture('webhooks', (db) => new MongoWebhookStores(db, keyring));
webhookStoresContract('MongoWebhookStores on a real MongoDB wire server', fixture.setup, fixture.teardown, fixture.others);

describe('MongoWebhookStores without a server', () => {
  it('should report an unreachable server as MongoUnavailable (a 503), not as a driver error', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:9', { serverSelectionTimeoutMS: 200 });
    try {
      const error = await rejection(new MongoWebhookStores(client.db('none'), keyring).findEvent('evt_0'), MongoUnavailable);
      expect(error.dependency).to.equal('MongoDB');
    } finally {
      await client.close();
    }
  });
});

describe('MongoWebhookStores sealing signing secrets', () => {
  const endpoint = (id: string, secret = newSecret(new Date())): WebhookEndpointDocument => ({
    _id: id,
    applicationId: 'app_seal',
    url: 'https://merchant.example/hooks',
    enabledEvents: ['*'],
    description: null,
    status: 'enabled',
    secrets: [secret],
    failingSince: null,
    disabledReason: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });

  it('should keep no signing secret in clear in the stored documents, and give the secrets back when read', async () => {
    const mongo = await connectMongo(infra.mongoUrl, uniqueName('seal').replace(/-/g, '_'));
    try {
      const stores = new MongoWebhookStores(mongo.db, keyring);
      const secret = newSecret(new Date());
      await stores.insertEndpoint(endpoint('we_sealed', secret));
      const { secrets, current } = rotatedSecrets(endpoint('we_sealed', secret), new Date());
      await stores.setSecrets('we_sealed', secrets);
      const raw = JSON.stringify(await mongo.db.collection(WEBHOOK_COLLECTIONS.endpoints).find({}).toArray());
      expect(raw).not.to.include(secret.value.slice(6));
      expect(raw).not.to.include(current.value.slice(6));
      expect(raw).to.include('sealed:v1:k1:');
      expect((await stores.findEndpoint('we_sealed'))!.secrets.map((s) => s.value)).to.deep.equal([secret.value, current.value]);
      expect((await stores.endpointsOf({ applicationId: 'app_seal', livemode: true }))[0]!.secrets[1]!.value).to.equal(current.value);
    } finally {
      await mongo.db.dropDatabase();
      await mongo.client.close();
    }
  });

  it('should reseal secrets written in clear or under an older key with the current key', async () => {
    const mongo = await connectMongo(infra.mongoUrl, uniqueName('reseal').replace(/-/g, '_'));
    try {
      const legacy = endpoint('we_legacy');
      await mongo.db.collection<WebhookEndpointDocument>(WEBHOOK_COLLECTIONS.endpoints).insertOne(legacy);
      await new MongoWebhookStores(mongo.db, keyring).insertEndpoint(endpoint('we_old_key'));
      const rotated = SecretKeyring.parse(`k2:${randomBytes(32).toString('base64')},k1:${k1}`);
      const stores = new MongoWebhookStores(mongo.db, rotated);
      expect(await stores.resealSecrets()).to.equal(2);
      expect(await stores.resealSecrets()).to.equal(0);
      const raw = JSON.stringify(await mongo.db.collection(WEBHOOK_COLLECTIONS.endpoints).find({}).toArray());
      expect(raw).not.to.include(legacy.secrets[0]!.value);
      expect(raw).not.to.include('sealed:v1:k1:');
      expect((await stores.findEndpoint('we_legacy'))!.secrets[0]!.value).to.equal(legacy.secrets[0]!.value);
    } finally {
      await mongo.db.dropDatabase();
      await mongo.client.close();
    }
  });
});
