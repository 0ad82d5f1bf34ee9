import type { MerchantScope } from '@checkout/contracts';
import { newestFirst, SecretKeyring, type Listed } from '@checkout/platform';
import { credentialsHint, modeOf, type ProviderCredentials } from '@checkout/providers';
import { accountInScope, type ProviderAccount } from './provider-account';
import { webhookSecretOf, type AccountChanges, type AccountWithCredentials, type ProviderAccountStore } from './provider-account-store';

interface Stored {
  account: ProviderAccount;
  /** Sealed like the MongoDB store's, under the process's own keyring: no credential sits in memory in clear. */
  sealed: string;
  previous: { secret: string; expiresAt: Date }[];
}

/** The embedded mode's and the unit tests' provider accounts: one process, nothing kept. */
export class InMemoryProviderAccountStore implements ProviderAccountStore {
  private readonly accounts = new Map<string, Stored>();
  /** Published by the provider service: no credentials here (it holds them). */
  private readonly platform = new Map<string, Stored>();

  constructor(private readonly keyring: SecretKeyring = SecretKeyring.ephemeral()) {}

  private credentials(stored: Stored): ProviderCredentials {
    return JSON.parse(this.keyring.open(stored.sealed, stored.account._id)) as ProviderCredentials;
  }

  async insert(account: ProviderAccount, credentials: ProviderCredentials): Promise<boolean> {
    if (this.accounts.has(account._id)) return false;
    this.accounts.set(account._id, { account: structuredClone(account), sealed: this.keyring.seal(JSON.stringify(credentials), account._id), previous: [] });
    return true;
  }

  async find(accountId: string, scope?: MerchantScope): Promise<ProviderAccount | null> {
    const stored = this.accounts.get(accountId) ?? this.platform.get(accountId);
    return stored && (scope === undefined || accountInScope(stored.account, scope)) ? structuredClone(stored.account) : null;
  }

  async credentialsOf(accountId: string, now: Date): Promise<AccountWithCredentials | null> {
    const stored = this.accounts.get(accountId);
    if (!stored) return null;
    return {
      account: structuredClone(stored.account),
      credentials: this.credentials(stored),
      previousWebhookSecrets: stored.previous.filter((entry) => entry.expiresAt > now).map((entry) => entry.secret),
    };
  }

  async list(scope: MerchantScope, page: { limit: number; after?: Listed }): Promise<ProviderAccount[]> {
    const { after } = page;
    return (await this.accountsOf(scope))
      .sort(newestFirst)
      .filter((account) => !after || newestFirst(after, account) < 0)
      .slice(0, page.limit);
  }

  async accountsOf(scope: MerchantScope): Promise<ProviderAccount[]> {
    return [...this.accounts.values()].filter((stored) => accountInScope(stored.account, scope)).map((stored) => structuredClone(stored.account));
  }

  async publishPlatformAccounts(accounts: readonly ProviderAccount[]): Promise<void> {
    for (const account of accounts) this.platform.set(account._id, { account: structuredClone(account), sealed: '', previous: [] });
  }

  async platformAccounts(): Promise<ProviderAccount[]> {
    return [...this.platform.values()].map((stored) => structuredClone(stored.account));
  }

  async update(accountId: string, changes: AccountChanges, now: Date): Promise<ProviderAccount | null> {
    const stored = this.accounts.get(accountId);
    if (!stored) return null;
    stored.account = { ...stored.account, ...structuredClone(changes), updatedAt: now };
    return structuredClone(stored.account);
  }

  async replaceCredentials(accountId: string, credentials: ProviderCredentials, changes: AccountChanges, now: Date, previousUntil: Date): Promise<ProviderAccount | null> {
    const stored = this.accounts.get(accountId);
    if (!stored) return null;
    const oldSecret = webhookSecretOf(this.credentials(stored));
    stored.previous = stored.previous.filter((entry) => entry.expiresAt > now);
    if (oldSecret && oldSecret !== webhookSecretOf(credentials)) stored.previous.push({ secret: oldSecret, expiresAt: previousUntil });
    stored.sealed = this.keyring.seal(JSON.stringify(credentials), accountId);
    stored.account = { ...stored.account, ...structuredClone(changes), status: 'enabled', statusReason: null, mode: modeOf(credentials), credentialsHint: credentialsHint(credentials), credentialsVersion: stored.account.credentialsVersion + 1, updatedAt: now };
    return structuredClone(stored.account);
  }

  async markCredentialsRejected(accountId: string, credentialsVersion: number, reason: string, now: Date): Promise<boolean> {
    const stored = this.accounts.get(accountId);
    if (!stored || stored.account.credentialsVersion !== credentialsVersion || stored.account.status !== 'enabled') return false;
    stored.account = { ...stored.account, status: 'credentials_rejected', statusReason: reason, updatedAt: now };
    return true;
  }

  async delete(accountId: string, scope: MerchantScope): Promise<boolean> {
    const stored = this.accounts.get(accountId);
    if (!stored || !accountInScope(stored.account, scope)) return false;
    return this.accounts.delete(accountId);
  }
}
