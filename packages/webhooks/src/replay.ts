import { createHash, randomBytes } from 'node:crypto';
import { isLive, type MerchantScope, type WebhookReplayStatus } from '@checkout/contracts';

/**
 * One document per replay in `webhook_replays`: what an endpoint missed in [from, to), sent again
 * one event at a time, oldest first. `current` is the event being delivered (or where the replay
 * stopped); `eventsSent` counts the events handed over so far and guards each step, so that two
 * notifications replicas stepping at once write the same next step, never two.
 */
export interface ReplayDocument {
  _id: string;
  applicationId: string;
  livemode: boolean;
  endpointId: string;
  from: Date;
  to: Date;
  status: WebhookReplayStatus;
  current: { eventId: string; createdAt: Date; deliveryId: string } | null;
  eventsSent: number;
  failure: string | null;
  /** For a replay asked for with an Idempotency-Key: the request's fingerprint, so that a retry with another body is refused. */
  requestFingerprint?: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The claim of a replay's `step`-th event in `webhook_replay_steps`. */
export interface ReplayStepClaim {
  _id: string;
  replayId: string;
  claimedAt: Date;
}

export function replayStepId(replayId: string, step: number): string {
  return `${replayId}.${step}`;
}

export type ReplayStep = Partial<Pick<ReplayDocument, 'status' | 'current' | 'eventsSent' | 'failure' | 'finishedAt'>>;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const idOf = (bytes: Buffer) => `rpl_${[...bytes.subarray(0, 24)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;

export function newReplayId(): string {
  return idOf(randomBytes(24));
}

/** The id of the replay a scope asks for with an Idempotency-Key: every retry names the same replay. */
export function replayIdFor(scope: MerchantScope, endpointId: string, idempotencyKey: string): string {
  return idOf(createHash('sha256').update(`${scope.applicationId}\n${scope.livemode ? '' : 'test\n'}${endpointId}\n${idempotencyKey}`).digest());
}

/** The replay as the API shows it. */
export function replayView(replay: ReplayDocument) {
  return {
    id: replay._id,
    livemode: isLive(replay),
    endpointId: replay.endpointId,
    from: replay.from.toISOString(),
    to: replay.to.toISOString(),
    status: replay.status,
    eventsSent: replay.eventsSent,
    currentEventId: replay.current?.eventId ?? null,
    failure: replay.failure,
    createdAt: replay.createdAt.toISOString(),
    finishedAt: replay.finishedAt?.toISOString() ?? null,
  };
}
