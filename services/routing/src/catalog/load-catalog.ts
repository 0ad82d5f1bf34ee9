import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { DEFAULT_CATALOG, providerCatalogSchema, type ProviderCatalog } from './provider-catalog';

/** Reads and validates the catalog file at start-up; no file means the built-in catalog. */
export function loadCatalog(path: string): ProviderCatalog {
  if (!path) return DEFAULT_CATALOG;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`PROVIDER_CATALOG_FILE ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const validate = new Ajv({ allErrors: true }).compile<ProviderCatalog>(providerCatalogSchema);
  if (!validate(parsed)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new Error(`PROVIDER_CATALOG_FILE ${path} is not a valid catalog: ${problems}`);
  }
  const ids = parsed.providers.map((p) => p.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`PROVIDER_CATALOG_FILE ${path} lists provider ${duplicate} twice`);
  return parsed;
}
