import { metrics, trace, ValueType, type Counter, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import { isLive, modeOfScope, type Mode, type SessionStatusChanged } from '@checkout/contracts';
import { Attr, ScopeName } from '@checkout/telemetry';

/** The provider service's own spans and metrics; the global OpenTelemetry API unless a test passes others. */
export class ProviderTelemetry {
  private readonly callDuration: Histogram;
  private readonly callErrors: Counter;
  private readonly statusChanges: Counter;
  private readonly lateCompletions: Counter;
  private readonly relayedAnnouncements: Counter;
  private readonly webhookMismatches: Counter;

  constructor(
    readonly tracer: Tracer = trace.getTracer(ScopeName.provider),
    private readonly meter: Meter = metrics.getMeter(ScopeName.provider),
  ) {
    this.callDuration = meter.createHistogram('checkout.provider.call.duration', {
      description: 'Time a provider took to create a checkout, by provider and outcome (succeeded or failed).',
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 3, 5, 8, 13] },
    });
    this.callErrors = meter.createCounter('checkout.provider.call.errors', {
      description: 'Failed checkout creations at a provider, by provider and error code (timeout, connection_error, http_503, ...).',
      unit: '{call}',
    });
    this.statusChanges = meter.createCounter('checkout.session.status_changes', {
      description: 'Sessions closing (leaving PENDING, or EXPIRED to COMPLETED on a late payment), by provider, new status (COMPLETED, FAILED, EXPIRED) and reason (webhook, expired, merchant).',
      unit: '{session}',
    });
    this.lateCompletions = meter.createCounter('checkout.session.completed_late', {
      description: 'Payments a provider reported for a session already EXPIRED: recorded as COMPLETED (late) and announced, by provider.',
      unit: '{session}',
    });
    this.relayedAnnouncements = meter.createCounter('checkout.session.announcements_relayed', {
      description: 'Status changes published by the relay because the writer that made them stopped before announcing them (killed, or cut off from MongoDB).',
      unit: '{session}',
    });
    this.relayedAnnouncements.add(0); // rare by design: exported at 0 from the start
    this.webhookMismatches = meter.createCounter('checkout.provider.webhook_mismatches', {
      description: "Provider notifications with a valid signature that do not match their session (another account's, another merchant account, amount or currency): recorded and ignored, by provider and reason.",
      unit: '{notification}',
    });
  }

  /**
   * `checkout.sessions.stuck_processing`: sessions still PROCESSING a minute after their creation (a
   * pipeline that stopped, a dead letter not yet failed), as last counted (stuckSessionsCounted), so
   * that a scrape costs the database nothing.
   */
  private stuckSessions: number | undefined;

  observeStuckSessions(): void {
    this.meter
      .createObservableGauge('checkout.sessions.stuck_processing', { description: 'Sessions still PROCESSING a minute after they were created, as last counted: every replica reports the same count.', unit: '{session}' })
      .addCallback((result) => {
        if (this.stuckSessions !== undefined) result.observe(this.stuckSessions);
      });
  }

  stuckSessionsCounted(count: number): void {
    this.stuckSessions = count;
  }

  announcementsRelayed(count: number): void {
    if (count > 0) this.relayedAnnouncements.add(count);
  }

  webhookMismatch(provider: string, reason: string): void {
    this.webhookMismatches.add(1, { [Attr.provider]: provider, [Attr.errorCode]: reason });
  }

  completedLate(provider: string): void {
    this.lateCompletions.add(1, { [Attr.provider]: provider });
  }

  sessionStatusChanged(change: SessionStatusChanged): void {
    this.statusChanges.add(1, { [Attr.provider]: change.provider ?? 'none', [Attr.mode]: modeOfScope(isLive(change)), [Attr.sessionStatus]: change.to, [Attr.statusReason]: change.reason });
  }

  providerCalled(provider: string, mode: Mode, seconds: number, errorCode?: string): void {
    this.callDuration.record(seconds, { [Attr.provider]: provider, [Attr.mode]: mode, [Attr.attemptOutcome]: errorCode ? 'failed' : 'succeeded' });
    if (errorCode) this.callErrors.add(1, { [Attr.provider]: provider, [Attr.mode]: mode, [Attr.errorCode]: errorCode });
  }
}
