import { MongoServerError, type Collection, type Db } from 'mongodb';
import { SANDBOX_CHECKOUTS_COLLECTION, type SandboxCheckout, type SandboxCheckouts, type SandboxCheckoutStatus } from './sandbox-checkouts';

export class MongoSandboxCheckouts implements SandboxCheckouts {
  private readonly checkouts: Collection<SandboxCheckout>;

  constructor(db: Db) {
    this.checkouts = db.collection<SandboxCheckout>(SANDBOX_CHECKOUTS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.checkouts.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
  }

  async createOnce(checkout: SandboxCheckout): Promise<SandboxCheckout> {
    try {
      await this.checkouts.insertOne(checkout);
      return checkout;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
      const existing = await this.checkouts.findOne({ idempotencyKey: checkout.idempotencyKey });
      if (!existing) throw error;
      return existing;
    }
  }

  find(id: string): Promise<SandboxCheckout | null> {
    return this.checkouts.findOne({ _id: id });
  }

  async close(id: string, status: Exclude<SandboxCheckoutStatus, 'open'>): Promise<boolean> {
    const result = await this.checkouts.updateOne({ _id: id, status: 'open' }, { $set: { status } });
    return result.modifiedCount === 1;
  }
}
