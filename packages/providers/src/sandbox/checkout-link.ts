import { createHmac, timingSafeEqual } from 'node:crypto';
import { PAYMENT_METHODS, type PaymentMethod } from '@checkout/contracts';
import type { SandboxCheckout } from './sandbox-checkouts';

/** What an open sandbox checkout's URL carries: everything its page shows and acts on. */
export type OpenSandboxCheckout = Omit<SandboxCheckout, 'status'>;

const ID_LENGTH_HEX = 24;

/** The checkout of a session: the same for every call with that sessionId (one checkout per session). */
export function sandboxCheckoutId(sessionId: string, secret: string): string {
  return `sbx_${createHmac('sha256', secret).update(`sandbox-checkout-id:${sessionId}`).digest('hex').slice(0, ID_LENGTH_HEX)}`;
}

interface SealedFields {
  o: string;
  m: PaymentMethod;
  c: string;
  t: number;
  s: string;
  f: string;
  e: number;
}

const seal = (id: string, payload: string, secret: string) => createHmac('sha256', secret).update(`sandbox-checkout:${id}.${payload}`).digest();

/** The checkout's data as one URL path segment, `<base64url JSON>.<base64url HMAC>`, bound to its id. */
export function sealCheckout(checkout: OpenSandboxCheckout, secret: string): string {
  const fields: SealedFields = {
    o: checkout.orderReference,
    m: checkout.paymentMethod ?? 'card',
    c: checkout.currency,
    t: checkout.totalMinor,
    s: checkout.successUrl,
    f: checkout.cancelUrl,
    e: checkout.expiresAt.getTime(),
  };
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${seal(checkout._id, payload, secret).toString('base64url')}`;
}

/** The checkout a sealed segment carries, or null when it was not sealed by us for this id. */
export function unsealCheckout(id: string, sealed: string, secret: string): OpenSandboxCheckout | null {
  const [payload, mac, ...rest] = sealed.split('.');
  if (!payload || !mac || rest.length > 0) return null;
  const expected = seal(id, payload, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SealedFields;
  if (!(PAYMENT_METHODS as readonly string[]).includes(fields.m)) return null;
  return { _id: id, orderReference: fields.o, paymentMethod: fields.m, currency: fields.c, totalMinor: fields.t, successUrl: fields.s, cancelUrl: fields.f, expiresAt: new Date(fields.e) };
}
