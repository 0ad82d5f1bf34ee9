import { metrics, trace, type Counter, type Meter, type Tracer } from '@opentelemetry/api';
import { Attr, ScopeName } from '@checkout/telemetry';

/** What the Idempotency-Key of a create request turned out to be. */
export type IdempotencyDecision = 'new' | 'replay' | 'conflict' | 'in_progress';

/** The gateway's own spans and metrics; the global OpenTelemetry API unless a test passes others. */
export class GatewayTelemetry {
  private readonly idempotencyDecisions: Counter;
  private readonly sessionOutcomes: Counter;

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
  }

  /** Tags the request being served with its session, so the session's id finds its trace. */
  requestIsAbout(sessionId: string): void {
    trace.getActiveSpan()?.setAttribute(Attr.sessionId, sessionId);
  }

  idempotencyDecided(decision: IdempotencyDecision): void {
    this.idempotencyDecisions.add(1, { [Attr.idempotencyDecision]: decision });
  }

  sessionFinished(provider: string | null, outcome: 'ready' | 'failed', errorCode?: string): void {
    this.sessionOutcomes.add(1, {
      [Attr.provider]: provider ?? 'none',
      [Attr.outcome]: outcome,
      ...(errorCode ? { [Attr.errorCode]: errorCode } : {}),
    });
  }
}
