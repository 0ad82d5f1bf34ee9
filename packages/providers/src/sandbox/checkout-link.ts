import { createHmac, timingSafeEqual } from 'node:crypto';
import { PAYMENT_METHODS, type PaymentMethod } from '@checkout/contracts';
import type { SandboxCheckout } from './sandbox-checkouts';

// Everything the sandbox derives from its secret (SANDBOX_WEBHOOK_SECRET), each under its own label:
// a checkout's id, the seal of its link, the token of its page's forms. Its webhooks' signature is
// `webhook-signature.ts`.

/** What an open sandbox checkout's URL carries: everything its page shows and acts on. */
export type OpenSandboxCheckout = Omit<SandboxCheckout, 'status'>;

const ID_LENGTH_HEX = 24;

const mac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest();
const sameBytes = (given: Buffer, expected: Buffer) => given.length === expected.length && timingSafeEqual(given, expected);

/** The checkout of a session: the same for every call with that sessionId (one checkout per session). */
export function sandboxCheckoutId(sessionId: string, secret: string): string {
  return `sbx_${mac(secret, `sandbox-checkout-id:${sessionId}`).toString('hex').slice(0, ID_LENGTH_HEX)}`;
}

/** The path of a checkout's page: `/sandbox/checkout/<id>/<sealed checkout>`, or without the seal for a checkout an earlier version stored whole. */
export function sandboxCheckoutPath(id: string, sealed?: string): string {
  return `/sandbox/checkout/${id}${sealed === undefined ? '' : `/${sealed}`}`;
}

/** Opens a session's checkout: its id and the path of its page, whose data travel sealed in it (nothing is stored). */
export function openSandboxCheckout(sessionId: string, checkout: Omit<OpenSandboxCheckout, '_id'>, secret: string): { id: string; path: string } {
  const id = sandboxCheckoutId(sessionId, secret);
  return { id, path: sandboxCheckoutPath(id, sealCheckout({ _id: id, ...checkout }, secret)) };
}

/** The token each form of a checkout's page carries: only a page we served can post it (CSRF). */
export function sandboxFormToken(checkoutId: string, secret: string): string {
  return mac(secret, `sandbox-form:${checkoutId}`).toString('base64url');
}

export function sandboxFormTokenMatches(checkoutId: string, posted: unknown, secret: string): boolean {
  return sameBytes(Buffer.from(typeof posted === 'string' ? posted : ''), Buffer.from(sandboxFormToken(checkoutId, secret)));
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

const seal = (id: string, payload: string, secret: string) => mac(secret, `sandbox-checkout:${id}.${payload}`);

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
  const [payload, signature, ...rest] = sealed.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  if (!sameBytes(Buffer.from(signature, 'base64url'), seal(id, payload, secret))) return null;
  const fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SealedFields;
  if (!(PAYMENT_METHODS as readonly string[]).includes(fields.m)) return null;
  return { _id: id, orderReference: fields.o, paymentMethod: fields.m, currency: fields.c, totalMinor: fields.t, successUrl: fields.s, cancelUrl: fields.f, expiresAt: new Date(fields.e) };
}
