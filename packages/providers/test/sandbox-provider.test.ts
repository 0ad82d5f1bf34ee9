import { expect } from 'chai';
import { MongoUnavailable } from '@checkout/platform';
import { InMemorySandboxCheckouts } from '../src/sandbox/in-memory-sandbox-checkouts';
import { SandboxProvider } from '../src/sandbox/sandbox-provider';
import type { SandboxCheckout } from '../src/sandbox/sandbox-checkouts';
import { ProviderError } from '../src/payment-provider';
import { checkoutInput } from './checkout-input';

/** Checkouts kept in a database that is down, or that fails another way. */
class FailingCheckouts extends InMemorySandboxCheckouts {
  constructor(private readonly failure: Error) {
    super();
  }
  override async createOnce(_checkout: SandboxCheckout): Promise<SandboxCheckout> {
    throw this.failure;
  }
}

describe('SandboxProvider', () => {
  const options = { publicUrl: 'http://127.0.0.1:8082', webhookSecret: 'sandbox-test-secret-16+', webhookToleranceSeconds: 300 };

  it('should open one checkout per session, however often it is asked', async () => {
    const sandbox = new SandboxProvider(new InMemorySandboxCheckouts(), options);
    const first = await sandbox.createCheckout(checkoutInput());
    const again = await sandbox.createCheckout(checkoutInput());
    expect(again).to.deep.equal(first);
    expect(first.checkoutUrl).to.equal(`http://127.0.0.1:8082/sandbox/checkout/${first.reference}`);
  });

  it('should let our own database being down show as that (to be tried again), and any other failure as a provider failure', async () => {
    const down = new MongoUnavailable('MongoDB: connection timed out');
    expect(await new SandboxProvider(new FailingCheckouts(down), options).createCheckout(checkoutInput()).catch((error: unknown) => error)).to.equal(down);
    const other = await new SandboxProvider(new FailingCheckouts(new Error('disk full')), options).createCheckout(checkoutInput()).catch((error: unknown) => error);
    expect(other).to.be.instanceOf(ProviderError);
  });
});
