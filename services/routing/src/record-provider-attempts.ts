import type { SessionFailed, SessionReady } from '@checkout/contracts';
import type { ProviderSignals } from './signals/provider-signals';

/** Every outcome's provider attempts feed the live signals that scoring reads. */
export class RecordProviderAttempts {
  constructor(private readonly signals: ProviderSignals) {}

  execute(outcome: SessionReady | SessionFailed): Promise<void> {
    return this.signals.record(outcome.sessionId, outcome.attempts);
  }
}
