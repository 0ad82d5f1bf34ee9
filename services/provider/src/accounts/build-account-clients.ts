import type { Logger } from '@checkout/platform';
import type { ProviderAccountStore } from '@checkout/provider-accounts';
import { buildProviders, endpointsOf, platformCredentials, type SandboxCheckouts } from '@checkout/providers';
import type { ProviderConfig } from '../config';
import { AccountClients, platformAccountClients } from './account-clients';

/** Every account's client: the platform's from the deployment's settings (checked here, at start-up), merchants' from the store. */
export function buildAccountClients(config: ProviderConfig, sandboxCheckouts: SandboxCheckouts, store: ProviderAccountStore, logger: Logger): AccountClients {
  const platform = platformAccountClients(platformCredentials(config), buildProviders(config, sandboxCheckouts));
  return new AccountClients(platform, store, endpointsOf(config, sandboxCheckouts), logger);
}
