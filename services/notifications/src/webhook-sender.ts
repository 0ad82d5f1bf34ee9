import type { AttemptResult } from '@checkout/webhooks';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** One POST to a merchant endpoint; never throws: whatever happened is the result. Adapter: HttpWebhookSender. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<AttemptResult>;
}
