export { startProvider, type ProviderAdapters, type ProviderOptions, type RunningProvider } from './start-provider';
export { providerOptionsOf, providerSettings, type ProviderConfig } from './config';
export { buildAccountClients } from './accounts/build-account-clients';
