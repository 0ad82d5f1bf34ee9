import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET } from '../src/dev-token';
import { unsafeGatewaySettings } from '../src/config';
import { unsafeProviderSettings } from '../../provider/src/config';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET } from '@checkout/providers';
import { unsafeNotificationsSettings } from '../../notifications/src/config';

const ROOT = path.resolve(__dirname, '../../..');

describe('unsafe production settings', () => {
  describe('unsafeGatewaySettings', () => {
    const safe = { nodeEnv: 'production', jwtHs256Secret: '', jwtIssuer: 'https://auth.example.com/', jwtAudience: 'https://checkout.example.com/api', allowHttpLocalhostRedirects: false, allowHttpLocalhostWebhooks: false };

    it('should refuse the development token secret in production only', () => {
      expect(unsafeGatewaySettings({ ...safe, jwtHs256Secret: DEVELOPMENT_JWT_SECRET })).to.have.length(1);
      expect(unsafeGatewaySettings({ ...safe, nodeEnv: 'development', jwtHs256Secret: DEVELOPMENT_JWT_SECRET })).to.deep.equal([]);
      expect(unsafeGatewaySettings({ ...safe, jwtHs256Secret: 'a-secret-of-our-own-of-32-characters!' })).to.deep.equal([]);
      expect(unsafeGatewaySettings(safe)).to.deep.equal([]);
    });

    it('should refuse the development issuer and audience and the development flags in production', () => {
      const problems = unsafeGatewaySettings({ ...safe, jwtIssuer: DEVELOPMENT_ISSUER, jwtAudience: DEVELOPMENT_AUDIENCE, allowHttpLocalhostRedirects: true, allowHttpLocalhostWebhooks: true });
      expect(problems.map((problem) => problem.split(' ')[0])).to.deep.equal(['JWT_ISSUER', 'JWT_AUDIENCE', 'ALLOW_HTTP_LOCALHOST_REDIRECTS', 'ALLOW_HTTP_LOCALHOST_WEBHOOKS']);
      expect(unsafeGatewaySettings({ ...safe, nodeEnv: 'development', jwtIssuer: DEVELOPMENT_ISSUER, allowHttpLocalhostRedirects: true })).to.deep.equal([]);
    });
  });

  describe('unsafeProviderSettings', () => {
    it("should refuse the sandbox's default webhook secret in production, when the sandbox runs", () => {
      const unsafe = { nodeEnv: 'production', providers: ['sandbox', 'stripe'], sandboxWebhookSecret: DEVELOPMENT_SANDBOX_WEBHOOK_SECRET };
      expect(unsafeProviderSettings(unsafe)).to.have.length(1);
      expect(unsafeProviderSettings({ ...unsafe, nodeEnv: 'development' })).to.deep.equal([]);
      expect(unsafeProviderSettings({ ...unsafe, providers: ['stripe'] })).to.deep.equal([]);
      expect(unsafeProviderSettings({ ...unsafe, sandboxWebhookSecret: 'a-sandbox-secret-of-our-own' })).to.deep.equal([]);
    });
  });

  describe('unsafeNotificationsSettings', () => {
    it('should refuse webhooks to private networks in production, and a stale-attempt time within the attempt timeout', () => {
      const safe = { nodeEnv: 'production', allowPrivateNetworks: false, staleAttemptMs: 60_000, timeoutMs: 15_000 };
      expect(unsafeNotificationsSettings(safe)).to.deep.equal([]);
      expect(unsafeNotificationsSettings({ ...safe, allowPrivateNetworks: true })[0]).to.contain('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
      expect(unsafeNotificationsSettings({ ...safe, allowPrivateNetworks: true, nodeEnv: 'development' })).to.deep.equal([]);
      expect(unsafeNotificationsSettings({ ...safe, staleAttemptMs: 15_000 })[0]).to.contain('WEBHOOK_STALE_ATTEMPT_MS');
    });
  });

  // The services themselves: they exit at once (status 78, EX_CONFIG), naming the variable, before connecting to anything.
  for (const [service, env, variable, reason] of [
    ['gateway', { JWT_HS256_SECRET: DEVELOPMENT_JWT_SECRET }, 'JWT_HS256_SECRET', 'public'],
    ['provider', { PROVIDERS: 'sandbox' }, 'SANDBOX_WEBHOOK_SECRET', 'public'],
    ['notifications', { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'our own network'],
    ['routing', { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'checkout' }, 'KAFKA_SASL_PASSWORD', 'needs'],
  ] as const) {
    it(`should stop the ${service} service from starting with ${variable} unsafe or missing`, function () {
      this.timeout(20_000);
      const run = spawnSync(process.execPath, [path.join(ROOT, 'services', service, 'dist', 'main.js')], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production', OTEL_SDK_DISABLED: 'true', ...env },
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(run.status, run.stderr).to.equal(78);
      expect(run.stderr).to.contain(variable).and.to.contain(reason);
    });
  }
});
