import { expect } from 'chai';
import { DEFAULT_PROVIDER_TIMEOUT_MS, type SessionStatusChanged } from '@checkout/contracts';
import { createLogger } from '@checkout/platform';
import { CloseCheckoutAtProvider } from '../src/lifecycle/close-checkout-at-provider';
import { ProviderError, type ExpireCheckoutInput, type PaymentProvider } from '@checkout/providers';
import { platformAccount } from '@checkout/provider-accounts';

const logger = createLogger({ service: 'test', level: 'silent' });

function change(overrides: Partial<SessionStatusChanged> = {}): SessionStatusChanged {
  return {
    sessionId: 's-1',
    applicationId: 'app-1',
    from: 'PENDING',
    to: 'EXPIRED',
    reason: 'merchant',
    provider: 'stripe',
    providerReference: 'cs_test_1',
    changedAt: '2024-01-15T12:00:00Z',
    ...overrides,
  };
}

function providerThat(expire: (reference: string) => Promise<void>): { provider: PaymentProvider; closed: string[]; budgets: number[] } {
  const closed: string[] = [];
  const budgets: number[] = [];
  const provider = {
    id: 'stripe',
    expireCheckout: async ({ reference, budget }: ExpireCheckoutInput) => {
      budgets.push(budget.timeoutMs);
      await expire(reference);
      closed.push(reference);
      return { result: 'closed' };
    },
  } as unknown as PaymentProvider;
  return { provider, closed, budgets };
}

/** The platform's Stripe account, and a merchant's (pa_mine), both acting through `provider`. */
function clientsOf(provider: PaymentProvider) {
  return {
    clientFor: async (accountId: string) =>
      accountId === 'pa_platform_stripe' || accountId === 'pa_mine' ? { account: { ...platformAccount('stripe', 'test', ''), _id: accountId, status: 'disabled' as const }, provider } : null,
  };
}

describe('CloseCheckoutAtProvider', () => {
  describe('execute', () => {
    it('should close the checkout of a session expired on our side, within the default call budget', async () => {
      const { provider, closed, budgets } = providerThat(async () => undefined);
      await new CloseCheckoutAtProvider(clientsOf(provider), logger).execute(change());
      expect(budgets).to.deep.equal([DEFAULT_PROVIDER_TIMEOUT_MS]);
      expect(closed).to.deep.equal(['cs_test_1']);
    });

    it('should close it with the account that opened it, even one disabled since, and skip an account that is gone', async () => {
      const { provider, closed } = providerThat(async () => undefined);
      await new CloseCheckoutAtProvider(clientsOf(provider), logger).execute(change({ providerAccountId: 'pa_mine', providerReference: 'cs_test_mine' }));
      await new CloseCheckoutAtProvider(clientsOf(provider), logger).execute(change({ providerAccountId: 'pa_deleted', providerReference: 'cs_test_gone' }));
      expect(closed).to.deep.equal(['cs_test_mine']);
    });

    it('should not close anything for a webhook, or for a status other than EXPIRED', async () => {
      const { provider, closed } = providerThat(async () => undefined);
      const useCase = new CloseCheckoutAtProvider(clientsOf(provider), logger);
      await useCase.execute(change({ reason: 'webhook' }));
      await useCase.execute(change({ to: 'COMPLETED' }));
      expect(closed).to.deep.equal([]);
    });

    it('should throw, so the event comes again, when the provider is unavailable', async () => {
      const { provider } = providerThat(async () => {
        throw new ProviderError('retryable', 'http_503', 'unavailable');
      });
      const failure = await new CloseCheckoutAtProvider(clientsOf(provider), logger).execute(change()).catch((error: Error) => error);
      expect(failure).to.be.instanceOf(ProviderError).with.property('code', 'http_503');
    });

    it('should not block the partition when the provider refuses (an unknown checkout, or our credentials)', async () => {
      for (const refusal of [new ProviderError('invalid_request', 'resource_missing', "No such checkout.session: 'cs_test_1'", 404), new ProviderError('credentials', 'credentials_rejected', 'Invalid API Key provided.', 401)]) {
        const { provider } = providerThat(async () => {
          throw refusal;
        });
        await new CloseCheckoutAtProvider(clientsOf(provider), logger).execute(change());
      }
    });
  });
});
