import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { routingRulesSchema, type RoutingRules } from '../rules/routing-rules';
import { DEFAULT_CATALOG, providerCatalogSchema, type ProviderCatalog, type ProviderCatalogFile } from './provider-catalog';

function readValidated<T>(variable: string, path: string, schema: object): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${variable} ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const validate = new Ajv({ allErrors: true }).compile<T>(schema);
  if (!validate(parsed)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new Error(`${variable} ${path} is not valid: ${problems}`);
  }
  return parsed;
}

/** Reads and validates the catalog file at start-up; no file means the built-in catalog. */
export function loadCatalog(path: string): ProviderCatalog {
  if (!path) return DEFAULT_CATALOG;
  const file = readValidated<ProviderCatalogFile>('PROVIDER_CATALOG_FILE', path, providerCatalogSchema);
  const ids = file.providers.map((p) => p.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`PROVIDER_CATALOG_FILE ${path} lists provider ${duplicate} twice`);
  // A list of method names means each is offered wherever the provider is.
  return {
    providers: file.providers.map((provider) => ({
      ...provider,
      paymentMethods: Array.isArray(provider.paymentMethods)
        ? Object.fromEntries(provider.paymentMethods.map((method) => [method, { currencies: ['*'], countries: ['*'] }]))
        : provider.paymentMethods,
    })),
  };
}

/** Reads and validates the merchants' rules; every provider they name must be in the catalog. */
export function loadRules(path: string, catalog: ProviderCatalog): RoutingRules {
  if (!path) return {};
  const rules = readValidated<RoutingRules>('ROUTING_RULES_FILE', path, routingRulesSchema);
  const known = new Set(catalog.providers.map((p) => p.id));
  const entries = [['defaults', rules.defaults] as const, ...Object.entries(rules.applications ?? {})];
  for (const [owner, rule] of entries) {
    if (!rule) continue;
    const named = [...(rule.allow ?? []), ...(rule.deny ?? []), ...(rule.prefer ?? []), ...Object.keys(rule.weights ?? {}), ...Object.keys(rule.split ?? {})];
    const unknown = named.find((id) => !known.has(id));
    if (unknown) throw new Error(`ROUTING_RULES_FILE ${path}: ${owner} names provider ${unknown}, which is not in the catalog`);
    if (rule.split) {
      const total = Object.values(rule.split).reduce((sum, share) => sum + share, 0);
      if (Math.abs(total - 100) > 0.001) throw new Error(`ROUTING_RULES_FILE ${path}: ${owner}'s split adds up to ${total}, not 100`);
    }
  }
  return rules;
}
