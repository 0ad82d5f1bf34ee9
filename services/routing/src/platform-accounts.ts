import { platformAccount, type ProviderAccount } from '@checkout/provider-accounts';
import { PROVIDER_IDS, type ProviderId } from '@checkout/providers';

/**
 * The platform accounts as routing knows them: one per provider in PROVIDERS. Routing holds no
 * credentials, so it knows neither a platform account's mode nor its hint (the provider service does).
 */
export function platformAccountsOf(providers: readonly string[]): ProviderAccount[] {
  return providers.map((provider) => {
    if (!(PROVIDER_IDS as readonly string[]).includes(provider)) throw new Error(`PROVIDERS names ${provider}, which is not one of ${PROVIDER_IDS.join(', ')}`);
    return platformAccount(provider as ProviderId, provider === 'sandbox' ? 'test' : 'live', '');
  });
}
