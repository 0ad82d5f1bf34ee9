import { expect } from 'chai';
import { gatewaySettings } from '@checkout/gateway';
import { notificationsSettings } from '@checkout/notifications';
import { configWith, loadConfig, pickConfig } from '@checkout/platform';
import { providerSettings } from '@checkout/provider';
import { routingSettings } from '@checkout/routing';
import { EMBEDDED_SETTINGS_OF, embeddedSettings } from '../src/config';

describe('the embedded mode’s settings', () => {
  const services = { gateway: gatewaySettings, routing: routingSettings, provider: providerSettings, notifications: notificationsSettings };

  it("should be the services' own settings, the same objects, beside the two that are its own", () => {
    const own = new Set(Object.keys(embeddedSettings));
    for (const [service, keys] of Object.entries(EMBEDDED_SETTINGS_OF)) {
      for (const key of keys) {
        expect(embeddedSettings[key as keyof typeof embeddedSettings], `${service}.${key}`).to.equal((services as Record<string, Record<string, unknown>>)[service]![key]);
        own.delete(key);
      }
    }
    expect([...own]).to.deep.equal(['host', 'logLevel']);
  });

  it("should give each service its own defaults, with what the environment set over them", () => {
    const config = loadConfig(embeddedSettings, { SESSION_WAIT_BUDGET_MS: '1500', WEBHOOK_BATCH_SIZE: '7' });
    const gateway = configWith(gatewaySettings, pickConfig(config, EMBEDDED_SETTINGS_OF.gateway));
    expect(gateway).to.deep.equal({ ...loadConfig(gatewaySettings, {}), waitBudgetMs: 1500 });
    expect(configWith(notificationsSettings, pickConfig(config, EMBEDDED_SETTINGS_OF.notifications)).batchSize).to.equal(7);
    expect(config.host).to.equal('127.0.0.1');
  });
});
