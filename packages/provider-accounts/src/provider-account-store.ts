import type { MerchantScope } from '@checkout/contracts';
import type { Listed } from '@checkout/platform';
import type { ProviderCredentials } from '@checkout/providers';
import type { ProviderAccount } from './provider-account';

/** An account with what only the provider service reads: its credentials, and webhook secrets still in their overlap. */
export interface AccountWithCredentials {
  account: ProviderAccount;
  credentials: ProviderCredentials;
  previousWebhookSecrets: string[];
}

export type AccountChanges = Partial<Pick<ProviderAccount, 'label' | 'status' | 'statusReason' | 'constraints' | 'fees'>>;

/** The `provider_accounts` collection. Adapters: MongoProviderAccountStore, InMemoryProviderAccountStore. */
export interface ProviderAccountStore {
  /** Inserts the account (its credentials sealed) unless one with its id exists: false then. */
  insert(account: ProviderAccount, credentials: ProviderCredentials): Promise<boolean>;
  /** With a scope, only the scope's own account: another application's or the other mode's id is not found. */
  find(accountId: string, scope?: MerchantScope): Promise<ProviderAccount | null>;
  credentialsOf(accountId: string, now: Date): Promise<AccountWithCredentials | null>;
  list(scope: MerchantScope, page: { limit: number; after?: Listed }): Promise<ProviderAccount[]>;
  /** Every account of the scope, whatever its status (an application has a handful). */
  accountsOf(scope: MerchantScope): Promise<ProviderAccount[]>;
  /**
   * Writes the deployment's platform accounts as the provider service knows them (mode and hint,
   * never a credential), replacing what an earlier start wrote: routing learns their modes here.
   */
  publishPlatformAccounts(accounts: readonly ProviderAccount[]): Promise<void>;
  /** The platform accounts the provider service published. */
  platformAccounts(): Promise<ProviderAccount[]>;
  /** Applies the changes; the account as it is now, or null when it is gone. */
  update(accountId: string, changes: AccountChanges, now: Date): Promise<ProviderAccount | null>;
  /**
   * New credentials (sealed), their mode and hint, a new credentialsVersion, status enabled; the old webhook secret keeps
   * verifying until `previousUntil`. Null when the account is gone; AccountChangedConcurrently when
   * another replacement got there first.
   */
  replaceCredentials(accountId: string, credentials: ProviderCredentials, changes: AccountChanges, now: Date, previousUntil: Date): Promise<ProviderAccount | null>;
  /** Marks the account credentials_rejected, if it is still enabled with these credentials: true when this call marked it. */
  markCredentialsRejected(accountId: string, credentialsVersion: number, reason: string, now: Date): Promise<boolean>;
  /** True when it existed (in this scope) and is now gone. */
  delete(accountId: string, scope: MerchantScope): Promise<boolean>;
}

/** Another request replaced the account's credentials between this one's read and its write: nothing of this one was written. */
export class AccountChangedConcurrently extends Error {}

/** The webhook secret of a set of credentials, which keeps verifying for a while after they change. */
export function webhookSecretOf(credentials: ProviderCredentials): string | null {
  switch (credentials.provider) {
    case 'stripe':
      return credentials.webhookSecret;
    case 'adyen':
      return credentials.hmacKey;
    case 'sandbox':
      return null;
  }
}
