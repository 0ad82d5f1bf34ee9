import { randomBytes } from 'node:crypto';
import { ApiError, ErrorCode, MAX_REPLAY_RANGE_DAYS, WEBHOOK_TEST_EVENT, type ContractValidator } from '@checkout/contracts';
import {
  armDelivery,
  deliveryView,
  receives,
  endpointView,
  newReplayId,
  replayIdFor,
  replayView,
  type DeliveryStore,
  type MerchantEventDocument,
  type MerchantEventStore,
  type ReplayDocument,
  type ReplayStore,
  type WebhookEndpointDocument,
  type WebhookEndpointStore,
} from '@checkout/webhooks';
import type { Caller } from '../auth/caller';
import { requestFingerprint } from '../idempotency/fingerprint';
import { checkIdempotencyKey, keyReused } from '../idempotency/idempotency-key';
import { cursorItem, pageOf, validQuery, type Page } from '../merchant-api/pages';
import { eventNotFound } from '../events/read-events';
import { ownedEndpoint } from './owned-endpoint';

type Stores = WebhookEndpointStore & MerchantEventStore & DeliveryStore & ReplayStore;
type DeliveryView = ReturnType<typeof deliveryView>;
type ReplayView = ReturnType<typeof replayView>;

const DAY_MS = 86_400_000;

/**
 * Sending webhooks again, the merchant's repairs after an outage: a test event to one endpoint, one
 * event again to one endpoint, and a replay of everything an endpoint missed in a time range, in
 * order. Each only queues: the notifications service sends, signs and records the attempts as for
 * any webhook, and a resent event keeps its id (its webhook-id), so the merchant's deduplication
 * holds. Only enabled endpoints of the caller's own scope take any of them.
 */
export class RedeliverWebhooks {
  constructor(
    private readonly stores: Stores,
    private readonly validator: ContractValidator,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A `webhook_endpoint.test` event, recorded and queued to this endpoint alone, whatever it subscribes to. */
  async sendTest(caller: Caller, endpointId: string): Promise<DeliveryView> {
    const endpoint = await this.enabledEndpoint(caller, endpointId);
    const now = this.now();
    const event: MerchantEventDocument = {
      _id: `evt_${randomBytes(16).toString('hex')}`,
      applicationId: caller.applicationId,
      livemode: caller.livemode,
      type: WEBHOOK_TEST_EVENT,
      data: { object: endpointView(endpoint) },
      createdAt: now,
    };
    await this.stores.insertEvent(event);
    return deliveryView(await armDelivery(this.stores, event, endpoint, now), []);
  }

  /** The event to the endpoint again, now, with its retry schedule afresh; the same webhook-id as before. */
  async resend(caller: Caller, eventId: string, body: unknown): Promise<DeliveryView> {
    const validation = this.validator.resendEventRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const event = await this.stores.findEvent(eventId, caller);
    if (!event) throw eventNotFound(eventId);
    const endpoint = await this.enabledEndpoint(caller, validation.value.endpointId);
    if (!receives(endpoint, event.type)) {
      throw new ApiError(ErrorCode.ValidationFailed, `Endpoint ${endpoint._id} does not subscribe to ${event.type}.`, {
        errors: [{ pointer: '/endpointId', detail: `must name an endpoint subscribed to ${event.type}` }],
      });
    }
    const delivery = await armDelivery(this.stores, event, endpoint, this.now());
    // Its earlier attempts stay listed with it.
    return deliveryView(delivery, await this.stores.attemptsOf(delivery._id));
  }

  /**
   * A replay of [from, to): the endpoint's subscribed events it has not been delivered, one at a
   * time, oldest first (the notifications service runs it). With an Idempotency-Key every retry gets
   * the same replay, and a retry with another body a 422.
   */
  async createReplay(caller: Caller, endpointId: string, body: unknown, idempotencyKey?: string): Promise<ReplayView> {
    const validation = this.validator.createWebhookReplayRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const from = new Date(validation.value.from);
    const to = new Date(validation.value.to);
    if (to <= from) throw new ApiError(ErrorCode.ReplayRangeInvalid, 'The replay range is empty.', { errors: [{ pointer: '/to', detail: 'must be after from' }] });
    if (to.getTime() - from.getTime() > MAX_REPLAY_RANGE_DAYS * DAY_MS) {
      throw new ApiError(ErrorCode.ReplayRangeInvalid, `A replay covers at most ${MAX_REPLAY_RANGE_DAYS} days.`, { errors: [{ pointer: '/to', detail: `must be at most ${MAX_REPLAY_RANGE_DAYS} days after from` }] });
    }
    const endpoint = await this.enabledEndpoint(caller, endpointId);
    const fingerprint = idempotencyKey === undefined ? undefined : requestFingerprint({ endpointId, from: from.toISOString(), to: to.toISOString() });
    const id = idempotencyKey === undefined ? newReplayId() : replayIdFor(caller, endpoint._id, checkIdempotencyKey(idempotencyKey, 'a unique value per replay you ask for, reused only to retry'));
    const now = this.now();
    const replay: ReplayDocument = {
      _id: id,
      applicationId: caller.applicationId,
      livemode: caller.livemode,
      endpointId: endpoint._id,
      from,
      to,
      status: 'running',
      current: null,
      eventsSent: 0,
      failure: null,
      ...(fingerprint ? { requestFingerprint: fingerprint } : {}),
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    if (await this.stores.insertReplay(replay)) return replayView(replay);
    const existing = await this.stores.findReplay(id, caller);
    if (!existing) throw new Error(`replay ${id} exists but cannot be read`);
    if (existing.requestFingerprint !== fingerprint) {
      throw keyReused('to ask for a replay');
    }
    return replayView(existing);
  }

  async getReplay(caller: Caller, endpointId: string, replayId: string): Promise<ReplayView> {
    const endpoint = await ownedEndpoint(this.stores, caller, endpointId);
    const replay = await this.stores.findReplay(replayId, caller);
    if (!replay || replay.endpointId !== endpoint._id) throw new ApiError(ErrorCode.WebhookReplayNotFound, `No replay ${replayId} exists for endpoint ${endpoint._id}.`);
    return replayView(replay);
  }

  async listReplays(caller: Caller, endpointId: string, rawQuery: Record<string, unknown>): Promise<Page<ReplayView>> {
    const endpoint = await ownedEndpoint(this.stores, caller, endpointId);
    const query = validQuery(this.validator, 'page', rawQuery);
    const ofThisEndpoint = async (id: string) => {
      const replay = await this.stores.findReplay(id, caller);
      return replay?.endpointId === endpoint._id ? replay : null;
    };
    const after = await cursorItem(query.startingAfter, ofThisEndpoint, 'replay');
    const fetched = await this.stores.listReplays(endpoint._id, { limit: query.limit + 1, after });
    return pageOf(fetched, query.limit, replayView);
  }

  private async enabledEndpoint(caller: Caller, endpointId: string): Promise<WebhookEndpointDocument> {
    const endpoint = await ownedEndpoint(this.stores, caller, endpointId);
    if (endpoint.status !== 'enabled') {
      throw new ApiError(ErrorCode.WebhookEndpointDisabled, `Webhook endpoint ${endpoint._id} is disabled (${endpoint.disabledReason ?? 'by the merchant'}); enable it first.`);
    }
    return endpoint;
  }
}
