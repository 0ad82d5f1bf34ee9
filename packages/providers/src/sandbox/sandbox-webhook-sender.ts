import { randomUUID } from 'node:crypto';
import type { Logger } from '@checkout/platform';
import type { SandboxCheckout } from './sandbox-checkouts';
import type { SandboxWebhookEvent } from './sandbox-provider';
import { signWebhook } from './webhook-signature';

/** Delivers the sandbox's signed notifications like a provider: POST, then retries with back-off until a 2xx. */
export class SandboxWebhookSender {
  constructor(
    private readonly webhookUrl: string,
    private readonly secret: string,
    private readonly logger: Logger,
    private readonly retryDelaysMs: readonly number[] = [500, 2000, 8000, 30000],
  ) {}

  /** Resolves after the first attempt; failed deliveries go on in the background. */
  async send(type: SandboxWebhookEvent['type'], checkout: SandboxCheckout): Promise<void> {
    const event: SandboxWebhookEvent = {
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      type,
      checkout: { id: checkout._id, orderReference: checkout.orderReference },
      ...(type === 'checkout.paid' ? { payment: { id: `sbpay_${randomUUID().replace(/-/g, '')}` } } : {}),
      created: Math.floor(Date.now() / 1000),
    };
    const body = JSON.stringify(event);
    if (await this.attempt(body, event.id)) return;
    void (async () => {
      for (const delay of this.retryDelaysMs) {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        if (await this.attempt(body, event.id)) return;
      }
      this.logger.error({ eventId: event.id, checkout: checkout._id }, 'sandbox webhook could not be delivered');
    })();
  }

  private async attempt(body: string, eventId: string): Promise<boolean> {
    try {
      const response = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sandbox-signature': signWebhook(body, this.secret) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (response.ok) return true;
      this.logger.warn({ eventId, status: response.status }, 'sandbox webhook refused; will retry');
    } catch (error) {
      this.logger.warn({ eventId, err: error }, 'sandbox webhook failed; will retry');
    }
    return false;
  }
}
