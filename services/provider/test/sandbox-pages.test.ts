import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { closeServer, createLogger, listenHttp } from '@checkout/platform';
import { sandboxPages } from '../src/http/sandbox-pages';
import { InMemorySandboxCheckouts } from '../src/providers/sandbox/in-memory-sandbox-checkouts';
import { SandboxProvider } from '../src/providers/sandbox/sandbox-provider';
import { SandboxWebhookSender } from '../src/providers/sandbox/sandbox-webhook-sender';
import { checkoutInput } from './checkout-input';

describe('the sandbox checkout page', () => {
  let server: Server;
  let base: string;
  const checkouts = new InMemorySandboxCheckouts();
  const sandbox = new SandboxProvider(checkouts, { publicUrl: 'http://127.0.0.1', webhookSecret: 'sandbox-webhook-signing-secret', webhookToleranceSeconds: 300 });

  before(async () => {
    const app = express();
    app.use(sandboxPages(checkouts, new SandboxWebhookSender('http://127.0.0.1:9/webhooks/sandbox', 'sandbox-webhook-signing-secret', createLogger({ service: 'test', level: 'silent' }))));
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
    const answer = await fetch(`${base}/sandbox/checkout/${reference}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('https://merchant.example.com/checkout/failure');
  });
});
