import { expect } from 'chai';
import type { IdempotencyStore } from '../../services/gateway/src/idempotency/idempotency-store';
import { uniqueName } from '../support/infra';

/** The behaviour every IdempotencyStore adapter must have, in-memory or Redis. `ttlMs` is what the store was built with. */
export function idempotencyStoreContract(name: string, setup: () => Promise<{ store: IdempotencyStore; ttlMs: number }>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    let store: IdempotencyStore;
    let ttlMs: number;
    beforeEach(async () => {
      ({ store, ttlMs } = await setup());
    });
    afterEach(teardown);

    const processing = (sessionId: string) => ({ state: 'processing' as const, sessionId, fingerprint: 'fp' });

    it('should let one request claim a key and show the claim to the next', async () => {
      const key = uniqueName('key');
      expect(await store.reserve(key, processing('s1'))).to.deep.equal({ reserved: true });
      expect(await store.reserve(key, processing('s2'))).to.deep.equal({ reserved: false, existing: processing('s1') });
    });

    it('should give exactly one claim to many concurrent requests', async () => {
      const key = uniqueName('key');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.reserve(key, processing(`s${i}`))));
      expect(results.filter((r) => r.reserved)).to.have.length(1);
    });

    it('should overwrite the record on save, and release only for the session that holds it', async () => {
      const key = uniqueName('key');
      await store.reserve(key, processing('s1'));
      await store.release(key, 's-other');
      expect((await store.reserve(key, processing('s2'))).reserved).to.equal(false);
      const completed = { state: 'completed' as const, sessionId: 's1', fingerprint: 'fp', response: { status: 201, body: { a: 1 } } };
      await store.save(key, completed);
      expect(await store.reserve(key, processing('s3'))).to.deep.equal({ reserved: false, existing: completed });
      await store.release(key, 's1');
      expect(await store.reserve(key, processing('s4'))).to.deep.equal({ reserved: true });
    });

    it('should forget a key after its time to live', async function () {
      this.timeout(ttlMs * 4 + 2000);
      const key = uniqueName('key');
      await store.reserve(key, processing('s1'));
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
      expect(await store.reserve(key, processing('s2'))).to.deep.equal({ reserved: true });
    });
  });
}
