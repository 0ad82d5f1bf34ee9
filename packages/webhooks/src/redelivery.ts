import { dueDelivery, type DeliveryDocument } from './delivery';
import type { WebhookEndpointDocument } from './endpoint';
import type { MerchantEventDocument } from './merchant-event';
import type { DeliveryStore } from './stores';

/**
 * Makes `event`'s delivery to `endpoint` due now: a new delivery when there was none (the endpoint
 * came after the event, or the event is a test), else the same one sent again with its retry
 * schedule afresh. Either way one delivery per (event, endpoint), so every attempt carries the
 * event's id as its webhook-id and the merchant can tell a resend from a new event.
 */
export async function armDelivery(stores: DeliveryStore, event: MerchantEventDocument, endpoint: Pick<WebhookEndpointDocument, '_id'>, now: Date): Promise<DeliveryDocument> {
  const delivery = dueDelivery(event, endpoint._id, now);
  if (await stores.insertDelivery(delivery)) return delivery;
  const existing = await stores.findDelivery(delivery._id);
  if (!existing) throw new Error(`delivery ${delivery._id} exists but cannot be read`);
  await stores.rearmDelivery(existing._id, existing.attemptCount, now);
  return { ...existing, status: 'pending', nextAttemptAt: now, roundStartsAfter: existing.attemptCount, updatedAt: now };
}
