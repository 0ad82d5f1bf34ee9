import type { Logger } from '@checkout/platform';
import { isPlatformAccountId, platformAccounts, type ProviderAccount, type ProviderAccountStore } from '@checkout/provider-accounts';
import { buildProvider, type PaymentProvider, type ProviderCredentials, type ProviderEndpoints } from '@checkout/providers';

/** An account as it is now, with the adapter that acts with its credentials. */
export interface AccountClient {
  account: ProviderAccount;
  provider: PaymentProvider;
}

/**
 * The adapter of each provider account. Platform accounts' are built once at start-up; a merchant
 * account's is built from its sealed credentials and kept (at most `maxCached`, least recently used
 * dropped first) for as long as its credentials and webhook secrets stay the same. The account is
 * read on every call, so a disabled account or new credentials take effect at once.
 */
export class AccountClients {
  private readonly cache = new Map<string, { key: string; provider: PaymentProvider }>();

  constructor(
    private readonly platform: ReadonlyMap<string, AccountClient>,
    private readonly store: Pick<ProviderAccountStore, 'credentialsOf'>,
    private readonly endpoints: ProviderEndpoints,
    private readonly logger: Logger,
    private readonly maxCached = 1000,
  ) {}

  /** Null when no such account exists (any more). */
  async clientFor(accountId: string): Promise<AccountClient | null> {
    if (isPlatformAccountId(accountId)) return this.platform.get(accountId) ?? null;
    const found = await this.store.credentialsOf(accountId, new Date());
    if (!found) {
      this.cache.delete(accountId);
      return null;
    }
    const key = `${found.account.credentialsVersion}:${found.previousWebhookSecrets.length}`;
    const cached = this.cache.get(accountId);
    this.cache.delete(accountId);
    if (cached?.key === key) {
      this.cache.set(accountId, cached);
      return { account: found.account, provider: cached.provider };
    }
    let provider: PaymentProvider;
    try {
      provider = buildProvider(found.credentials, this.endpoints, found.previousWebhookSecrets);
    } catch (error) {
      // Credentials are checked when saved; ones that no longer build are reported without their values.
      this.logger.error({ accountId, provider: found.account.provider }, `the credentials of a provider account cannot be used: ${(error as Error).message}`);
      return null;
    }
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(accountId, { key, provider });
    return { account: found.account, provider };
  }

  /** The deployment's own accounts (mode and hint; their credentials stay in this service). */
  platformAccounts(): ProviderAccount[] {
    return [...this.platform.values()].map((client) => client.account);
  }

  /** How many merchant accounts' adapters are kept (for tests and the gauge). */
  get cachedCount(): number {
    return this.cache.size;
  }
}

/** The platform accounts' clients, by account id: the deployment's credentials and the adapters built from them at start-up. */
export function platformAccountClients(credentials: readonly ProviderCredentials[], adapters: ReadonlyMap<string, PaymentProvider>): Map<string, AccountClient> {
  return new Map(platformAccounts(credentials).map((account) => [account._id, { account, provider: adapters.get(account.provider)! }]));
}
