import { PROVIDER_IDS, type ProviderId } from '@checkout/providers';

/**
 * The providers whose platform accounts the deployment offers (PROVIDERS). Their modes come from
 * the provider service, which holds the credentials and publishes the accounts (AccountDirectory).
 */
export function offeredProviders(providers: readonly string[]): ProviderId[] {
  return providers.map((provider) => {
    if (!(PROVIDER_IDS as readonly string[]).includes(provider)) throw new Error(`PROVIDERS names ${provider}, which is not one of ${PROVIDER_IDS.join(', ')}`);
    return provider as ProviderId;
  });
}
