import {
  callProvider,
  unanswered,
  WebhookSignatureError,
  type CreateCheckoutInput,
  type CreateCheckoutOutput,
  type ExpireCheckoutInput,
  type ExpireCheckoutOutput,
  type ParseWebhookInput,
  type ParseWebhookOutput,
  type PaymentProvider,
  type WebhookStatus,
} from '../payment-provider';
import { openSandboxCheckout } from './checkout-link';
import type { SandboxCheckouts } from './sandbox-checkouts';
import { signatureProblem } from './webhook-signature';

/** The sandbox's default webhook secret: it is a sandbox, so the value is public (SANDBOX_WEBHOOK_SECRET overrides). */
export const DEVELOPMENT_SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-signing-secret';

export interface SandboxOptions {
  /** Where the system serves the sandbox pages: `<publicUrl>/sandbox/checkout/<id>/<sealed checkout>`. */
  publicUrl: string;
  /** Signs its webhooks, and derives its checkout ids and seals its checkout links. */
  webhookSecret: string;
  webhookToleranceSeconds: number;
}

/** A notification the sandbox sends, like a real provider's webhook. */
export interface SandboxWebhookEvent {
  id: string;
  type: 'checkout.paid' | 'checkout.declined' | 'checkout.expired';
  checkout: { id: string; orderReference: string };
  /** On checkout.paid: the sandbox's id of the payment. */
  payment?: { id: string };
  created: number;
}

const SANDBOX_EVENTS: Record<SandboxWebhookEvent['type'], WebhookStatus> = {
  'checkout.paid': 'COMPLETED',
  'checkout.declined': 'FAILED',
  'checkout.expired': 'EXPIRED',
};

/**
 * The built-in provider: one checkout per session (its id derived from our sessionId), its hosted
 * page served by the system, and outcomes reported with signed webhooks. Opening a checkout writes
 * nothing: the page's data travel sealed in the checkout's URL, and a checkout is stored only once it
 * closes, so the sandbox adds no database write to creating a session.
 */
export class SandboxProvider implements PaymentProvider {
  static readonly identifier = 'sandbox';
  readonly id = SandboxProvider.identifier;
  readonly webhookAcknowledgement = '{"received":true}';
  private readonly publicUrl: string;

  constructor(
    private readonly checkouts: SandboxCheckouts,
    private readonly options: SandboxOptions,
  ) {
    this.publicUrl = new URL(options.publicUrl).toString().replace(/\/$/, ''); // options check: throws at start-up
    if (options.webhookSecret.length < 16) throw new Error('SANDBOX_WEBHOOK_SECRET must be at least 16 characters');
  }

  async createCheckout(input: CreateCheckoutInput): Promise<CreateCheckoutOutput> {
    const { id, path } = openSandboxCheckout(
      input.sessionId,
      {
        orderReference: input.orderReference,
        paymentMethod: input.paymentMethod,
        currency: input.currency,
        totalMinor: input.totalMinor,
        successUrl: input.successUrl,
        cancelUrl: input.failureUrl,
        expiresAt: input.expiresAt,
      },
      this.options.webhookSecret,
    );
    return { reference: id, checkoutUrl: `${this.publicUrl}${path}` };
  }

  async expireCheckout({ reference, budget }: ExpireCheckoutInput): Promise<ExpireCheckoutOutput> {
    const closed = await callProvider(this.id, budget, () => this.checkouts.close(reference, 'expired'), unanswered);
    return { result: closed ? 'closed' : 'already_closed' };
  }

  /** The sandbox has no credentials to refuse. */
  async checkCredentials(): Promise<void> {}

  parseWebhook({ rawBody, headers }: ParseWebhookInput): ParseWebhookOutput {
    const problem = signatureProblem(rawBody, headers['sandbox-signature'], this.options.webhookSecret, this.options.webhookToleranceSeconds);
    if (problem) throw new WebhookSignatureError(problem);
    const event = JSON.parse(rawBody.toString('utf8')) as SandboxWebhookEvent;
    const status = SANDBOX_EVENTS[event.type];
    if (!status) return { notices: [] };
    return { notices: [{ eventId: event.id, providerReference: event.checkout.id, status, ...(status === 'COMPLETED' ? { paymentReference: event.payment?.id ?? null } : {}) }] };
  }
}
