import { InMemoryIdempotencyStore } from '../src/idempotency/in-memory-idempotency-store';
import { idempotencyStoreContract } from '../../../test/adapter-contracts/idempotency-store.contract';

idempotencyStoreContract('InMemoryIdempotencyStore', async () => ({ store: new InMemoryIdempotencyStore(100), ttlMs: 100 }));
