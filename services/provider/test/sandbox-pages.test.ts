import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { closeServer, createLogger, listenHttp } from '@checkout/platform';
import { sandboxPages } from '../src/http/sandbox-pages';
import { InMemorySandboxCheckouts } from '@checkout/providers';
import { SandboxProvider } from '@checkout/providers';
import { SandboxWebhookSender } from '@checkout/providers';
import { checkoutInput } from '../../../packages/providers/test/checkout-input';
import { pressOnSandboxPage } from '../../../test/support/sandbox-page';

describe('the sandbox checkout page', () => {
  let server: Server;
  let base: string;
  const checkouts = new InMemorySandboxCheckouts();
  const sandbox = new SandboxProvider(checkouts, { publicUrl: 'http://127.0.0.1', webhookSecret: 'sandbox-webhook-signing-secret', webhookToleranceSeconds: 300 });

  before(async () => {
    const app = express();
    app.use(sandboxPages(checkouts, new SandboxWebhookSender('http://127.0.0.1:9/webhooks/sandbox', 'sandbox-webhook-signing-secret', createLogger({ service: 'test', level: 'silent' })), 'sandbox-form-secret'));
    server = await listenHttp(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => closeServer(server));

  it('should show the method the checkout was asked for', async () => {
    for (const [paymentMethod, shown] of [['card', 'Card'], ['paypal', 'PayPal'], ['klarna', 'Klarna'], ['afterpay_clearpay', 'Afterpay / Clearpay']] as const) {
      const { reference } = await sandbox.createCheckout(checkoutInput({ sessionId: `page-${paymentMethod}`, paymentMethod }));
      const page = await (await fetch(`${base}/sandbox/checkout/${reference}`)).text();
      expect(page, paymentMethod).to.contain(`Pay with <strong id="method">${shown}</strong>`);
    }
  });

  it('should send the shopper to the failure URL on Cancel', async () => {
    const { reference } = await sandbox.createCheckout(checkoutInput({ sessionId: 'page-cancel' }));
    const answer = await pressOnSandboxPage(`${base}/sandbox/checkout/${reference}`, 'cancel');
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('https://merchant.example.com/checkout/failure');
  });

  it("should refuse a form posted without this checkout's token (from another site), and keep nothing in caches", async () => {
    const { reference } = await sandbox.createCheckout(checkoutInput({ sessionId: 'page-csrf' }));
    const other = await sandbox.createCheckout(checkoutInput({ sessionId: 'page-csrf-other' }));
    const otherToken = /name="token" value="([^"]+)"/.exec(await (await fetch(`${base}/sandbox/checkout/${other.reference}`)).text())![1]!;
    for (const body of ['', 'token=forged', `token=${otherToken}`]) {
      const answer = await fetch(`${base}/sandbox/checkout/${reference}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
      expect(answer.status, body).to.equal(403);
    }
    expect((await checkouts.find(reference))?.status).to.equal('open');
    const page = await fetch(`${base}/sandbox/checkout/${reference}`);
    expect(page.headers.get('cache-control')).to.equal('no-store');
  });
});
