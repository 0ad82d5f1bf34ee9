import { deliveryId, receives, type MerchantEventDocument, type WebhookStores } from '@checkout/webhooks';

/**
 * One delivery of a recorded event for every endpoint of its application subscribed to it, due now:
 * each an insert keyed by (event, endpoint), so a redelivered change queues nothing twice. Endpoints
 * created after the event do not get it; they can read it at GET /api/v1/events. How many it queued.
 */
export async function queueDeliveries(stores: WebhookStores, event: MerchantEventDocument): Promise<number> {
  const now = new Date();
  let queued = 0;
  for (const endpoint of await stores.endpointsOf(event.applicationId)) {
    if (!receives(endpoint, event.type) || endpoint.createdAt > event.createdAt) continue;
    const inserted = await stores.insertDelivery({
      _id: deliveryId(event._id, endpoint._id),
      applicationId: event.applicationId,
      endpointId: endpoint._id,
      eventId: event._id,
      eventType: event.type,
      status: 'pending',
      attemptCount: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (inserted) queued += 1;
  }
  return queued;
}
