import type { Mode } from '@checkout/contracts';
import { metrics, ValueType, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { Attr, ScopeName } from '@checkout/telemetry';

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'interrupted';

/** The notifications service's metrics; the global OpenTelemetry API unless a test passes another meter. */
export class NotificationsTelemetry {
  private readonly events: Counter;
  private readonly attempts: Counter;
  private readonly attemptDuration: Histogram;
  private readonly disabled: Counter;
  /** Seconds the longest-waiting due delivery had waited at the last round (0: none waiting). */
  private oldestDueSeconds = 0;

  constructor(meter: Meter = metrics.getMeter(ScopeName.notifications)) {
    this.events = meter.createCounter('checkout.webhook.events', { description: 'Merchant events recorded, by type.', unit: '{event}' });
    this.attempts = meter.createCounter('checkout.webhook.attempts', {
      description: 'Webhook delivery attempts, by outcome: delivered (2xx), retrying, failed (schedule exhausted), interrupted (a sender died mid-attempt).',
      unit: '{attempt}',
    });
    this.attemptDuration = meter.createHistogram('checkout.webhook.attempt.duration', {
      description: "Time a merchant endpoint took to answer a webhook (or to fail).",
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] },
    });
    this.disabled = meter.createCounter('checkout.webhook.endpoints_disabled', { description: 'Endpoints disabled after failing every delivery for the configured time.', unit: '{endpoint}' });
    meter
      .createObservableGauge('checkout.webhook.backlog_age', {
        description: 'How long the longest-waiting due webhook delivery had waited past its time at the last delivery round: 0 when none was waiting. Growing: deliveries fall behind.',
        unit: 's',
      })
      .addCallback((result) => result.observe(this.oldestDueSeconds));
  }

  backlogObserved(oldestDueSeconds: number): void {
    this.oldestDueSeconds = Math.max(0, oldestDueSeconds);
  }

  eventRecorded(type: string, mode: Mode): void {
    this.events.add(1, { [Attr.webhookEventType]: type, [Attr.mode]: mode });
  }

  attempted(outcome: AttemptOutcome, type: string, seconds?: number): void {
    this.attempts.add(1, { [Attr.webhookOutcome]: outcome, [Attr.webhookEventType]: type });
    if (seconds !== undefined) this.attemptDuration.record(seconds, { [Attr.webhookOutcome]: outcome });
  }

  endpointDisabled(): void {
    this.disabled.add(1);
  }
}
