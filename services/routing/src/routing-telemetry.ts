import type { Mode } from '@checkout/contracts';
import { metrics, trace, ValueType, type Counter, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import { Attr, ScopeName, within } from '@checkout/telemetry';
import type { ProviderSignals } from './signals/provider-signals';

/** The routing service's own spans and metrics; the global OpenTelemetry API unless a test passes others. */
export class RoutingTelemetry {
  private readonly scores: Histogram;
  private readonly decisions: Counter;

  constructor(
    readonly tracer: Tracer = trace.getTracer(ScopeName.routing),
    private readonly meter: Meter = metrics.getMeter(ScopeName.routing),
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

  routed(provider: string, score: number, mode: Mode): void {
    this.scores.record(score, { [Attr.provider]: provider, [Attr.mode]: mode });
    this.decisions.add(1, { [Attr.provider]: provider, [Attr.mode]: mode, [Attr.routingResult]: 'routed' });
  }

  noEligibleProvider(mode: Mode): void {
    this.decisions.add(1, { [Attr.provider]: 'none', [Attr.mode]: mode, [Attr.routingResult]: 'no_eligible_provider' });
  }

  /**
   * What routing currently believes about each platform account, read from the live signals on every
   * collection: `checkout.provider.circuit_open` (1 while demoted) and
   * `checkout.provider.success_rate` over its newest attempts (absent without traffic), by provider.
   * Merchants' own accounts are not exported: one series each would be too many.
   */
  observeSignals(signals: ProviderSignals, providerOfAccount: ReadonlyMap<string, string>, timeoutMs = 2000): void {
    const circuitOpen = this.meter.createObservableGauge('checkout.provider.circuit_open', {
      description: 'Whether routing has demoted the provider (1) because too many of its newest attempts failed, or not (0).',
      unit: '1',
    });
    const successRate = this.meter.createObservableGauge('checkout.provider.success_rate', {
      description: 'Share of the provider\'s newest attempts that succeeded, as routing sees it.',
      unit: '1',
    });
    this.meter.addBatchObservableCallback(async (result) => {
      const snapshot = await within(() => signals.snapshot([...providerOfAccount.keys()]), timeoutMs, new Map());
      for (const [account, signal] of snapshot) {
        const provider = providerOfAccount.get(account) ?? account;
        result.observe(circuitOpen, signal.circuit === 'open' ? 1 : 0, { [Attr.provider]: provider });
        if (signal.attempts > 0) result.observe(successRate, signal.successes / signal.attempts, { [Attr.provider]: provider });
      }
    }, [circuitOpen, successRate]);
  }
}
