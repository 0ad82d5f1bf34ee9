import { createHash, randomBytes } from 'node:crypto';
import type { MerchantScope, Mode, PaymentMethod, ProviderAccountStatus } from '@checkout/contracts';
import type { ProviderId } from '@checkout/providers';

/** A fee in minor units: percent of the amount plus a fixed amount. */
export interface AccountFee {
  percent: number;
  fixedMinor: number;
}

/** Where an account may be used, within the provider's own catalog; absent lists do not narrow. Amounts in minor units. */
export interface AccountConstraints {
  currencies?: string[];
  countries?: string[];
  paymentMethods?: PaymentMethod[];
  amountLimits?: Record<string, { minMinor: number; maxMinor: number }>;
}

/**
 * One provider account: a merchant's own (`pa_…`, in `provider_accounts`) or the deployment's
 * (a platform account, from its settings). Its credentials are kept apart: sealed in the store,
 * read only by the provider service (credentialsOf).
 */
export interface ProviderAccount {
  _id: string;
  /** The owning application; null for a platform account, offered to every application without one of its own for that provider. */
  applicationId: string | null;
  provider: ProviderId;
  label: string;
  /** From the credentials (sk_test_/sk_live_, Adyen TEST/LIVE; the sandbox is always test): the sessions of this mode only may use it. */
  mode: Mode;
  status: ProviderAccountStatus;
  statusReason: string | null;
  credentialsHint: string;
  constraints: AccountConstraints | null;
  /** Per currency; a currency without an entry is scored on the catalog's fees. */
  fees: Record<string, AccountFee> | null;
  /** Bumped by every change of credentials: provider clients are cached per (id, version). */
  credentialsVersion: number;
  /** For an account created with an Idempotency-Key: the request's fingerprint, so that a retry with another body is refused. */
  requestFingerprint?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** How long an account's previous webhook secret still verifies the provider's webhooks after a credentials change. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 3600 * 1000;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alphanumeric = (bytes: Buffer) => [...bytes].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');

export function newAccountId(): string {
  return `pa_${alphanumeric(randomBytes(24))}`;
}

/**
 * The id of the account a scope creates with an Idempotency-Key: the same for every retry, so the
 * unique `_id` is the guard; the same key in the other mode is another account.
 */
export function accountIdFor(scope: MerchantScope, idempotencyKey: string): string {
  const mode = scope.livemode ? '' : 'test\n';
  return `pa_${alphanumeric(createHash('sha256').update(`provider-account\n${scope.applicationId}\n${mode}${idempotencyKey}`).digest().subarray(0, 24))}`;
}

/**
 * The mode of the sessions an account may serve: its own, except that the sandbox (which completes a
 * payment at a click) is test whatever a document says. Routing and the provider service both ask here.
 */
export function servedMode(account: Pick<ProviderAccount, 'provider' | 'mode'>): Mode {
  return account.provider === 'sandbox' ? 'test' : account.mode;
}

/** Whether the account is the scope's own: its application's, in the scope's mode (an account's mode is its credentials'). */
export function accountInScope(account: ProviderAccount, scope: MerchantScope): boolean {
  return account.applicationId === scope.applicationId && (account.mode === 'live') === scope.livemode;
}

/** A platform account's id: `pa_platform_stripe`. */
export function platformAccountId(provider: ProviderId | string): string {
  return `pa_platform_${provider}`;
}

export function isPlatformAccountId(accountId: string): boolean {
  return accountId.startsWith('pa_platform_');
}
