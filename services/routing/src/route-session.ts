import { encodeEvent, EventTypes, isLive, modeOfScope, Topics, type MerchantScope, type SessionRequested } from '@checkout/contracts';
import type { EventPublisher, Logger } from '@checkout/platform';
import type { ProviderAccount } from '@checkout/provider-accounts';
import { Attr, withSpan } from '@checkout/telemetry';
import type { ProviderCatalog } from './catalog/provider-catalog';
import type { RoutingTelemetry } from './routing-telemetry';
import { rulesFor, type RoutingRules } from './rules/routing-rules';
import { scoreProviders } from './scoring/score-providers';
import type { ProviderSignals } from './signals/provider-signals';

export interface RouteSessionSettings {
  catalog: ProviderCatalog;
  rules: RoutingRules;
  probeShare: number;
  eventSource: string;
}

/** The accounts one scope's sessions may go to (a CachedAccountDirectory in the services). */
export interface AccountsOfApplication {
  accountsFor(scope: MerchantScope): Promise<ProviderAccount[]>;
}

/** SessionRequested → the ranked candidate accounts with their explanation (SessionRouted). */
export class RouteSession {
  constructor(
    private readonly signals: ProviderSignals,
    private readonly accounts: AccountsOfApplication,
    private readonly publisher: EventPublisher,
    private readonly settings: RouteSessionSettings,
    private readonly telemetry: RoutingTelemetry,
    private readonly logger: Logger,
  ) {}

  /** Every request is routed, with no candidate when none is eligible: the provider service decides every session's outcome. */
  async execute(request: SessionRequested): Promise<void> {
    const { candidates, rejected } = await this.score(request);
    const { sessionId, applicationId } = request;
    await this.publisher.publish(Topics.sessionRouted, [
      encodeEvent(EventTypes.sessionRouted, this.settings.eventSource, sessionId, {
        sessionId,
        applicationId,
        livemode: isLive(request),
        currency: request.currency,
        amountMinor: request.amountMinor,
        candidates,
        rejected,
        routedAt: new Date().toISOString(),
        ...(request.idempotency ? { idempotency: request.idempotency } : {}),
      }),
    ]);
    const [first] = candidates;
    if (first) this.logger.info({ sessionId, provider: first.provider, account: first.account, score: first.score, rankedBy: first.rankedBy }, 'session routed');
    else this.logger.info({ sessionId, rejected }, 'no eligible provider');
  }

  /** Scoring in its own span, carrying the choice: the first-ranked provider and its score. */
  private score(request: SessionRequested) {
    const livemode = isLive(request);
    const attributes = { [Attr.sessionId]: request.sessionId, [Attr.currency]: request.currency, [Attr.amountMinor]: request.amountMinor, [Attr.mode]: modeOfScope(livemode) };
    return withSpan(this.telemetry.tracer, 'checkout.routing.score', attributes, async (span) => {
      // Without the accounts there is nothing to route to: the error fails this delivery, retried as any store error.
      const accounts = await this.accounts.accountsFor({ applicationId: request.applicationId, livemode });
      const ranking = scoreProviders({ ...request, livemode }, {
        catalog: this.settings.catalog,
        accounts,
        rules: rulesFor(this.settings.rules, request.applicationId),
        signals: await this.signals.snapshot(accounts.map((account) => account._id)).catch((error: unknown) => {
          // Without the live signals routing still routes, on the catalog and the priors alone.
          this.logger.warn({ err: error, sessionId: request.sessionId }, 'provider signals unavailable; routing on the catalog alone');
          return new Map();
        }),
        probeShare: this.settings.probeShare,
      });
      const [first] = ranking.candidates;
      span.setAttributes({ [Attr.routingCandidates]: ranking.candidates.length, [Attr.routingRejected]: ranking.rejected.length });
      if (first) {
        span.setAttributes({ [Attr.provider]: first.provider, [Attr.providerAccount]: first.account ?? '', [Attr.routingScore]: first.score, [Attr.routingResult]: 'routed' });
        this.telemetry.routed(first.provider, first.score, modeOfScope(livemode));
      } else {
        span.setAttribute(Attr.routingResult, 'no_eligible_provider');
        this.telemetry.noEligibleProvider(modeOfScope(livemode));
      }
      return ranking;
    });
  }
}
