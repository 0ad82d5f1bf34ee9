import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig } from '@checkout/platform';
import { gatewaySettings } from '../services/gateway/src/config';
import { providerSettings } from '../services/provider/src/config';
import { routingSettings } from '../services/routing/src/config';
import { notificationsSettings } from '../services/notifications/src/config';

describe('README.md', () => {
  const readme = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');

  it('should show the two commands', () => {
    expect(readme).to.contain('npm ci && npm start');
    expect(readme).to.contain('npm ci && npm test');
  });

  it('should document every configuration variable with its real default', () => {
    for (const spec of [gatewaySettings, routingSettings, providerSettings, notificationsSettings]) {
      for (const row of describeConfig(spec)) {
        const documented = readme.split('\n').filter((line) => line.startsWith(`| \`${row.variable}\` |`));
        expect(documented, row.variable).not.to.be.empty;
        expect(documented.some((line) => line.includes(`\`${row.default || '(empty)'}\``)), `${row.variable} default`).to.equal(true);
      }
    }
  });
});
