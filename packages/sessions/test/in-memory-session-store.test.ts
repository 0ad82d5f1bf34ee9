import { InMemorySessionStore } from '@checkout/sessions';
import { sessionStoreContract } from '../../../test/adapter-contracts/session-store.contract';

sessionStoreContract('InMemorySessionStore', async () => new InMemorySessionStore());
