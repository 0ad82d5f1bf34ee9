import { expect } from 'chai';
import type { ProviderAttempt } from '@checkout/contracts';
import type { ProviderSignals } from '../../services/routing/src/signals/provider-signals';
import { uniqueName } from '../support/infra';

/** An attempt at provider account `account` (a Stripe one). */
const attempt = (account: string, ok: boolean, latencyMs = 100): ProviderAttempt => ({
  provider: 'stripe',
  account,
  outcome: ok ? 'succeeded' : 'failed',
  latencyMs,
  ...(ok ? {} : { errorCode: 'http_500' }),
  at: new Date().toISOString(),
});

/** The behaviour every ProviderSignals adapter must have, in-memory or Redis. */
export function providerSignalsContract(name: string, setup: () => Promise<ProviderSignals>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} (ProviderSignals contract)`, () => {
    let signals: ProviderSignals;
    beforeEach(async () => {
      signals = await setup();
    });
    afterEach(teardown);

    it('should know nothing of a provider without traffic', async () => {
      const provider = uniqueName('p');
      expect((await signals.snapshot([provider])).get(provider)).to.deep.equal({ attempts: 0, successes: 0, medianLatencyMs: null, circuit: 'closed' });
    });

    it('should count each session once, however often its outcome arrives', async () => {
      const provider = uniqueName('p');
      const attempts = [attempt(provider, false, 900), attempt(provider, true, 100)];
      await signals.record('session-1', attempts);
      await signals.record('session-1', attempts);
      await signals.record('session-2', [attempt(provider, true, 300)]);
      expect((await signals.snapshot([provider])).get(provider)).to.deep.equal({ attempts: 3, successes: 2, medianLatencyMs: 300, circuit: 'closed' });
    });

    it("should keep each account's signals apart, and count an attempt that names no account (from before accounts) for the platform's", async () => {
      const own = uniqueName('pa_own');
      await signals.record(uniqueName('s'), [attempt(own, false)]);
      const provider = uniqueName('legacy');
      await signals.record(uniqueName('s'), [{ provider, outcome: 'succeeded', latencyMs: 120, at: new Date().toISOString() }]);
      const snapshot = await signals.snapshot([own, `pa_platform_${provider}`]);
      expect(snapshot.get(own)).to.include({ attempts: 1, successes: 0 });
      expect(snapshot.get(`pa_platform_${provider}`)).to.include({ attempts: 1, successes: 1, medianLatencyMs: 120 });
    });

    it('should open the circuit when the newest attempts keep failing, and close it as they recover', async () => {
      const provider = uniqueName('p');
      for (let i = 0; i < 12; i += 1) await signals.record(uniqueName('s'), [attempt(provider, i % 2 === 0)]);
      const failing = (await signals.snapshot([provider])).get(provider)!;
      expect(failing).to.include({ attempts: 12, successes: 6, circuit: 'open' });
      for (let i = 0; i < 20; i += 1) await signals.record(uniqueName('s'), [attempt(provider, true)]);
      expect((await signals.snapshot([provider])).get(provider)).to.include({ attempts: 20, successes: 20, circuit: 'closed' });
    });
  });
}
