import { DEFAULT_PROVIDER_TIMEOUT_MS, type SessionStatusChanged } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { platformAccountId } from '@checkout/provider-accounts';
import { callBudget, ProviderError } from '@checkout/providers';
import type { AccountClients } from '../accounts/account-clients';

/**
 * A session that expired on our side (sweeper or merchant) is closed at its provider too, so it
 * cannot be paid, within the default per-call budget. A provider that could not answer is asked
 * again (the event is redelivered); one that refuses (the checkout unknown to it, or our
 * credentials) will refuse every time, so the refusal is logged and the partition moves on.
 */
export class CloseCheckoutAtProvider {
  constructor(
    private readonly accounts: Pick<AccountClients, 'clientFor'>,
    private readonly logger: Logger,
  ) {}

  async execute(change: SessionStatusChanged): Promise<void> {
    if (change.to !== 'EXPIRED' || change.reason === 'webhook' || !change.provider || !change.providerReference) return;
    // With the account that opened it, whatever its status now: a disabled account's checkouts are still closed.
    const accountId = change.providerAccountId ?? platformAccountId(change.provider);
    const provider = (await this.accounts.clientFor(accountId))?.provider;
    if (!provider) {
      this.logger.warn({ sessionId: change.sessionId, provider: change.provider, accountId }, 'cannot close the checkout: its provider account is not configured here (any more)');
      return;
    }
    try {
      const { result } = await provider.expireCheckout({ reference: change.providerReference, budget: callBudget(DEFAULT_PROVIDER_TIMEOUT_MS) });
      this.logger.info({ sessionId: change.sessionId, provider: provider.id, result }, 'checkout closed at the provider');
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind === 'retryable') throw error;
      this.logger.warn({ sessionId: change.sessionId, provider: provider.id, code: error.code, kind: error.kind }, 'the provider refused to close the checkout; nothing to retry');
    }
  }
}
