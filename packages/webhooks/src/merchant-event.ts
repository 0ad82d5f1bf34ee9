import { createHash } from 'node:crypto';
import type { WebhookEventType } from '@checkout/contracts';

/**
 * One document per merchant event in `webhook_events`: what GET /api/v1/events lists and every
 * delivery sends. `data.object` is the session as GET returned it when the event happened.
 */
export interface MerchantEventDocument {
  _id: string;
  applicationId: string;
  type: WebhookEventType;
  sessionId: string;
  data: { object: Record<string, unknown> };
  createdAt: Date;
}

/**
 * The event's id, a function of what it is about: a session reaches a closed status at most once,
 * so a redelivered SessionStatusChanged makes the same event, never a second one.
 */
export function merchantEventId(sessionId: string, type: WebhookEventType): string {
  return `evt_${createHash('sha256').update(`${sessionId}\n${type}`).digest('hex').slice(0, 32)}`;
}

/** The event as the API lists it and as each webhook's body carries it. */
export function merchantEventView(event: MerchantEventDocument) {
  return { id: event._id, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data };
}
