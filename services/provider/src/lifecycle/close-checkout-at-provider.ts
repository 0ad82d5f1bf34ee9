import type { SessionStatusChanged } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import type { PaymentProvider } from '../providers/payment-provider';

/** A session that expired on our side (sweeper or merchant) is closed at its provider too, so it cannot be paid. */
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
    await provider.expireCheckout(change.providerReference);
    this.logger.info({ sessionId: change.sessionId, provider: provider.id }, 'checkout closed at the provider');
  }
}
