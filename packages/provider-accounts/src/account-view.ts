import type { ProviderAccountView } from '@checkout/contracts';
import { constraintsToApi, feesToApi } from './account-terms';
import type { ProviderAccount } from './provider-account';

/** Where a merchant's provider sends this account's webhooks, under the deployment's public URL. */
export function accountWebhookPath(account: Pick<ProviderAccount, '_id' | 'provider'>): string | null {
  return account.provider === 'sandbox' ? null : `/webhooks/${account.provider}/${account._id}`;
}

/** The account as the API shows it: never its credentials, only their hint. */
export function accountView(account: ProviderAccount): ProviderAccountView {
  return {
    id: account._id,
    object: 'provider_account',
    provider: account.provider,
    label: account.label,
    mode: account.mode,
    livemode: account.mode === 'live',
    status: account.status,
    statusReason: account.statusReason,
    credentialsHint: account.credentialsHint,
    constraints: account.constraints ? constraintsToApi(account.constraints) : null,
    fees: account.fees ? feesToApi(account.fees) : null,
    webhookUrl: accountWebhookPath(account),
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
