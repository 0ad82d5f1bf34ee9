import type { Listed } from '@checkout/platform';
import type { MerchantScope, WebhookEventType } from '@checkout/contracts';
import type { AttemptDocument, AttemptResult, DeliveryDocument } from './delivery';
import type { EndpointChanges, EndpointOutcome, EndpointSecret, WebhookEndpointDocument } from './endpoint';
import type { MerchantEventDocument } from './merchant-event';
import type { ReplayDocument, ReplayStep } from './replay';

/** A page: at most `limit` items after `after` (the previous page's last item), newest first. */
export interface PageRequest {
  limit: number;
  after?: Listed;
}

/** The `webhook_endpoints` collection. Adapters: MongoWebhookStores, InMemoryWebhookStores. */
export interface WebhookEndpointStore {
  /** Inserts the endpoint unless one with its id exists: false then. */
  insertEndpoint(endpoint: WebhookEndpointDocument): Promise<boolean>;
  /** With a scope, only the scope's own endpoint: another application's or the other mode's id is not found. */
  findEndpoint(endpointId: string, scope?: MerchantScope): Promise<WebhookEndpointDocument | null>;
  listEndpoints(scope: MerchantScope, page: PageRequest): Promise<WebhookEndpointDocument[]>;
  /** Every endpoint of the scope, whatever its status (an application has a handful per mode). */
  endpointsOf(scope: MerchantScope): Promise<WebhookEndpointDocument[]>;
  /** True when it existed (in this scope) and is now gone. */
  deleteEndpoint(endpointId: string, scope: MerchantScope): Promise<boolean>;
  setSecrets(endpointId: string, secrets: EndpointSecret[]): Promise<void>;
  /** Applies the changes (URL, events, description, status and failure record); the endpoint as it is now, or null when it is gone. */
  updateEndpoint(endpointId: string, changes: EndpointChanges): Promise<WebhookEndpointDocument | null>;
  /** Records whether a delivery attempt succeeded (endpointAfter); `disabledNow` when this outcome disabled the endpoint. */
  recordEndpointOutcome(endpointId: string, outcome: EndpointOutcome): Promise<{ disabledNow: boolean }>;
}

/** The `webhook_events` collection. */
export interface MerchantEventStore {
  /** Inserts the event unless one with its id exists: false then (a redelivered status change). */
  insertEvent(event: MerchantEventDocument): Promise<boolean>;
  /** With a scope, only the scope's own event. */
  findEvent(eventId: string, scope?: MerchantScope): Promise<MerchantEventDocument | null>;
  listEvents(scope: MerchantScope, page: PageRequest & { type?: WebhookEventType }): Promise<MerchantEventDocument[]>;
  /** The scope's events created in [from, to) after `after` (in this order), oldest first: what a replay walks through. */
  eventsBetween(scope: MerchantScope, range: { from: Date; to: Date; after?: Listed }, limit: number): Promise<MerchantEventDocument[]>;
}

/** The `webhook_deliveries` and `webhook_attempts` collections. */
export interface DeliveryStore {
  /** Inserts the delivery unless it exists (same event, same endpoint): false then. */
  insertDelivery(delivery: DeliveryDocument): Promise<boolean>;
  findDelivery(deliveryId: string): Promise<DeliveryDocument | null>;
  /** The deliveries among these ids that exist. */
  findDeliveries(deliveryIds: string[]): Promise<DeliveryDocument[]>;
  /** Due again now, its retry schedule started afresh after the `attemptCount` attempts made so far (a resend, a replay). */
  rearmDelivery(deliveryId: string, attemptCount: number, now: Date): Promise<void>;
  /** Pending deliveries whose next attempt is due at `now`, the longest waiting first; only `applicationId`'s when given. */
  dueDeliveries(now: Date, limit: number, applicationId?: string): Promise<DeliveryDocument[]>;
  /** The applications with a delivery due at `now`, so that each gets its turn. */
  applicationsWithDueDeliveries(now: Date): Promise<string[]>;
  /** Takes attempt `attempt.number` of its delivery: true for the one caller among every replica that got it. */
  claimAttempt(attempt: AttemptDocument): Promise<boolean>;
  findAttempt(attemptId: string): Promise<AttemptDocument | null>;
  /** Every attempt of one delivery, in no particular order. */
  attemptsOf(deliveryId: string): Promise<AttemptDocument[]>;
  finishAttempt(attemptId: string, result: AttemptResult, finishedAt: Date): Promise<void>;
  /** The delivery's state after attempt `attemptCount`; ignored if a later attempt was recorded already. */
  advanceDelivery(deliveryId: string, next: Pick<DeliveryDocument, 'attemptCount' | 'status' | 'nextAttemptAt'>): Promise<void>;
  listDeliveries(endpointId: string, page: PageRequest): Promise<{ delivery: DeliveryDocument; attempts: AttemptDocument[] }[]>;
}

/** The `webhook_replays` collection. */
export interface ReplayStore {
  /** Inserts the replay unless one with its id exists: false then (a retry with the same Idempotency-Key). */
  insertReplay(replay: ReplayDocument): Promise<boolean>;
  /** With a scope, only the scope's own replay. */
  findReplay(replayId: string, scope?: MerchantScope): Promise<ReplayDocument | null>;
  listReplays(endpointId: string, page: PageRequest): Promise<ReplayDocument[]>;
  /** Replays still running, the oldest first. */
  runningReplays(limit: number): Promise<ReplayDocument[]>;
  /** Writes the step if the replay has still handed over `eventsSent` events (the step's guard). */
  stepReplay(replayId: string, eventsSent: number, step: ReplayStep): Promise<void>;
  /**
   * Takes step `step` (its `step`-th event) of the replay: true for the one caller among every replica
   * that got it (a unique insert, the one write FerretDB makes atomic across connections).
   */
  claimReplayStep(replayId: string, step: number, at: Date): Promise<boolean>;
  /** When step `step` was taken, or null when it was not. */
  replayStepClaimedAt(replayId: string, step: number): Promise<Date | null>;
}

/** What the data lifecycle removes: events, and deliveries and attempts no longer pending, older than a cut-off. */
export interface WebhookHistoryPurge {
  /** Deletes events created, deliveries created (unless still pending), attempts started and replays asked for (unless still running, their step claims with them) before `before`; how many of each. */
  purgeBefore(before: Date): Promise<{ events: number; deliveries: number; attempts: number; replays: number }>;
}

export type WebhookStores = WebhookEndpointStore & MerchantEventStore & DeliveryStore & ReplayStore & WebhookHistoryPurge;
