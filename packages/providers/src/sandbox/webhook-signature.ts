import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The sandbox's webhook signature, on Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`. The timestamp is signed too, so an old notification cannot be replayed.
 */
export function signWebhook(rawBody: string, secret: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/** Returns the reason the signature does not hold, or undefined when it does. */
export function signatureProblem(rawBody: Buffer, header: string | undefined, secret: string, toleranceSeconds: number, now = Date.now()): string | undefined {
  if (!header) return 'missing signature header';
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given) return 'malformed signature header';
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return 'signature timestamp outside the tolerance';
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'signature does not match';
  return undefined;
}
