import { loadCatalog, loadRules } from './catalog/load-catalog';
import type { RoutingOptions } from './start-routing';
import { infrastructureSettings, integer, list, port, text, url } from '@checkout/platform';

export const routingSettings = {
  ...infrastructureSettings,
  healthPort: port('HEALTH_PORT', { description: 'Port of /livez, /readyz and /metrics', default: 8081 }),
  catalogFile: text('PROVIDER_CATALOG_FILE', { description: 'Provider catalog JSON; empty for the built-in one', default: '' }),
  rulesFile: text('ROUTING_RULES_FILE', { description: "Merchants' routing rules JSON (allow, deny, prefer, weights, split); empty for none", default: '' }),
  providers: list('PROVIDERS', {
    description: "The deployment's platform accounts (sandbox, stripe, adyen): offered to applications with no provider account of their own for that provider",
    default: ['sandbox'],
  }),
  accountsCacheMs: integer('PROVIDER_ACCOUNTS_CACHE_MS', {
    description: "How long routing keeps an application's provider accounts before reading them again: an account added or disabled is routed to (or not) within this",
    default: 1000,
    min: 0,
    max: 60_000,
  }),
  probePercent: integer('ROUTING_PROBE_PERCENT', { description: 'Percent of sessions on which a demoted (failing) provider is tried first, to notice its recovery', default: 10, min: 0, max: 50 }),
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events routing emits', default: 'urn:checkout:routing', protocols: ['urn', 'https', 'http'] }),
};

export type RoutingConfig = { [K in keyof typeof routingSettings]: ReturnType<(typeof routingSettings)[K]['parse']> };

/** The routing use case's settings from the validated config (the catalog and rules files read and checked here). */
export function routingOptionsOf(config: Pick<RoutingConfig, 'catalogFile' | 'rulesFile' | 'providers' | 'probePercent' | 'eventSource'>): RoutingOptions {
  const catalog = loadCatalog(config.catalogFile);
  return { catalog, rules: loadRules(config.rulesFile, catalog), platformProviders: config.providers, probeShare: config.probePercent / 100, eventSource: config.eventSource };
}
