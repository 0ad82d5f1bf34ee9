import { MongoServerError, type Collection, type Db } from 'mongodb';
import { whileMongoReachable } from '@checkout/platform';
import { SANDBOX_CHECKOUTS_COLLECTION, type SandboxCheckout, type SandboxCheckouts, type SandboxCheckoutStatus } from './sandbox-checkouts';

/** The sandbox's checkouts in our own MongoDB: an unreachable server is a MongoUnavailable (our dependency), never a provider failure. */
export class MongoSandboxCheckouts implements SandboxCheckouts {
  private readonly checkouts: Collection<SandboxCheckout>;

  constructor(db: Db) {
    this.checkouts = db.collection<SandboxCheckout>(SANDBOX_CHECKOUTS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.checkouts.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
  }

  createOnce(checkout: SandboxCheckout): Promise<SandboxCheckout> {
    return whileMongoReachable(async () => {
      try {
        await this.checkouts.insertOne(checkout);
        return checkout;
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
        const existing = await this.checkouts.findOne({ idempotencyKey: checkout.idempotencyKey });
        if (!existing) throw error;
        return existing;
      }
    });
  }

  find(id: string): Promise<SandboxCheckout | null> {
    return whileMongoReachable(() => this.checkouts.findOne({ _id: id }));
  }

  close(id: string, status: Exclude<SandboxCheckoutStatus, 'open'>): Promise<boolean> {
    return whileMongoReachable(async () => (await this.checkouts.updateOne({ _id: id, status: 'open' }, { $set: { status } })).modifiedCount === 1);
  }
}
