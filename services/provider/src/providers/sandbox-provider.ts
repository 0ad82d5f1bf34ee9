import { randomBytes } from 'node:crypto';
import type { CreateCheckoutInput, CreateCheckoutOutput, PaymentProvider } from './payment-provider';
import type { SandboxCheckouts } from './sandbox-checkouts';

/**
 * The built-in provider: its checkouts are kept once per idempotency key (our sessionId), and its
 * hosted page is served by the system at `<publicBaseUrl>/sandbox/checkout/<id>`.
 */
export class SandboxProvider implements PaymentProvider {
  static readonly identifier = 'sandbox';
  readonly id = SandboxProvider.identifier;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly checkouts: SandboxCheckouts,
    publicBaseUrl: string,
  ) {
    this.publicBaseUrl = new URL(publicBaseUrl).toString().replace(/\/$/, ''); // options check: throws at start-up
  }

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    const stored = await this.checkouts.createOnce({
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
    });
    return { reference: stored._id, checkoutUrl: `${this.publicBaseUrl}/sandbox/checkout/${stored._id}` };
  }
}
