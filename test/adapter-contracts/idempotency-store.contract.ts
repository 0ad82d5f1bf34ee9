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

    it('should let exactly one caller take over a stale processing record, and none a record that changed', async () => {
      const key = uniqueName('key');
      const stale = { ...processing('s1'), reservedAt: 1_764_590_000_123 };
      await store.reserve(key, stale);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.takeOver(key, stale, { ...processing(`s-next-${i}`), reservedAt: 1_764_590_010_000 })));
      expect(results.filter(Boolean)).to.have.length(1);
      const winner = `s-next-${results.indexOf(true)}`;
      expect(await store.reserve(key, processing('s3'))).to.deep.equal({ reserved: false, existing: { ...processing(winner), reservedAt: 1_764_590_010_000 } });
      expect(await store.takeOver(key, stale, processing('s4')), 'the record is not the stale one any more').to.equal(false);

      const legacy = uniqueName('key');
      await store.reserve(legacy, processing('old')); // written before records had reservedAt
      expect(await store.takeOver(legacy, { ...processing('old'), reservedAt: 5 }, processing('s5'))).to.equal(false);
      expect(await store.takeOver(legacy, processing('old'), { ...processing('s6'), reservedAt: 7 })).to.equal(true);
      const completed = uniqueName('key');
      await store.save(completed, { state: 'completed', sessionId: 'done', fingerprint: 'fp', response: { status: 201, body: {} } });
      expect(await store.takeOver(completed, processing('done'), processing('s7'))).to.equal(false);
      expect(await store.takeOver(uniqueName('key'), processing('none'), processing('s8')), 'no record').to.equal(false);
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
