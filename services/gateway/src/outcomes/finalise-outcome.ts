import { EventTypes, isLive, modeOfScope, type CloudEvent, type IdempotencyReference } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import type { SessionStore } from '@checkout/sessions';
import type { IdempotencyStore, StoredResponse } from '../idempotency/idempotency-store';
import type { GatewayTelemetry } from '../gateway-telemetry';
import { createdResponse, failedResponse } from '../sessions/session-responses';
import type { OutcomeBroadcast } from './outcome-broadcast';

type OutcomeEvent = CloudEvent<typeof EventTypes.sessionReady> | CloudEvent<typeof EventTypes.sessionFailed>;

/**
 * Turns a session's outcome into the merchant's final answer: kept in the idempotency record
 * (Redis) for replays and broadcast to the replica that is waiting. The event carries everything
 * the answer and the record are made of, so success costs MongoDB nothing (the session already
 * holds it all too: see responseFor). Every step is an overwrite with the same value, so
 * redelivery is harmless.
 */
export class FinaliseOutcome {
  constructor(
    private readonly sessions: SessionStore,
    private readonly idempotency: IdempotencyStore,
    private readonly broadcast: OutcomeBroadcast,
    private readonly telemetry: GatewayTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(event: OutcomeEvent): Promise<void> {
    // The provider service recorded the outcome on the session before it announced it.
    const response: StoredResponse = event.type === EventTypes.sessionReady ? createdResponse(event.data) : failedResponse(event.data);
    const { sessionId } = event.data;
    const idempotency = event.data.idempotency ?? (await this.storedIdempotency(sessionId));
    if (!idempotency) {
      this.logger.warn({ sessionId, type: event.type }, 'outcome for an unknown session; nothing to finalise');
      return;
    }
    await this.idempotency.save(idempotency.keyHash, { state: 'completed', sessionId, fingerprint: idempotency.fingerprint, response });
    await this.broadcast.publish(sessionId, response);
    const mode = modeOfScope(isLive(event.data));
    if (event.type === EventTypes.sessionReady) this.telemetry.sessionFinished(event.data.provider, mode, 'ready');
    else this.telemetry.sessionFinished(event.data.attempts[0]?.provider ?? null, mode, 'failed', event.data.code);
    this.logger.info({ sessionId, status: response.status }, 'session outcome finalised');
  }

  /** For an outcome event that does not carry the request's idempotency reference (an older producer's). */
  private async storedIdempotency(sessionId: string): Promise<IdempotencyReference | null> {
    const session = await this.sessions.find(sessionId);
    return session ? { keyHash: session.idempotencyKeyHash, fingerprint: session.requestFingerprint } : null;
  }
}
