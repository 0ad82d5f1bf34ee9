import { InMemoryProviderAccountStore } from '@checkout/provider-accounts';
import { providerAccountStoreContract } from '../../../test/adapter-contracts/provider-account-store.contract';

providerAccountStoreContract('InMemoryProviderAccountStore', async () => new InMemoryProviderAccountStore());
