import { createHash } from 'node:crypto';
import { isLive, type WebhookEventType } from '@checkout/contracts';

/**
 * One document per merchant event in `webhook_events`: what GET /api/v1/events lists and every
 * delivery sends. `data.object` is what it is about as the API showed it when the event happened:
 * the session (checkout.session.*) or the provider account (provider_account.*).
 */
export interface MerchantEventDocument {
  _id: string;
  applicationId: string;
  /** The mode of what it is about; absent on events from before modes (live): read it with isLive. */
  livemode?: boolean;
  type: WebhookEventType;
  /** The session a checkout.session.* event is about. */
  sessionId?: string;
  /** The provider account a provider_account.* event is about. */
  accountId?: string;
  data: { object: Record<string, unknown> };
  createdAt: Date;
}

/**
 * The event's id, a function of what it is about: a session reaches a closed status at most once
 * (the subject is its id), an account's credentials are refused at most once per version (the
 * subject is `<accountId>:<credentialsVersion>`), so a redelivered change makes the same event,
 * never a second one.
 */
export function merchantEventId(subject: string, type: WebhookEventType): string {
  return `evt_${createHash('sha256').update(`${subject}\n${type}`).digest('hex').slice(0, 32)}`;
}

/** The event as the API lists it and as each webhook's body carries it. */
export function merchantEventView(event: MerchantEventDocument) {
  return { id: event._id, type: event.type, livemode: isLive(event), createdAt: event.createdAt.toISOString(), data: event.data };
}
