import { InMemoryProviderSignals } from '../src/signals/in-memory-provider-signals';
import { providerSignalsContract } from '../../../test/adapter-contracts/provider-signals.contract';

providerSignalsContract('InMemoryProviderSignals', async () => new InMemoryProviderSignals());
