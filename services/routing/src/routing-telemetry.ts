import { metrics, trace, ValueType, type Counter, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import { Attr, ScopeName } from '@checkout/telemetry';

/** The routing service's own spans and metrics; the global OpenTelemetry API unless a test passes others. */
export class RoutingTelemetry {
  private readonly scores: Histogram;
  private readonly decisions: Counter;

  constructor(
    readonly tracer: Tracer = trace.getTracer(ScopeName.routing),
    meter: Meter = metrics.getMeter(ScopeName.routing),
  ) {
    this.scores = meter.createHistogram('checkout.routing.score', {
      description: 'Score (0..100) of the provider routing ranked first, by provider.',
      unit: '1',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
    });
    this.decisions = meter.createCounter('checkout.routing.decisions', {
      description: 'Routed sessions by first-ranked provider, and sessions no provider could take (provider none, result no_eligible_provider).',
      unit: '{session}',
    });
  }

  routed(provider: string, score: number): void {
    this.scores.record(score, { [Attr.provider]: provider });
    this.decisions.add(1, { [Attr.provider]: provider, [Attr.routingResult]: 'routed' });
  }

  noEligibleProvider(): void {
    this.decisions.add(1, { [Attr.provider]: 'none', [Attr.routingResult]: 'no_eligible_provider' });
  }
}
