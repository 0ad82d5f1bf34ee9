import { encodeEvent, EventTypes, Topics, type SessionRequested } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import type { ProviderCatalog } from './catalog/provider-catalog';
import { scoreProviders } from './scoring/score-providers';

/** SessionRequested → the ranked candidates (SessionRouted), or SessionFailed when none is eligible. */
export class RouteSession {
  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly publisher: EventPublisher,
    private readonly eventSource: string,
    private readonly logger: Logger,
  ) {}

  async execute(request: SessionRequested): Promise<void> {
    const { candidates, rejected } = scoreProviders(this.catalog, request);
    const { sessionId, applicationId } = request;
    if (candidates.length === 0) {
      const detail = `No provider can take this payment: ${rejected.map((r) => `${r.provider} ${r.reasons.join(', ')}`).join('; ')}.`;
      await this.publisher.publish(Topics.sessionOutcome, [
        encodeEvent(EventTypes.sessionFailed, this.eventSource, sessionId, {
          sessionId,
          applicationId,
          currency: request.currency,
          code: 'no_eligible_provider',
          detail,
          attempts: [],
        }),
      ]);
      this.logger.info({ sessionId, rejected }, 'no eligible provider');
      return;
    }
    await this.publisher.publish(Topics.sessionRouted, [
      encodeEvent(EventTypes.sessionRouted, this.eventSource, sessionId, {
        sessionId,
        applicationId,
        currency: request.currency,
        amountMinor: request.amountMinor,
        candidates,
        rejected,
        routedAt: new Date().toISOString(),
      }),
    ]);
    this.logger.info({ sessionId, provider: candidates[0]?.provider, score: candidates[0]?.score }, 'session routed');
  }
}
