import { connectMongo, infrastructureSettings, keyringOf, keyringSettings, loadConfigOrExit } from '@checkout/platform';
import { MongoProviderAccountStore } from '@checkout/provider-accounts';
import { MongoWebhookStores } from '@checkout/webhooks';

/**
 * `npm run secrets:reseal` (in the image: `checkout reseal-secrets`): the second step of a keyring
 * rotation. Seals again, under the keyring's current (first) key, every provider account's
 * credentials and every webhook endpoint's signing secrets that are in plain text (written before
 * secrets were sealed) or under an older key. Safe to run again, and beside running services: each
 * document is rewritten with the same secrets. Prints counts, never a secret.
 */
async function main(): Promise<void> {
  const { nodeEnv, mongoUrl, mongoDatabase, mongoTimeoutMs } = infrastructureSettings;
  const config = loadConfigOrExit('reseal-secrets', { nodeEnv, mongoUrl, mongoDatabase, mongoTimeoutMs, ...keyringSettings });
  const keyring = keyringOf(config);
  const mongo = await connectMongo(config.mongoUrl, config.mongoDatabase, { timeoutMs: config.mongoTimeoutMs });
  try {
    const accounts = await new MongoProviderAccountStore(mongo.db, keyring).resealSecrets();
    const endpoints = await new MongoWebhookStores(mongo.db, keyring).resealSecrets();
    process.stdout.write(`resealed under key ${keyring.currentKeyId}: ${accounts} provider account(s), ${endpoints} webhook endpoint(s)\n`);
  } finally {
    await mongo.client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reseal-secrets: ${(error as Error).message}\n`);
  process.exit(1);
});
