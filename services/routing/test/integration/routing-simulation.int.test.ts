import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { Topics, type ProviderAttempt, type SessionRouted } from '@checkout/contracts';
import { connectRedis, createLogger, type Redis } from '@checkout/platform';
import type { ProviderProfile } from '../../src/catalog/provider-catalog';
import { RecordProviderAttempts } from '../../src/record-provider-attempts';
import { platformAccount } from '@checkout/provider-accounts';
import { RouteSession } from '../../src/route-session';
import { RoutingTelemetry } from '../../src/routing-telemetry';
import { RedisProviderSignals } from '../../src/signals/redis-provider-signals';
import { providerSignalsContract } from '../../../../test/adapter-contracts/provider-signals.contract';
import { infra, uniqueName } from '../../../../test/support/infra';
import { RecordingPublisher } from '../../../../test/support/recording-publisher';

let contractRedis: Redis | undefined;
providerSignalsContract(
  'RedisProviderSignals on real Redis',
  async () => {
    contractRedis = await connectRedis(infra.redisUrl);
    return new RedisProviderSignals(contractRedis, `${uniqueName('signals')}:`);
  },
  async () => void (await contractRedis?.quit()),
);

const profile = (id: string, baseWeight: number, percent: number, fixedMinor: number): ProviderProfile => ({
  id, currencies: ['AUD'], countries: ['*'], paymentMethods: { card: { currencies: ['*'], countries: ['*'] } }, amountLimits: {}, fees: { percent, fixedMinor }, baseWeight,
});

/** 0..1 from the session id: whether a "flaky" provider fails this session. */
const coin = (sessionId: string) => createHash('sha256').update(sessionId).digest().readUInt32BE(0) / 2 ** 32;

describe('routing under a provider outage (simulation on real Redis)', function () {
  this.timeout(120_000);
  let redis: Redis;
  before(async () => {
    redis = await connectRedis(infra.redisUrl);
  });
  after(() => redis.quit());

  it('should move traffic off a provider failing half the time, keep probing it, and return when it recovers', async () => {
    const signals = new RedisProviderSignals(redis, `${uniqueName('simulation')}:`);
    const publisher = new RecordingPublisher();
    // Attempts name no account, as before accounts existed: they count for the platform's.
    const route = new RouteSession(signals, { accountsFor: async () => [platformAccount('stripe', 'live', ''), platformAccount('adyen', 'live', '')] }, publisher, {
      catalog: { providers: [profile('stripe', 0.95, 1.75, 30), profile('adyen', 0.85, 1.6, 20)] },
      rules: {},
      probeShare: 0.1,
      eventSource: 'urn:simulation',
    }, new RoutingTelemetry(), createLogger({ service: 'simulation', level: 'silent' }));
    const learn = new RecordProviderAttempts(signals);

    // One phase: route N sessions, then play the provider service: try candidates in order.
    const run = async (phase: string, sessions: number, stripeFails: (sessionId: string) => boolean) => {
      const firsts: string[] = [];
      for (let i = 0; i < sessions; i += 1) {
        const sessionId = `${phase}-${i}`;
        publisher.published.length = 0;
        await route.execute({
          sessionId, applicationId: 'app', orderReference: 'ORD', paymentMethod: 'card', currency: 'AUD', amountMinor: 14076,
          billingCountry: 'AU', createdAt: new Date().toISOString(), expiresAt: new Date().toISOString(),
        });
        const routed = publisher.payloads(Topics.sessionRouted)[0] as SessionRouted;
        firsts.push(routed.candidates[0]!.provider);
        const attempts: ProviderAttempt[] = [];
        for (const candidate of routed.candidates) {
          const ok = candidate.provider !== 'stripe' || !stripeFails(sessionId);
          attempts.push({ provider: candidate.provider, outcome: ok ? 'succeeded' : 'failed', latencyMs: candidate.provider === 'stripe' ? 250 : 300, at: new Date().toISOString(), ...(ok ? {} : { errorCode: 'http_503' }) });
          if (ok) break;
        }
        await learn.execute({ sessionId, applicationId: 'app', currency: 'AUD', code: 'provider_unavailable', detail: '', attempts });
      }
      return firsts;
    };
    const share = (firsts: string[], provider: string) => firsts.filter((p) => p === provider).length / firsts.length;

    const healthy = await run('healthy', 100, () => false);
    const degraded = await run('degraded', 300, (id) => coin(id) < 0.5);
    const recovered = await run('recovered', 400, () => false);
    const sessionsUntilDemoted = degraded.findIndex((_, i) => degraded.slice(i, i + 10).every((p) => p !== "stripe"));

    const figures = {
      healthyStripeShare: share(healthy, 'stripe'),
      sessionsUntilStripeLostTraffic: sessionsUntilDemoted,
      degradedStripeShareAfter50: share(degraded.slice(50), 'stripe'),
      recoveredStripeShareFirst100: share(recovered.slice(0, 100), 'stripe'),
      recoveredStripeShareLast100: share(recovered.slice(-100), 'stripe'),
    };
    process.stdout.write(`      routing simulation: ${JSON.stringify(figures)}\n`);

    expect(figures.healthyStripeShare).to.be.at.least(0.9);
    expect(sessionsUntilDemoted).to.be.within(0, 40);
    expect(figures.degradedStripeShareAfter50).to.be.below(0.2);
    expect(figures.degradedStripeShareAfter50, 'stripe keeps its probing share').to.be.above(0.03);
    expect(figures.recoveredStripeShareLast100).to.be.at.least(0.8);
  });
});
