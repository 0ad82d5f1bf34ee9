import type { Mode } from '@checkout/contracts';
import { metrics, trace, type Counter, type Meter, type Tracer } from '@opentelemetry/api';
import { Attr, ScopeName } from '@checkout/telemetry';

/** What the Idempotency-Key of a create request turned out to be. */
export type IdempotencyDecision = 'new' | 'replay' | 'conflict' | 'in_progress';

/** What the retry that took over a stale processing key did with its session. */
const TAKEOVERS = ['queued_again', 'created', 'repaired'] as const;
export type Takeover = (typeof TAKEOVERS)[number];

/** The gateway's own spans and metrics; the global OpenTelemetry API unless a test passes others. */
export class GatewayTelemetry {
  private readonly idempotencyDecisions: Counter;
  private readonly sessionOutcomes: Counter;
  private readonly rateLimitedRequests: Counter;
  private readonly rateLimitUnavailableRequests: Counter;
  private readonly takeovers: Counter;

  constructor(
    readonly tracer: Tracer = trace.getTracer(ScopeName.gateway),
    meter: Meter = metrics.getMeter(ScopeName.gateway),
  ) {
    this.idempotencyDecisions = meter.createCounter('checkout.idempotency.decisions', {
      description: 'Create requests by what their Idempotency-Key was: new, replay, conflict (other body) or in_progress.',
      unit: '{request}',
    });
    this.sessionOutcomes = meter.createCounter('checkout.sessions', {
      description: 'Sessions whose creation finished, by provider (none when no provider was chosen) and outcome (ready or failed).',
      unit: '{session}',
    });
    this.rateLimitedRequests = meter.createCounter('checkout.rate_limit.limited', {
      description: 'Requests refused with 429 because their application spent its budget, by budget (writes or reads).',
      unit: '{request}',
    });
    this.rateLimitUnavailableRequests = meter.createCounter('checkout.rate_limit.unavailable', {
      description: 'Requests let through without a rate limit because its store (Redis) could not be reached, by budget.',
      unit: '{request}',
    });
    this.takeovers = meter.createCounter('checkout.idempotency.takeovers', {
      description: 'Keys still processing past STALE_REQUEST_MS (their gateway died) taken over by a retry, by what it did: queued_again, created or repaired.',
      unit: '{request}',
    });
    // Rare by design: exported at 0 from the start, so that the series exists before the first one.
    for (const takeover of TAKEOVERS) this.takeovers.add(0, { 'checkout.takeover': takeover });
  }

  tookOver(takeover: Takeover): void {
    this.takeovers.add(1, { 'checkout.takeover': takeover });
  }

  /** Tags the request being served with its session, so the session's id finds its trace. */
  requestIsAbout(sessionId: string): void {
    trace.getActiveSpan()?.setAttribute(Attr.sessionId, sessionId);
  }

  idempotencyDecided(decision: IdempotencyDecision, mode: Mode): void {
    this.idempotencyDecisions.add(1, { [Attr.idempotencyDecision]: decision, [Attr.mode]: mode });
  }

  rateLimited(budget: string, mode: Mode): void {
    this.rateLimitedRequests.add(1, { 'checkout.rate_limit.budget': budget, [Attr.mode]: mode });
  }

  rateLimitUnavailable(budget: string): void {
    this.rateLimitUnavailableRequests.add(1, { 'checkout.rate_limit.budget': budget });
  }

  sessionFinished(provider: string | null, mode: Mode, outcome: 'ready' | 'failed', errorCode?: string): void {
    this.sessionOutcomes.add(1, {
      [Attr.provider]: provider ?? 'none',
      [Attr.mode]: mode,
      [Attr.outcome]: outcome,
      ...(errorCode ? { [Attr.errorCode]: errorCode } : {}),
    });
  }
}
