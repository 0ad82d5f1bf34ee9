import { DEFAULT_PROVIDER_TIMEOUT_MS } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import type { SessionStore } from '@checkout/sessions';
import { platformAccountId } from '@checkout/provider-accounts';
import { callBudget } from '@checkout/providers';
import type { AccountClients } from '../accounts/account-clients';

/** The return URL names no session of a provider that sends shoppers back here. */
export class UnknownReturnError extends Error {}

/**
 * GET /return/{provider}/{sessionId}: a provider that sends every shopper back to one URL (Adyen)
 * sends them here; the payment's outcome is read from the provider, and the shopper goes on to the
 * merchant's success page (paid, or pending) or failure page (refused, cancelled, expired).
 */
export class ReturnShopper {
  constructor(
    private readonly store: SessionStore,
    private readonly accounts: Pick<AccountClients, 'clientFor'>,
    private readonly logger: Logger,
  ) {}

  /** The merchant URL the shopper goes on to. */
  async execute(providerId: string, sessionId: string, query: Readonly<Record<string, string | undefined>>): Promise<string> {
    const session = await this.store.find(sessionId);
    const account = session?.provider?.name === providerId ? await this.accounts.clientFor(session.provider.accountId ?? platformAccountId(providerId)) : null;
    const provider = account?.provider;
    if (!session?.provider || !provider?.readShopperReturn) {
      throw new UnknownReturnError(`no ${providerId} checkout of session ${sessionId} returns shoppers here`);
    }
    const { outcome } = await provider.readShopperReturn({ reference: session.provider.reference, query, budget: callBudget(DEFAULT_PROVIDER_TIMEOUT_MS) });
    this.logger.info({ sessionId, provider: provider.id, outcome }, 'shopper returned from the provider');
    return outcome === 'succeeded' ? session.redirectUrls.success : session.redirectUrls.failure;
  }
}
