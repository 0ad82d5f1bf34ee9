import type { SessionStatusChanged } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { ProviderError, type PaymentProvider } from '../providers/payment-provider';

/**
 * A session that expired on our side (sweeper or merchant) is closed at its provider too, so it
 * cannot be paid. A provider that is down is asked again (the event is redelivered); one that
 * refuses (the checkout is already closed, or unknown to it) will refuse every time, so the
 * refusal is logged and the partition moves on.
 */
export class CloseCheckoutAtProvider {
  constructor(
    private readonly providers: ReadonlyMap<string, PaymentProvider>,
    private readonly logger: Logger,
  ) {}

  async execute(change: SessionStatusChanged): Promise<void> {
    if (change.to !== 'EXPIRED' || change.reason === 'webhook' || !change.provider || !change.providerReference) return;
    const provider = this.providers.get(change.provider);
    if (!provider) {
      this.logger.warn({ sessionId: change.sessionId, provider: change.provider }, 'cannot close the checkout: provider not configured here');
      return;
    }
    try {
      await provider.expireCheckout(change.providerReference);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'rejected') throw error;
      this.logger.warn({ sessionId: change.sessionId, provider: provider.id, code: error.code }, 'the provider refused to close the checkout; nothing to retry');
      return;
    }
    this.logger.info({ sessionId: change.sessionId, provider: provider.id }, 'checkout closed at the provider');
  }
}
