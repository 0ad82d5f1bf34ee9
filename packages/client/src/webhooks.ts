import { Webhook, WebhookVerificationError as LibraryVerificationError } from 'standardwebhooks';
import { WebhookVerificationError } from './errors';
import type { CheckoutEvent } from './types';

export type WebhookHeaders = Record<string, string | string[] | undefined> | Headers;

function headerRecord(headers: WebhookHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) if (value !== undefined) record[name.toLowerCase()] = Array.isArray(value) ? value.join(' ') : value;
  return record;
}

/**
 * Verifies a Checkout webhook with the `standardwebhooks` package (the specification's own
 * library): `webhook-signature` must hold for `secret` over "{webhook-id}.{webhook-timestamp}.{body}",
 * and `webhook-timestamp` be within 5 minutes of now. Pass the raw body, as received.
 * Returns the typed event; throws WebhookVerificationError otherwise.
 */
export function verifyWebhook(payload: string | Buffer, headers: WebhookHeaders, secret: string): CheckoutEvent {
  try {
    return new Webhook(secret).verify(payload, headerRecord(headers)) as CheckoutEvent;
  } catch (error) {
    if (error instanceof LibraryVerificationError || error instanceof SyntaxError) throw new WebhookVerificationError((error as Error).message, { cause: error });
    throw new WebhookVerificationError(`the webhook could not be verified: ${(error as Error).message}`, { cause: error });
  }
}
