import { isLive, modeOfScope } from '@checkout/contracts';
import { dueDelivery, receives, type MerchantEventDocument, type WebhookStores } from '@checkout/webhooks';
import type { NotificationsTelemetry } from './notifications-telemetry';

/**
 * One delivery of a recorded event for every endpoint of its application subscribed to it, due now:
 * each an insert keyed by (event, endpoint), so a redelivered change queues nothing twice. Endpoints
 * created after the event do not get it; they can read it at GET /api/v1/events. How many it queued.
 */
export async function queueDeliveries(stores: WebhookStores, event: MerchantEventDocument): Promise<number> {
  const now = new Date();
  let queued = 0;
  // An event goes to its own mode's endpoints only: a test endpoint never hears of a live payment.
  const livemode = isLive(event);
  for (const endpoint of await stores.endpointsOf({ applicationId: event.applicationId, livemode })) {
    if (!receives(endpoint, event.type) || endpoint.createdAt > event.createdAt) continue;
    if (await stores.insertDelivery(dueDelivery(event, endpoint._id, now))) queued += 1;
  }
  return queued;
}

/**
 * The one way a merchant event is recorded: inserted once (its id says what it is about, so a
 * redelivered change inserts nothing), counted, its deliveries queued, the sender woken when any
 * were. How many deliveries it queued.
 */
export async function recordMerchantEvent(stores: WebhookStores, telemetry: NotificationsTelemetry, event: MerchantEventDocument, deliveriesDue: () => void): Promise<number> {
  if (await stores.insertEvent(event)) telemetry.eventRecorded(event.type, modeOfScope(isLive(event)));
  const queued = await queueDeliveries(stores, event);
  if (queued > 0) deliveriesDue();
  return queued;
}
