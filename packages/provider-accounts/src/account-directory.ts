import { modeOfScope, type MerchantScope } from '@checkout/contracts';
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
 * The accounts a scope's sessions may be routed to: its own in its mode, whatever their status
 * (routing says why one not enabled was left out), and the platform's for each provider it has none
 * of its own for, whatever their mode (routing says when the mode is why one cannot serve).
 * Platform accounts are those the provider service published (it alone knows their modes) among
 * the deployment's `offered` providers; the sandbox, always test, is known without it.
 */
export class AccountDirectory {
  constructor(
    private readonly store: Pick<ProviderAccountStore, 'accountsOf' | 'platformAccounts'>,
    private readonly offered: readonly ProviderId[],
  ) {}

  async accountsFor(scope: MerchantScope): Promise<ProviderAccount[]> {
    const [own, published] = await Promise.all([this.store.accountsOf(scope), this.store.platformAccounts()]);
    const covered = new Set(own.map((account) => account.provider));
    const platform = this.offered.flatMap((provider) => {
      const account = published.find((candidate) => candidate.provider === provider) ?? (provider === 'sandbox' ? platformAccount('sandbox', 'test', '') : undefined);
      return account && !covered.has(provider) ? [account] : [];
    });
    return [...own, ...platform];
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

  accountsFor(scope: MerchantScope): Promise<ProviderAccount[]> {
    const now = this.now();
    const key = `${modeOfScope(scope.livemode)}:${scope.applicationId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.accounts;
    if (this.cache.size >= this.maxApplications) this.cache.delete(this.cache.keys().next().value!);
    const accounts = this.directory.accountsFor(scope);
    this.cache.set(key, { accounts, until: now + this.ttlMs });
    // A failed read is not kept: the next session asks again.
    accounts.catch(() => this.cache.delete(key));
    return accounts;
  }
}
