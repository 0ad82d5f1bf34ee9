import { infrastructureSettings, port, text, url } from '@checkout/platform';

export const routingSettings = {
  ...infrastructureSettings,
  healthPort: port('HEALTH_PORT', { description: 'Port of /livez and /readyz', default: 8081 }),
  catalogFile: text('PROVIDER_CATALOG_FILE', { description: 'Provider catalog JSON; empty for the built-in one', default: '' }),
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events routing emits', default: 'urn:checkout:routing', protocols: ['urn', 'https', 'http'] }),
};
