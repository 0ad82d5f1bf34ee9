import type { ClosedStatus } from './session-statuses';

/**
 * The events a merchant can subscribe a webhook endpoint to, and list at GET /api/v1/events: one
 * per way a session closes, and a provider refusing one of the merchant's accounts' credentials.
 * Defined here once, for the gateway, the notifications service and the OpenAPI document.
 */
export const SESSION_WEBHOOK_EVENT_TYPES = ['checkout.session.completed', 'checkout.session.failed', 'checkout.session.expired', 'checkout.session.customer_erased'] as const;
export const PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES = ['provider_account.credentials_rejected'] as const;
/** Sent on request to one endpoint (POST /api/v1/webhook-endpoints/{id}/test), whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = 'webhook_endpoint.test';
export const ENDPOINT_WEBHOOK_EVENT_TYPES = [WEBHOOK_TEST_EVENT] as const;
export const WEBHOOK_EVENT_TYPES = [...SESSION_WEBHOOK_EVENT_TYPES, ...PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES, ...ENDPOINT_WEBHOOK_EVENT_TYPES] as const;
/** What an endpoint subscribes to: every event type but the test, which goes only to the endpoint it is sent to. */
export const SUBSCRIBABLE_WEBHOOK_EVENT_TYPES = [...SESSION_WEBHOOK_EVENT_TYPES, ...PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** `enabledEvents: ["*"]`: every event type, present and future. */
export const EVERY_WEBHOOK_EVENT = '*';

const EVENT_OF_STATUS: Record<ClosedStatus, (typeof SESSION_WEBHOOK_EVENT_TYPES)[number]> = {
  COMPLETED: 'checkout.session.completed',
  FAILED: 'checkout.session.failed',
  EXPIRED: 'checkout.session.expired',
};

/** The merchant event a session's move to `status` is announced as. */
export function webhookEventTypeOf(status: ClosedStatus): (typeof SESSION_WEBHOOK_EVENT_TYPES)[number] {
  return EVENT_OF_STATUS[status];
}

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** Whether an endpoint subscribed to `enabledEvents` wants an event of `type`. */
export function subscribesTo(enabledEvents: readonly string[], type: WebhookEventType): boolean {
  return enabledEvents.includes(EVERY_WEBHOOK_EVENT) || enabledEvents.includes(type);
}

/**
 * A replay of what an endpoint missed: `running` while its events go one at a time, in the order they
 * happened; `completed` once each was delivered; `failed` when one could not be (the replay stops
 * there, so order is kept); `cancelled` when its endpoint was deleted or disabled meanwhile.
 */
export const WEBHOOK_REPLAY_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type WebhookReplayStatus = (typeof WEBHOOK_REPLAY_STATUSES)[number];

/** How an endpoint stands: `disabled` after failing every delivery for the configured time. */
export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/**
 * A delivery of one event to one endpoint: `pending` while attempts remain (the next at
 * nextAttemptAt), `delivered` on a 2xx, `failed` when the schedule ran out, `abandoned` when its
 * endpoint was deleted or disabled first.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'abandoned'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
