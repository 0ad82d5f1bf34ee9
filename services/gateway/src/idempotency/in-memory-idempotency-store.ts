import type { IdempotencyRecord, IdempotencyStore, ProcessingRecord, Reservation } from './idempotency-store';

/** The IdempotencyStore in process memory, with the same expiry and claim semantics as Redis. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(keyHash: string, record: ProcessingRecord): Promise<Reservation> {
    const existing = this.live(keyHash);
    if (existing) return { reserved: false, existing };
    this.records.set(keyHash, { record, expiresAt: this.now() + this.ttlMs });
    return { reserved: true };
  }

  async save(keyHash: string, record: IdempotencyRecord): Promise<void> {
    this.records.set(keyHash, { record, expiresAt: this.now() + this.ttlMs });
  }

  async takeOver(keyHash: string, stale: ProcessingRecord, next: ProcessingRecord): Promise<boolean> {
    const current = this.live(keyHash);
    if (current?.state !== 'processing' || current.sessionId !== stale.sessionId || current.reservedAt !== stale.reservedAt) return false;
    this.records.set(keyHash, { record: next, expiresAt: this.now() + this.ttlMs });
    return true;
  }

  async release(keyHash: string, sessionId: string): Promise<void> {
    if (this.live(keyHash)?.sessionId === sessionId) this.records.delete(keyHash);
  }

  /** Forgets everything, as a Redis flush or failover would. */
  clear(): void {
    this.records.clear();
  }

  private live(keyHash: string): IdempotencyRecord | undefined {
    const entry = this.records.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.records.delete(keyHash);
      return undefined;
    }
    return entry.record;
  }
}
