import express, { type Router } from 'express';
import { noStore } from '@checkout/platform';
import { ErrorCode, errorAnswer, fromMinorUnits, type PaymentMethod } from '@checkout/contracts';
import { sandboxCheckoutPath, sandboxFormToken, sandboxFormTokenMatches, unsealCheckout, type SandboxCheckout, type SandboxCheckouts } from '@checkout/providers';
import type { SandboxWebhookSender } from '@checkout/providers';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the shopper sees each method called. */
const METHOD_NAMES: Record<PaymentMethod, string> = { card: 'Card', paypal: 'PayPal', klarna: 'Klarna', afterpay_clearpay: 'Afterpay / Clearpay' };

function page(checkout: SandboxCheckout, path: string, token: string, notice?: string): string {
  const amount = new Intl.NumberFormat('en', { style: 'currency', currency: checkout.currency }).format(fromMinorUnits(checkout.totalMinor, checkout.currency));
  const open = checkout.status === 'open' && checkout.expiresAt > new Date();
  const action = (verb: string, label: string) =>
    `<form method="post" action="${path}/${verb}"><input type="hidden" name="token" value="${token}"><button type="submit" name="action" value="${verb}">${label}</button></form>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sandbox checkout ${escapeHtml(checkout.orderReference)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}form{display:inline-block;margin-right:.5rem}button{font-size:1rem;padding:.5rem 1rem}</style></head>
<body>
<h1>Sandbox checkout</h1>
<p>Order <strong>${escapeHtml(checkout.orderReference)}</strong>: <strong id="amount">${escapeHtml(amount)}</strong></p>
<p>Pay with <strong id="method">${METHOD_NAMES[checkout.paymentMethod ?? 'card']}</strong></p>
<p>Status: <strong id="status">${checkout.status}</strong>${notice ? ` — ${escapeHtml(notice)}` : ''}</p>
${open ? `${action('pay', 'Pay')}${action('decline', 'Decline (simulate a refused card)')}${action('cancel', 'Cancel and go back')}` : '<p>This checkout is closed.</p>'}
<p><small>No real money moves here: this page belongs to Checkout's built-in sandbox provider.</small></p>
</body></html>`;
}

// The shopper's pages answer in HTML, with the statuses of the error table.
const NOT_FOUND = errorAnswer(ErrorCode.NotFound).status;
const NOT_FOUND_PAGE = '<!doctype html><title>Not found</title><p>No such sandbox checkout.</p>';

const ACTIONS = ['pay', 'decline', 'cancel'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * The sandbox provider's hosted checkout page: pay, decline or cancel, like a real provider's. A
 * checkout's page is `/sandbox/checkout/<id>/<sealed checkout>` (its data, sealed with the sandbox's
 * `secret`); `/sandbox/checkout/<id>` still serves the checkouts earlier versions stored whole. Its
 * forms carry a token derived from the secret and the checkout (another site cannot post them), and
 * nothing of it is cached.
 */
export function sandboxPages(checkouts: SandboxCheckouts, webhooks: SandboxWebhookSender, secret: string): Router {
  const router = express.Router();
  router.use('/sandbox', noStore);

  /** The checkout a page's path names, with its status as stored; null when there is none. */
  const load = async (id: string, sealed: string | undefined): Promise<SandboxCheckout | null> => {
    if (sealed === undefined) {
      const stored = await checkouts.find(id);
      return stored?.legacy ? { _id: id, status: stored.status, ...stored.legacy } : null;
    }
    const open = unsealCheckout(id, sealed, secret);
    if (!open) return null;
    return { ...open, status: (await checkouts.find(id))?.status ?? 'open' };
  };
  /** The checkout id and (on this version's links) its sealed data, from a page's path. */
  const named = (request: express.Request) => ({ id: String(request.params.id), sealed: request.params.sealed === undefined ? undefined : String(request.params.sealed) });
  const notFound = (response: express.Response): void => void response.status(NOT_FOUND).type('html').send(NOT_FOUND_PAGE);

  const show = async (request: express.Request, response: express.Response): Promise<void> => {
    const { id, sealed } = named(request);
    const checkout = await load(id, sealed);
    if (!checkout) {
      notFound(response);
      return;
    }
    response.type('html').send(page(checkout, sandboxCheckoutPath(id, sealed), sandboxFormToken(id, secret)));
  };

  const act = async (request: express.Request, response: express.Response): Promise<void> => {
    const { id, sealed } = named(request);
    const action = String(request.params.action) as Action;
    const checkout = ACTIONS.includes(action) ? await load(id, sealed) : null;
    if (!checkout) {
      notFound(response);
      return;
    }
    if (!sandboxFormTokenMatches(id, (request.body as Record<string, unknown> | undefined)?.token, secret)) {
      response.status(errorAnswer(ErrorCode.FormTokenInvalid).status).type('html').send('<!doctype html><title>Not allowed</title><p>This form did not come from this checkout page.</p>');
      return;
    }
    if (action === 'cancel') {
      response.redirect(303, checkout.cancelUrl);
      return;
    }
    const expired = checkout.expiresAt <= new Date();
    if (expired) await checkouts.close(id, 'expired');
    const closed = !expired && checkout.status === 'open' && (await checkouts.close(id, action === 'pay' ? 'paid' : 'declined'));
    if (!closed) {
      const current = (await load(id, sealed)) ?? checkout;
      response.status(errorAnswer(ErrorCode.CheckoutNotOpen).status).type('html').send(page(current, sandboxCheckoutPath(id, sealed), sandboxFormToken(id, secret), 'this checkout can no longer be paid'));
      return;
    }
    await webhooks.send(action === 'pay' ? 'checkout.paid' : 'checkout.declined', checkout);
    response.redirect(303, action === 'pay' ? checkout.successUrl : checkout.cancelUrl);
  };

  const form = express.urlencoded({ extended: false, limit: '2kb' });
  router.get('/sandbox/checkout/:id', show);
  router.get('/sandbox/checkout/:id/:sealed', show);
  router.post('/sandbox/checkout/:id/:action', form, act);
  router.post('/sandbox/checkout/:id/:sealed/:action', form, act);
  return router;
}
