import { expect } from 'chai';
import type { ProviderAttempt } from '@checkout/contracts';
import type { ProviderSignals } from '../../services/routing/src/signals/provider-signals';
import { uniqueName } from '../support/infra';

const attempt = (provider: string, ok: boolean, latencyMs = 100): ProviderAttempt => ({
  provider,
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
