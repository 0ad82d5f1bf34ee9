import { InMemorySandboxCheckouts } from '../src/sandbox/in-memory-sandbox-checkouts';
import { sandboxCheckoutsContract } from '../../../test/adapter-contracts/sandbox-checkouts.contract';

sandboxCheckoutsContract('InMemorySandboxCheckouts', async () => new InMemorySandboxCheckouts());
