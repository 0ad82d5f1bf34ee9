import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one attempt: `webhook-id` (the event's id, the same on every
 * retry, so the merchant can deduplicate), `webhook-timestamp` (Unix seconds of this attempt) and
 * `webhook-signature`: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` per secret, space
 * separated (two during a rotation's overlap). Signed by the `standardwebhooks` package, the one a
 * merchant verifies with.
 */
export function webhookHeaders(messageId: string, at: Date, body: string, secrets: readonly string[]): Record<string, string> {
  const seconds = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(seconds.getTime() / 1000),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, seconds, body)).join(' '),
  };
}
