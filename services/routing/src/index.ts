export { startRouting, type RoutingOptions } from './start-routing';
export { loadCatalog, loadRules } from './catalog/load-catalog';
export { DEFAULT_CATALOG, type ProviderCatalog } from './catalog/provider-catalog';
export { InMemoryProviderSignals } from './signals/in-memory-provider-signals';
export { routingOptionsOf, routingSettings, type RoutingConfig } from './config';
export { offeredProviders } from './platform-accounts';
