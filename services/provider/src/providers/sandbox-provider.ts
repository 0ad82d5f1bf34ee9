import { randomBytes } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { CreateCheckoutInput, CreateCheckoutOutput, PaymentProvider } from './payment-provider';

/** The sandbox provider's own record of a checkout, as a real provider keeps one on its side. */
export interface SandboxCheckout {
  _id: string;
  idempotencyKey: string;
  orderReference: string;
  currency: string;
  totalMinor: number;
  successUrl: string;
  cancelUrl: string;
  status: 'open' | 'paid' | 'cancelled' | 'expired';
  createdAt: Date;
  expiresAt: Date;
}

export const SANDBOX_CHECKOUTS_COLLECTION = 'sandbox_checkouts';

/**
 * The built-in provider: its checkouts live in their own collection, unique by idempotency key,
 * and its hosted page is served by the system at `<publicBaseUrl>/sandbox/checkout/<id>`.
 */
export class SandboxProvider implements PaymentProvider {
  static readonly identifier = 'sandbox';
  readonly id = SandboxProvider.identifier;
  private readonly checkouts: Collection<SandboxCheckout>;

  constructor(
    db: Db,
    private readonly publicBaseUrl: string,
  ) {
    this.checkouts = db.collection<SandboxCheckout>(SANDBOX_CHECKOUTS_COLLECTION);
    new URL(publicBaseUrl); // options check: throws at start-up on a bad URL
  }

  async ensureIndexes(): Promise<void> {
    await this.checkouts.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
  }

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    const checkout: SandboxCheckout = {
      _id: `sbx_${randomBytes(12).toString('hex')}`,
      idempotencyKey: input.sessionId,
      orderReference: input.orderReference,
      currency: input.currency,
      totalMinor: input.totalMinor,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      status: 'open',
      createdAt: new Date(),
      expiresAt: input.expiresAt,
    };
    let stored = checkout;
    try {
      await this.checkouts.insertOne(checkout);
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
      const existing = await this.checkouts.findOne({ idempotencyKey: input.sessionId });
      if (!existing) throw error;
      stored = existing;
    }
    return { reference: stored._id, checkoutUrl: `${this.publicBaseUrl.replace(/\/$/, '')}/sandbox/checkout/${stored._id}` };
  }
}
