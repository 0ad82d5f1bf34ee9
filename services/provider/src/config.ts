import { infrastructureSettings, integer, port, url } from '@checkout/platform';

export const providerSettings = {
  ...infrastructureSettings,
  healthPort: port('HEALTH_PORT', { description: 'Port of /livez and /readyz', default: 8082 }),
  providerTimeoutMs: integer('PROVIDER_TIMEOUT_MS', { description: 'Timeout of one provider call before failing over', default: 5000, min: 100, max: 60_000 }),
  sandboxPublicUrl: url('SANDBOX_PUBLIC_URL', {
    description: 'Public base URL under which the sandbox checkout pages are served',
    default: 'http://localhost:8080',
    protocols: ['http', 'https'],
  }),
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events the provider service emits', default: 'urn:checkout:provider', protocols: ['urn', 'https', 'http'] }),
};
