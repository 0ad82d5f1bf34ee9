import { expect } from 'chai';
import { MongoUnavailable } from '@checkout/platform';
import { InMemorySandboxCheckouts } from '../src/sandbox/in-memory-sandbox-checkouts';
import { SandboxProvider } from '../src/sandbox/sandbox-provider';
import { sandboxCheckoutId, unsealCheckout } from '../src/sandbox/checkout-link';
import type { SandboxCheckouts } from '../src/sandbox/sandbox-checkouts';
import { callBudget, ProviderError } from '../src/payment-provider';
import { checkoutInput } from './checkout-input';

/** Checkouts kept in a database that is down, or that fails another way: every call throws. */
function failingCheckouts(failure: Error): SandboxCheckouts {
  return { find: async () => Promise.reject(failure), close: async () => Promise.reject(failure) };
}

describe('SandboxProvider', () => {
  const options = { publicUrl: 'http://127.0.0.1:8082', webhookSecret: 'sandbox-test-secret-16+', webhookToleranceSeconds: 300 };

  it('should open one checkout per session, however often it is asked, and another for another session', async () => {
    const sandbox = new SandboxProvider(new InMemorySandboxCheckouts(), options);
    const first = await sandbox.createCheckout(checkoutInput());
    const again = await sandbox.createCheckout(checkoutInput());
    expect(again).to.deep.equal(first);
    expect(first.reference).to.match(/^sbx_[0-9a-f]{24}$/).and.equal(sandboxCheckoutId(checkoutInput().sessionId, options.webhookSecret));
    expect(first.checkoutUrl).to.match(new RegExp(`^http://127\\.0\\.0\\.1:8082/sandbox/checkout/${first.reference}/[\\w-]+\\.[\\w-]+$`));
    const other = await sandbox.createCheckout(checkoutInput({ sessionId: 'another-session' }));
    expect(other.reference).not.to.equal(first.reference);
  });

  it("should write nothing to open a checkout: its page's data travel sealed in its URL", async () => {
    const sandbox = new SandboxProvider(failingCheckouts(new MongoUnavailable('MongoDB: connection timed out')), options);
    const { reference, checkoutUrl } = await sandbox.createCheckout(checkoutInput({ paymentMethod: 'klarna' }));
    const sealed = checkoutUrl.split('/').at(-1)!;
    expect(unsealCheckout(reference, sealed, options.webhookSecret)).to.deep.equal({
      _id: reference,
      orderReference: 'ORD-2024-001',
      paymentMethod: 'klarna',
      currency: 'AUD',
      totalMinor: 14076,
      successUrl: 'https://merchant.example.com/checkout/success',
      cancelUrl: 'https://merchant.example.com/checkout/failure',
      expiresAt: new Date('2030-01-15T12:00:00Z'),
    });
    expect(checkoutUrl, 'no shopper data in the link').not.to.match(/jane|smith|Collins/i);
    expect(Buffer.from(sealed.split('.')[0]!, 'base64url').toString()).not.to.match(/jane|smith|Collins/i);
  });

  it('should open no seal that was altered, made with another secret, or moved to another checkout', async () => {
    const sandbox = new SandboxProvider(new InMemorySandboxCheckouts(), options);
    const { reference, checkoutUrl } = await sandbox.createCheckout(checkoutInput());
    const sealed = checkoutUrl.split('/').at(-1)!;
    const [payload, mac] = sealed.split('.') as [string, string];
    const cheaper = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('14076', '1')).toString('base64url');
    expect(unsealCheckout(reference, `${cheaper}.${mac}`, options.webhookSecret)).to.equal(null);
    expect(unsealCheckout(reference, sealed, 'another-secret-of-16+')).to.equal(null);
    expect(unsealCheckout(sandboxCheckoutId('another-session', options.webhookSecret), sealed, options.webhookSecret)).to.equal(null);
    for (const broken of ['', 'x', `${payload}.`, `${sealed}.more`]) expect(unsealCheckout(reference, broken, options.webhookSecret), broken).to.equal(null);
  });

  it('should close a checkout once: closed, then already closed', async () => {
    const sandbox = new SandboxProvider(new InMemorySandboxCheckouts(), options);
    const { reference } = await sandbox.createCheckout(checkoutInput());
    expect(await sandbox.expireCheckout({ reference, budget: callBudget(2000) })).to.deep.equal({ result: 'closed' });
    expect(await sandbox.expireCheckout({ reference, budget: callBudget(2000) })).to.deep.equal({ result: 'already_closed' });
  });

  it('should let our own database being down show as that (to be tried again), and any other failure as a provider failure', async () => {
    const expire = (failure: Error) => new SandboxProvider(failingCheckouts(failure), options).expireCheckout({ reference: 'sbx_1', budget: callBudget(2000) }).catch((error: unknown) => error);
    const down = new MongoUnavailable('MongoDB: connection timed out');
    expect(await expire(down)).to.equal(down);
    expect(await expire(new Error('disk full'))).to.be.instanceOf(ProviderError);
  });
});
