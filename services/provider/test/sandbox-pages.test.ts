import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { closeServer, createLogger, listenHttp } from '@checkout/platform';
import { sandboxPages } from '../src/http/sandbox-pages';
import { InMemorySandboxCheckouts, SandboxProvider, SandboxWebhookSender } from '@checkout/providers';
import { checkoutInput } from '../../../packages/providers/test/checkout-input';
import { pressOnSandboxPage, sandboxFormToken } from '../../../test/support/sandbox-page';

describe('the sandbox checkout page', () => {
  let server: Server;
  let base: string;
  const secret = 'sandbox-webhook-signing-secret';
  const checkouts = new InMemorySandboxCheckouts();
  const sandbox = new SandboxProvider(checkouts, { publicUrl: 'http://127.0.0.1', webhookSecret: secret, webhookToleranceSeconds: 300 });
  /** The checkout's page on this test's server. */
  const open = async (sessionId: string, overrides: Parameters<typeof checkoutInput>[0] = {}) => {
    const { reference, checkoutUrl } = await sandbox.createCheckout(checkoutInput({ sessionId, ...overrides }));
    return { reference, url: `${base}${new URL(checkoutUrl).pathname}` };
  };

  before(async () => {
    const app = express();
    app.use(sandboxPages(checkouts, new SandboxWebhookSender('http://127.0.0.1:9/webhooks/sandbox', secret, createLogger({ service: 'test', level: 'silent' }), []), secret));
    server = await listenHttp(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => closeServer(server));

  it('should show the method the checkout was asked for', async () => {
    for (const [paymentMethod, shown] of [['card', 'Card'], ['paypal', 'PayPal'], ['klarna', 'Klarna'], ['afterpay_clearpay', 'Afterpay / Clearpay']] as const) {
      const { url } = await open(`page-${paymentMethod}`, { paymentMethod });
      const page = await (await fetch(url)).text();
      expect(page, paymentMethod).to.contain(`Pay with <strong id="method">${shown}</strong>`);
      expect(page).to.contain('A$140.76').and.contain('ORD-2024-001').and.contain('<strong id="status">open</strong>');
    }
  });

  it('should send the shopper to the failure URL on Cancel', async () => {
    const { url } = await open('page-cancel');
    const answer = await pressOnSandboxPage(url, 'cancel');
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('https://merchant.example.com/checkout/failure');
  });

  it('should take one payment: the checkout is stored paid, and a second Pay (Back, then Pay) is refused', async () => {
    const { reference, url } = await open('page-pay');
    const token = await sandboxFormToken(url);
    const paid = await pressOnSandboxPage(url, 'pay', token);
    expect(paid.status).to.equal(303);
    expect(paid.headers.get('location')).to.equal('https://merchant.example.com/checkout/success');
    expect((await checkouts.find(reference))?.status).to.equal('paid');
    const again = await pressOnSandboxPage(url, 'pay', token);
    expect(again.status).to.equal(409);
    expect(await again.text()).to.contain('<strong id="status">paid</strong>').and.contain('can no longer be paid');
    expect(await (await fetch(url)).text()).to.contain('This checkout is closed.');
  });

  it('should not pay a checkout past its expiry (its page loaded before): it is stored expired', async () => {
    const { reference, url } = await open('page-late', { expiresAt: new Date(Date.now() + 300) });
    const token = await sandboxFormToken(url);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await pressOnSandboxPage(url, 'pay', token)).status).to.equal(409);
    expect((await checkouts.find(reference))?.status).to.equal('expired');
  });

  it('should answer 404 to a link whose sealed data were altered, and to an unknown checkout', async () => {
    const { url } = await open('page-forged');
    const [payload, mac] = url.split('/').at(-1)!.split('.') as [string, string];
    const cheaper = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('14076', '1')).toString('base64url');
    const forged = url.replace(`${payload}.${mac}`, `${cheaper}.${mac}`);
    expect((await fetch(forged)).status).to.equal(404);
    expect((await pressOnSandboxPage(forged, 'pay', 'any')).status).to.equal(404);
    expect((await fetch(`${base}/sandbox/checkout/sbx_000000000000000000000000`)).status).to.equal(404);
  });

  it('should still serve and close a checkout an earlier version stored whole when it opened', async () => {
    checkouts.storeLegacy({
      _id: 'sbx_0123456789abcdef01234567',
      status: 'open',
      legacy: { orderReference: 'ORD-OLD', paymentMethod: 'paypal', currency: 'EUR', totalMinor: 500, successUrl: 'https://merchant.example.com/ok', cancelUrl: 'https://merchant.example.com/ko', expiresAt: new Date(Date.now() + 60_000) },
    });
    const url = `${base}/sandbox/checkout/sbx_0123456789abcdef01234567`;
    expect(await (await fetch(url)).text()).to.contain('ORD-OLD').and.contain('PayPal');
    const declined = await pressOnSandboxPage(url, 'decline');
    expect(declined.status).to.equal(303);
    expect(declined.headers.get('location')).to.equal('https://merchant.example.com/ko');
    expect((await checkouts.find('sbx_0123456789abcdef01234567'))?.status).to.equal('declined');
  });

  it("should refuse a form posted without this checkout's token (from another site), and keep nothing in caches", async () => {
    const { reference, url } = await open('page-csrf');
    const other = await open('page-csrf-other');
    const otherToken = await sandboxFormToken(other.url);
    for (const body of ['', 'token=forged', `token=${otherToken}`]) {
      const answer = await fetch(`${url}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
      expect(answer.status, body).to.equal(403);
    }
    expect(await checkouts.find(reference)).to.equal(null);
    const page = await fetch(url);
    expect(page.headers.get('cache-control')).to.equal('no-store');
  });
});
