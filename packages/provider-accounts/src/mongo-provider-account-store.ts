import { MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import { modeOfScope, type MerchantScope } from '@checkout/contracts';
import { insertOnce, NEWEST_FIRST_SORT, newestFirstAfter, whileMongoReachable, type Listed, type SecretKeyring } from '@checkout/platform';
import { credentialsHint, modeOf, PROVIDER_IDS, type ProviderCredentials } from '@checkout/providers';
import { accountInScope, platformAccountId, type ProviderAccount } from './provider-account';
import { AccountChangedConcurrently, webhookSecretOf, type AccountChanges, type AccountWithCredentials, type ProviderAccountStore } from './provider-account-store';

export const PROVIDER_ACCOUNTS_COLLECTION = 'provider_accounts';

/** An account as stored: its credentials (JSON) and previous webhook secrets sealed under the keyring. */
export interface ProviderAccountDocument extends ProviderAccount {
  sealedCredentials: string;
  previousWebhookSecrets: { sealed: string; expiresAt: Date }[];
}

/**
 * Provider accounts on MongoDB 7 and FerretDB 1.x, every write by `_id` (the one filter FerretDB
 * pushes down), conditions checked in the filter so each change is one atomic single-document write.
 */
export class MongoProviderAccountStore implements ProviderAccountStore {
  private readonly accounts: Collection<ProviderAccountDocument>;
  private readonly reader: MongoProviderAccountReader;

  constructor(
    db: Db,
    private readonly keyring: SecretKeyring,
  ) {
    // Every method: an unreachable server is a MongoUnavailable (a 503), not a 500.
    for (const name of Object.getOwnPropertyNames(MongoProviderAccountStore.prototype) as (keyof this & string)[]) {
      const method = this[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      Object.defineProperty(this, name, { value: (...args: unknown[]) => whileMongoReachable(() => (method as (...a: unknown[]) => Promise<unknown>).apply(this, args)) });
    }
    this.accounts = db.collection(PROVIDER_ACCOUNTS_COLLECTION);
    this.reader = new MongoProviderAccountReader(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.accounts.createIndex({ applicationId: 1, createdAt: -1 }, { name: 'application_created' });
  }

  insert(account: ProviderAccount, credentials: ProviderCredentials): Promise<boolean> {
    return insertOnce(this.accounts, { ...account, sealedCredentials: sealCredentials(this.keyring, account._id, credentials), previousWebhookSecrets: [] });
  }

  async find(accountId: string, scope?: MerchantScope): Promise<ProviderAccount | null> {
    const document = await this.accounts.findOne({ _id: accountId });
    return document && (scope === undefined || accountInScope(document, scope)) ? withoutSecrets(document) : null;
  }

  async credentialsOf(accountId: string, now: Date): Promise<AccountWithCredentials | null> {
    const document = await this.accounts.findOne({ _id: accountId });
    // A platform account's document (published, no credentials) has nothing to open: the provider service holds those.
    if (!document?.sealedCredentials) return null;
    return {
      account: withoutSecrets(document),
      credentials: JSON.parse(this.keyring.open(document.sealedCredentials, credentialsContext(accountId))) as ProviderCredentials,
      previousWebhookSecrets: document.previousWebhookSecrets.filter((secret) => secret.expiresAt > now).map((secret) => this.keyring.open(secret.sealed, previousContext(accountId))),
    };
  }

  async list(scope: MerchantScope, page: { limit: number; after?: Listed }): Promise<ProviderAccount[]> {
    const documents = await this.accounts
      .find({ ...accountScopeFilter(scope), ...newestFirstAfter<ProviderAccountDocument>(page.after) }, { projection: SECRETS_LEFT_OUT })
      .sort(NEWEST_FIRST_SORT)
      .limit(page.limit)
      .toArray();
    return documents.map(withoutSecrets);
  }

  async accountsOf(scope: MerchantScope): Promise<ProviderAccount[]> {
    return this.reader.accountsOf(scope);
  }

  async publishPlatformAccounts(accounts: readonly ProviderAccount[]): Promise<void> {
    for (const account of accounts) {
      const document = { ...account, sealedCredentials: '', previousWebhookSecrets: [] };
      try {
        await this.accounts.replaceOne({ _id: account._id }, document, { upsert: true });
      } catch (error) {
        // Two replicas starting together: the other's upsert inserted it first; replace what it wrote.
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
        await this.accounts.replaceOne({ _id: account._id }, document);
      }
    }
  }

  async platformAccounts(): Promise<ProviderAccount[]> {
    return this.reader.platformAccounts();
  }

  async update(accountId: string, changes: AccountChanges, now: Date): Promise<ProviderAccount | null> {
    const updated = await this.accounts.findOneAndUpdate({ _id: accountId }, { $set: { ...changes, updatedAt: now } }, { returnDocument: 'after' });
    return updated ? withoutSecrets(updated) : null;
  }

  async replaceCredentials(accountId: string, credentials: ProviderCredentials, changes: AccountChanges, now: Date, previousUntil: Date): Promise<ProviderAccount | null> {
    const current = await this.accounts.findOne({ _id: accountId });
    if (!current) return null;
    const oldSecret = webhookSecretOf(JSON.parse(this.keyring.open(current.sealedCredentials, credentialsContext(accountId))) as ProviderCredentials);
    const kept = current.previousWebhookSecrets.filter((secret) => secret.expiresAt > now);
    const previous = oldSecret && oldSecret !== webhookSecretOf(credentials) ? [...kept, { sealed: this.keyring.seal(oldSecret, previousContext(accountId)), expiresAt: previousUntil }] : kept;
    // Only over the credentials read above: a concurrent replacement makes this one find nothing, and fail.
    const updated = await this.accounts.findOneAndUpdate(
      { _id: accountId, credentialsVersion: current.credentialsVersion },
      {
        $set: {
          ...changes,
          status: 'enabled',
          statusReason: null,
          mode: modeOf(credentials),
          credentialsHint: credentialsHint(credentials),
          sealedCredentials: sealCredentials(this.keyring, accountId, credentials),
          previousWebhookSecrets: previous,
          credentialsVersion: current.credentialsVersion + 1,
          updatedAt: now,
        },
      },
      { returnDocument: 'after' },
    );
    if (!updated) throw new AccountChangedConcurrently(`the credentials of ${accountId} were replaced by another request meanwhile`);
    return withoutSecrets(updated);
  }

  async markCredentialsRejected(accountId: string, credentialsVersion: number, reason: string, now: Date): Promise<boolean> {
    const result = await this.accounts.updateOne({ _id: accountId, credentialsVersion, status: 'enabled' }, { $set: { status: 'credentials_rejected', statusReason: reason, updatedAt: now } });
    return result.modifiedCount === 1;
  }

  async delete(accountId: string, scope: MerchantScope): Promise<boolean> {
    if (!(await this.find(accountId, scope))) return false;
    return (await this.accounts.deleteOne({ _id: accountId })).deletedCount === 1;
  }

  /**
   * Seals again every secret in plain text or sealed under a key that is no longer the current one:
   * the keyring rotation's second step (docs/security.md).
   */
  async resealSecrets(): Promise<number> {
    let resealed = 0;
    for await (const document of this.accounts.find({}, { projection: { sealedCredentials: 1, previousWebhookSecrets: 1 } })) {
      if (!document.sealedCredentials) continue; // a published platform account: nothing sealed
      const stale = this.keyring.needsResealing(document.sealedCredentials) || document.previousWebhookSecrets.some((secret) => this.keyring.needsResealing(secret.sealed));
      if (!stale) continue;
      const id = document._id;
      await this.accounts.updateOne(
        { _id: id },
        {
          $set: {
            sealedCredentials: this.keyring.seal(this.keyring.open(document.sealedCredentials, credentialsContext(id)), credentialsContext(id)),
            previousWebhookSecrets: document.previousWebhookSecrets.map((secret) => ({ ...secret, sealed: this.keyring.seal(this.keyring.open(secret.sealed, previousContext(id)), previousContext(id)) })),
          },
        },
      );
      resealed += 1;
    }
    return resealed;
  }
}

/** What routing and notifications read: accounts, never their secrets (they hold no keyring). */
export class MongoProviderAccountReader {
  private readonly accounts: Collection<ProviderAccountDocument>;

  constructor(db: Db) {
    this.accounts = db.collection(PROVIDER_ACCOUNTS_COLLECTION);
  }

  async accountsOf(scope: MerchantScope): Promise<ProviderAccount[]> {
    return whileMongoReachable(async () => (await this.accounts.find(accountScopeFilter(scope), { projection: SECRETS_LEFT_OUT }).toArray()).map(withoutSecrets));
  }

  async platformAccounts(): Promise<ProviderAccount[]> {
    const ids = PROVIDER_IDS.map(platformAccountId);
    return whileMongoReachable(async () => (await this.accounts.find({ _id: { $in: ids } }, { projection: SECRETS_LEFT_OUT }).toArray()).map(withoutSecrets));
  }

  async find(accountId: string): Promise<ProviderAccount | null> {
    return whileMongoReachable(async () => {
      const document = await this.accounts.findOne({ _id: accountId }, { projection: SECRETS_LEFT_OUT });
      return document ? withoutSecrets(document) : null;
    });
  }
}

/** An account's mode is always stored (from its credentials): a plain equality. */
function accountScopeFilter(scope: MerchantScope): Filter<ProviderAccountDocument> {
  return { applicationId: scope.applicationId, mode: modeOfScope(scope.livemode) };
}

// FerretDB 1.x takes no projection on findAndModify: those answers are stripped by withoutSecrets instead.
const SECRETS_LEFT_OUT = { sealedCredentials: 0, previousWebhookSecrets: 0 } as const;

function withoutSecrets(document: Partial<Pick<ProviderAccountDocument, 'sealedCredentials' | 'previousWebhookSecrets'>> & ProviderAccount): ProviderAccount {
  const { sealedCredentials: _sealed, previousWebhookSecrets: _previous, ...account } = document;
  return account;
}

/** Where an account's secrets are kept, bound into their sealing: sealed credentials copied to another account do not open. */
function credentialsContext(accountId: string): string {
  return `${PROVIDER_ACCOUNTS_COLLECTION}:${accountId}:credentials`;
}

function previousContext(accountId: string): string {
  return `${PROVIDER_ACCOUNTS_COLLECTION}:${accountId}:previousWebhookSecrets`;
}

function sealCredentials(keyring: SecretKeyring, accountId: string, credentials: ProviderCredentials): string {
  return keyring.seal(JSON.stringify(credentials), credentialsContext(accountId));
}
