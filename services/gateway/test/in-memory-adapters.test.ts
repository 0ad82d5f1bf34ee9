import { InMemoryIdempotencyStore } from '../src/idempotency/in-memory-idempotency-store';
import { InMemorySessionRepository } from '../src/sessions/in-memory-session-repository';
import { idempotencyStoreContract } from '../../../test/adapter-contracts/idempotency-store.contract';
import { sessionRepositoryContract } from '../../../test/adapter-contracts/session-repository.contract';

idempotencyStoreContract('InMemoryIdempotencyStore', async () => ({ store: new InMemoryIdempotencyStore(100), ttlMs: 100 }));
sessionRepositoryContract('InMemorySessionRepository', async () => new InMemorySessionRepository());
