export { startRouting, type RoutingOptions } from './start-routing';
export { loadCatalog } from './catalog/load-catalog';
export { DEFAULT_CATALOG, type ProviderCatalog } from './catalog/provider-catalog';
