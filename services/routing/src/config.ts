import { loadCatalog, loadRules } from './catalog/load-catalog';
import type { RouteSessionSettings } from './route-session';
import { infrastructureSettings, integer, list, port, text, url } from '@checkout/platform';

// Everything but MongoDB, which this service does not use.
const { mongoUrl: _mongoUrl, mongoDatabase: _mongoDatabase, mongoTimeoutMs: _mongoTimeoutMs, ...infrastructure } = infrastructureSettings;

export const routingSettings = {
  ...infrastructure,
  healthPort: port('HEALTH_PORT', { description: 'Port of /livez, /readyz and /metrics', default: 8081 }),
  catalogFile: text('PROVIDER_CATALOG_FILE', { description: 'Provider catalog JSON; empty for the built-in one', default: '' }),
  rulesFile: text('ROUTING_RULES_FILE', { description: "Merchants' routing rules JSON (allow, deny, prefer, weights, split); empty for none", default: '' }),
  providers: list('PROVIDERS', { description: 'Providers the deployment runs (sandbox, stripe, adyen); catalog entries not listed are ineligible', default: ['sandbox'] }),
  probePercent: integer('ROUTING_PROBE_PERCENT', { description: 'Percent of sessions on which a demoted (failing) provider is tried first, to notice its recovery', default: 10, min: 0, max: 50 }),
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events routing emits', default: 'urn:checkout:routing', protocols: ['urn', 'https', 'http'] }),
};

export type RoutingConfig = { [K in keyof typeof routingSettings]: ReturnType<(typeof routingSettings)[K]['parse']> };

/** The routing use case's settings from the validated config (the catalog and rules files read and checked here). */
export function routingOptionsOf(config: Pick<RoutingConfig, 'catalogFile' | 'rulesFile' | 'providers' | 'probePercent' | 'eventSource'>): RouteSessionSettings {
  const catalog = loadCatalog(config.catalogFile);
  return { catalog, rules: loadRules(config.rulesFile, catalog), enabled: new Set(config.providers), probeShare: config.probePercent / 100, eventSource: config.eventSource };
}
