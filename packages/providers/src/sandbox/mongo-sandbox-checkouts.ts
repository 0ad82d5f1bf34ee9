import { MongoServerError, type Collection, type Db } from 'mongodb';
import { whileMongoReachable } from '@checkout/platform';
import { SANDBOX_CHECKOUTS_COLLECTION, type SandboxCheckout, type SandboxCheckouts, type SandboxClosedStatus, type StoredSandboxCheckout } from './sandbox-checkouts';

/** A document of the collection: a closed checkout, or one an earlier version stored whole when it opened. */
type Document = { _id: string; status: SandboxCheckout['status']; closedAt?: Date } & Partial<Omit<SandboxCheckout, '_id' | 'status'>> & { idempotencyKey?: string; createdAt?: Date };

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;

/** The sandbox's checkouts in our own MongoDB: an unreachable server is a MongoUnavailable (our dependency), never a provider failure. */
export class MongoSandboxCheckouts implements SandboxCheckouts {
  private readonly checkouts: Collection<Document>;

  constructor(db: Db) {
    this.checkouts = db.collection<Document>(SANDBOX_CHECKOUTS_COLLECTION);
  }

  /**
   * Earlier versions kept one whole checkout per idempotency key under a unique index; closed
   * checkouts are stored by id alone, and that index would refuse a second one without the field.
   */
  async ensureIndexes(): Promise<void> {
    const indexes = await this.checkouts
      .listIndexes()
      .toArray()
      .catch((error: unknown) => {
        // No collection yet: nothing to drop.
        if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
        throw error;
      });
    if (indexes.some((index) => index.name === 'idempotency_key')) await this.checkouts.dropIndex('idempotency_key');
  }

  find(id: string): Promise<StoredSandboxCheckout | null> {
    return whileMongoReachable(async () => {
      const stored = await this.checkouts.findOne({ _id: id });
      if (!stored) return null;
      const { _id, status, closedAt, orderReference, paymentMethod, currency, totalMinor, successUrl, cancelUrl, expiresAt } = stored;
      const legacy = orderReference !== undefined && currency !== undefined && totalMinor !== undefined && successUrl !== undefined && cancelUrl !== undefined && expiresAt !== undefined
        ? { orderReference, currency, totalMinor, successUrl, cancelUrl, expiresAt, ...(paymentMethod ? { paymentMethod } : {}) }
        : undefined;
      return { _id, status, ...(closedAt ? { closedAt } : {}), ...(legacy ? { legacy } : {}) };
    });
  }

  /**
   * One write: moves a stored open checkout (an earlier version's) to `status`, or, when none is
   * stored, inserts the closed one. A checkout closed before matches nothing, so the upsert's insert
   * meets its `_id`: a duplicate key, which means "closed before" (also between racing closers).
   */
  close(id: string, status: SandboxClosedStatus): Promise<boolean> {
    return whileMongoReachable(async () => {
      try {
        // idempotencyKey: an older replica of a rolling upgrade may create its unique index again,
        // which would refuse a second closed checkout without the field.
        await this.checkouts.updateOne({ _id: id, status: 'open' }, { $set: { status, closedAt: new Date() }, $setOnInsert: { idempotencyKey: id } }, { upsert: true });
        return true;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
        throw error;
      }
    });
  }
}
