import { credentialsHint, modeOf, type ProviderCredentials, type ProviderId } from '@checkout/providers';
import { platformAccountId, type ProviderAccount } from './provider-account';
import type { ProviderAccountStore } from './provider-account-store';

const EPOCH = new Date(0);

/** The deployment's own account at one provider: offered to applications with none of their own for that provider. */
export function platformAccount(provider: ProviderId, mode: 'test' | 'live', hint: string): ProviderAccount {
  return {
    _id: platformAccountId(provider),
    applicationId: null,
    provider,
    label: `Platform ${provider}`,
    mode,
    status: 'enabled',
    statusReason: null,
    credentialsHint: hint,
    constraints: null,
    fees: null,
    credentialsVersion: 0,
    createdAt: EPOCH,
    updatedAt: EPOCH,
  };
}

/** The platform accounts of the deployment's credentials (the provider service's view: it holds them). */
export function platformAccounts(credentials: readonly ProviderCredentials[]): ProviderAccount[] {
  return credentials.map((entry) => platformAccount(entry.provider, modeOf(entry), credentialsHint(entry)));
}

/**
 * The accounts an application's sessions may be routed to: its own, whatever their status (routing
 * says why one not enabled was left out), and the platform's for each provider it has none of its own for.
 */
export class AccountDirectory {
  constructor(
    private readonly store: Pick<ProviderAccountStore, 'accountsOf'>,
    private readonly platform: readonly ProviderAccount[],
  ) {}

  async accountsFor(applicationId: string): Promise<ProviderAccount[]> {
    const own = await this.store.accountsOf(applicationId);
    const covered = new Set(own.map((account) => account.provider));
    return [...own, ...this.platform.filter((account) => !covered.has(account.provider))];
  }
}

/**
 * The directory's answers kept `ttlMs` per application (routing asks once per session): an account
 * disabled or added is seen within that time; the provider service checks each account it uses anyway.
 */
export class CachedAccountDirectory {
  private readonly cache = new Map<string, { accounts: Promise<ProviderAccount[]>; until: number }>();

  constructor(
    private readonly directory: Pick<AccountDirectory, 'accountsFor'>,
    private readonly ttlMs: number,
    private readonly maxApplications = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  accountsFor(applicationId: string): Promise<ProviderAccount[]> {
    const now = this.now();
    const cached = this.cache.get(applicationId);
    if (cached && cached.until > now) return cached.accounts;
    if (this.cache.size >= this.maxApplications) this.cache.delete(this.cache.keys().next().value!);
    const accounts = this.directory.accountsFor(applicationId);
    this.cache.set(applicationId, { accounts, until: now + this.ttlMs });
    // A failed read is not kept: the next session asks again.
    accounts.catch(() => this.cache.delete(applicationId));
    return accounts;
  }
}
