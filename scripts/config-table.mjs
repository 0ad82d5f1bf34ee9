#!/usr/bin/env node
// Prints the configuration reference (Markdown) from the services' own setting specs, for README.md.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { describeConfig } = require('../packages/platform/dist/index.js');
const specs = {
  gateway: require('../services/gateway/dist/config.js').gatewaySettings,
  routing: require('../services/routing/dist/config.js').routingSettings,
  provider: require('../services/provider/dist/config.js').providerSettings,
  notifications: require('../services/notifications/dist/config.js').notificationsSettings,
};
const rows = new Map();
for (const [service, spec] of Object.entries(specs)) {
  for (const row of describeConfig(spec)) {
    const key = `${row.variable}\u0000${row.default}\u0000${row.description}`;
    rows.set(key, { ...row, services: [...(rows.get(key)?.services ?? []), service] });
  }
}
console.log('| Variable | Services | Default | Meaning |\n| --- | --- | --- | --- |');
for (const row of rows.values()) {
  const services = row.services.length === Object.keys(specs).length ? 'all' : row.services.join(', ');
  console.log(`| \`${row.variable}\` | ${services} | \`${row.default || '(empty)'}\` | ${row.description} |`);
}
