import { createHash } from 'node:crypto';
import { isLive, type WebhookDeliveryStatus, type WebhookEventType } from '@checkout/contracts';

/** One document per (event, endpoint) in `webhook_deliveries`: the schedule of its attempts. */
export interface DeliveryDocument {
  _id: string;
  applicationId: string;
  /** Its event's (and endpoint's) mode; absent on deliveries from before modes (live). */
  livemode?: boolean;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  /** Attempts made so far; attempt `attemptCount + 1` is next. */
  attemptCount: number;
  /**
   * Attempts made before the delivery was last sent again (a resend, a replay): the retry schedule
   * starts afresh after them. Absent: 0.
   */
  roundStartsAfter?: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One document per attempt in `webhook_attempts`, `_id` = `<deliveryId>.<number>`. Inserted before
 * the request is sent, so that its unique `_id` gives each attempt to one sender among all
 * replicas; its outcome is written after. One never finished belongs to a sender that died.
 */
export interface AttemptDocument {
  _id: string;
  deliveryId: string;
  endpointId: string;
  number: number;
  startedAt: Date;
  finishedAt: Date | null;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  responseBody: string | null;
}

/** A new delivery of `event` to `endpointId`, due at `now`: the one per (event, endpoint). */
export function dueDelivery(event: { _id: string; applicationId: string; livemode?: boolean; type: WebhookEventType }, endpointId: string, now: Date): DeliveryDocument {
  return {
    _id: deliveryId(event._id, endpointId),
    applicationId: event.applicationId,
    livemode: isLive(event),
    endpointId,
    eventId: event._id,
    eventType: event.type,
    status: 'pending',
    attemptCount: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

export function deliveryId(eventId: string, endpointId: string): string {
  return `dlv_${createHash('sha256').update(`${eventId}\n${endpointId}`).digest('hex').slice(0, 32)}`;
}

export function attemptId(delivery: string, number: number): string {
  return `${delivery}.${number}`;
}

/** What one attempt got back. `statusCode` null: no answer (timeout, connection refused, address refused). */
export interface AttemptResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

/** 2xx is delivered; everything else (3xx included: redirects are not followed) is retried. */
export function isDelivered(result: Pick<AttemptResult, 'statusCode'>): boolean {
  return result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
}

/** The delivery as GET /api/v1/webhook-endpoints/{id}/deliveries shows it. */
export function deliveryView(delivery: DeliveryDocument, attempts: AttemptDocument[]) {
  return {
    id: delivery._id,
    livemode: isLive(delivery),
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: [...attempts]
      .sort((a, b) => a.number - b.number)
      .map((attempt) => ({
        number: attempt.number,
        at: attempt.startedAt.toISOString(),
        statusCode: attempt.statusCode,
        latencyMs: attempt.latencyMs,
        error: attempt.finishedAt === null ? 'in progress' : attempt.error,
        responseBody: attempt.responseBody,
      })),
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}
