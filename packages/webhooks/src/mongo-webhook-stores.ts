import type { Collection, Db } from 'mongodb';
import { inScope, type MerchantScope, type WebhookEventType } from '@checkout/contracts';
import { insertOnce, NEWEST_FIRST_SORT, newestFirstAfter, scopeFilter, whileMongoReachable, type Listed, type SecretKeyring } from '@checkout/platform';
import type { AttemptDocument, AttemptResult, DeliveryDocument } from './delivery';
import { endpointAfter, type EndpointChanges, type EndpointOutcome, type EndpointSecret, type WebhookEndpointDocument } from './endpoint';
import type { MerchantEventDocument } from './merchant-event';
import { replayStepId, type ReplayDocument, type ReplayStep, type ReplayStepClaim } from './replay';
import type { PageRequest, WebhookStores } from './stores';

export const WEBHOOK_COLLECTIONS = {
  endpoints: 'webhook_endpoints',
  events: 'webhook_events',
  deliveries: 'webhook_deliveries',
  attempts: 'webhook_attempts',
  replays: 'webhook_replays',
  replaySteps: 'webhook_replay_steps',
} as const;

/**
 * The webhook stores on MongoDB 7 and FerretDB 1.x. Whatever must happen once among replicas
 * (an event, a delivery, an attempt) is a unique `_id` insert, the one write FerretDB 1.x makes
 * atomic across connections; everything else is written by `_id`.
 */
export class MongoWebhookStores implements WebhookStores {
  private readonly endpoints: Collection<WebhookEndpointDocument>;
  private readonly events: Collection<MerchantEventDocument>;
  private readonly deliveries: Collection<DeliveryDocument>;
  private readonly attempts: Collection<AttemptDocument>;
  private readonly replays: Collection<ReplayDocument>;
  private readonly replaySteps: Collection<ReplayStepClaim>;

  /** `keyring` seals every endpoint's signing secrets before they are written, and opens them when read. */
  constructor(
    db: Db,
    private readonly keyring: SecretKeyring,
  ) {
    // Every method: an unreachable server is a MongoUnavailable (a 503), not a 500.
    for (const name of Object.getOwnPropertyNames(MongoWebhookStores.prototype) as (keyof this & string)[]) {
      const method = this[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      Object.defineProperty(this, name, { value: (...args: unknown[]) => whileMongoReachable(() => (method as (...a: unknown[]) => Promise<unknown>).apply(this, args)) });
    }
    this.endpoints = db.collection(WEBHOOK_COLLECTIONS.endpoints);
    this.events = db.collection(WEBHOOK_COLLECTIONS.events);
    this.deliveries = db.collection(WEBHOOK_COLLECTIONS.deliveries);
    this.attempts = db.collection(WEBHOOK_COLLECTIONS.attempts);
    this.replays = db.collection(WEBHOOK_COLLECTIONS.replays);
    this.replaySteps = db.collection(WEBHOOK_COLLECTIONS.replaySteps);
  }

  async ensureIndexes(): Promise<void> {
    await this.endpoints.createIndex({ applicationId: 1, createdAt: -1 }, { name: 'application_created' });
    await this.events.createIndex({ applicationId: 1, createdAt: -1, _id: -1 }, { name: 'application_created' });
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'status_next_attempt' });
    await this.deliveries.createIndex({ applicationId: 1, status: 1, nextAttemptAt: 1 }, { name: 'application_status_next_attempt' });
    await this.deliveries.createIndex({ endpointId: 1, createdAt: -1 }, { name: 'endpoint_created' });
    await this.attempts.createIndex({ deliveryId: 1 }, { name: 'delivery' });
    await this.replays.createIndex({ status: 1, createdAt: 1 }, { name: 'status_created' });
    await this.replays.createIndex({ endpointId: 1, createdAt: -1 }, { name: 'endpoint_created' });
  }

  insertEndpoint(endpoint: WebhookEndpointDocument): Promise<boolean> {
    return insertOnce(this.endpoints, { ...endpoint, secrets: sealed(this.keyring, endpoint._id, endpoint.secrets) });
  }

  async findEndpoint(endpointId: string, scope?: MerchantScope): Promise<WebhookEndpointDocument | null> {
    // By `_id` alone, which FerretDB pushes down; the application is checked here.
    const endpoint = await this.endpoints.findOne({ _id: endpointId });
    return endpoint && (scope === undefined || inScope(endpoint, scope)) ? opened(this.keyring, endpoint) : null;
  }

  async listEndpoints(scope: MerchantScope, page: PageRequest): Promise<WebhookEndpointDocument[]> {
    const endpoints = await this.endpoints
      .find({ ...scopeFilter<WebhookEndpointDocument>(scope), ...newestFirstAfter<WebhookEndpointDocument>(page.after) })
      .sort(NEWEST_FIRST_SORT)
      .limit(page.limit)
      .toArray();
    return endpoints.map((endpoint) => opened(this.keyring, endpoint));
  }

  async endpointsOf(scope: MerchantScope): Promise<WebhookEndpointDocument[]> {
    return (await this.endpoints.find(scopeFilter<WebhookEndpointDocument>(scope)).toArray()).map((endpoint) => opened(this.keyring, endpoint));
  }

  /**
   * Seals again every endpoint secret that is in plain text (written before secrets were sealed) or
   * sealed under a key that is no longer the current one: the keyring rotation's second step.
   */
  async resealSecrets(): Promise<number> {
    let resealed = 0;
    for await (const endpoint of this.endpoints.find({}, { projection: { secrets: 1 } })) {
      if (!endpoint.secrets.some((secret) => this.keyring.needsResealing(secret.value))) continue;
      await this.endpoints.updateOne({ _id: endpoint._id }, { $set: { secrets: sealed(this.keyring, endpoint._id, opened(this.keyring, endpoint).secrets) } });
      resealed += 1;
    }
    return resealed;
  }


  async deleteEndpoint(endpointId: string, scope: MerchantScope): Promise<boolean> {
    if (!(await this.findEndpoint(endpointId, scope))) return false;
    return (await this.endpoints.deleteOne({ _id: endpointId })).deletedCount === 1;
  }

  async setSecrets(endpointId: string, secrets: EndpointSecret[]): Promise<void> {
    await this.endpoints.updateOne({ _id: endpointId }, { $set: { secrets: sealed(this.keyring, endpointId, secrets), updatedAt: new Date() } });
  }

  async updateEndpoint(endpointId: string, changes: EndpointChanges): Promise<WebhookEndpointDocument | null> {
    const updated = await this.endpoints.findOneAndUpdate({ _id: endpointId }, { $set: { ...changes, updatedAt: new Date() } }, { returnDocument: 'after' });
    return updated ? opened(this.keyring, updated) : null;
  }

  async recordEndpointOutcome(endpointId: string, outcome: EndpointOutcome): Promise<{ disabledNow: boolean }> {
    const endpoint = await this.endpoints.findOne({ _id: endpointId }, { projection: { failingSince: 1, status: 1, disabledReason: 1 } });
    if (!endpoint) return { disabledNow: false };
    const next = endpointAfter(endpoint, outcome);
    // Most attempts change nothing here (a success on a healthy endpoint): no write then.
    if (next.status === endpoint.status && next.failingSince?.getTime() === endpoint.failingSince?.getTime()) return { disabledNow: false };
    await this.endpoints.updateOne({ _id: endpointId }, { $set: { ...next, updatedAt: new Date() } });
    return { disabledNow: endpoint.status === 'enabled' && next.status === 'disabled' };
  }

  insertEvent(event: MerchantEventDocument): Promise<boolean> {
    return insertOnce(this.events, event);
  }

  async findEvent(eventId: string, scope?: MerchantScope): Promise<MerchantEventDocument | null> {
    const event = await this.events.findOne({ _id: eventId });
    return event && (scope === undefined || inScope(event, scope)) ? event : null;
  }

  listEvents(scope: MerchantScope, page: PageRequest & { type?: WebhookEventType }): Promise<MerchantEventDocument[]> {
    return this.events
      .find({ ...scopeFilter<MerchantEventDocument>(scope), ...(page.type ? { type: page.type } : {}), ...newestFirstAfter<MerchantEventDocument>(page.after) })
      .sort(NEWEST_FIRST_SORT)
      .limit(page.limit)
      .toArray();
  }

  eventsBetween(scope: MerchantScope, range: { from: Date; to: Date; after?: Listed }, limit: number): Promise<MerchantEventDocument[]> {
    const after = range.after ? { $or: [{ createdAt: { $gt: range.after.createdAt } }, { createdAt: range.after.createdAt, _id: { $gt: range.after._id } }] } : {};
    return this.events
      .find({ ...scopeFilter<MerchantEventDocument>(scope), $and: [{ createdAt: { $gte: range.from, $lt: range.to } }, after] })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  insertDelivery(delivery: DeliveryDocument): Promise<boolean> {
    return insertOnce(this.deliveries, delivery);
  }

  findDelivery(deliveryId: string): Promise<DeliveryDocument | null> {
    return this.deliveries.findOne({ _id: deliveryId });
  }

  findDeliveries(deliveryIds: string[]): Promise<DeliveryDocument[]> {
    return deliveryIds.length === 0 ? Promise.resolve([]) : this.deliveries.find({ _id: { $in: deliveryIds } }).toArray();
  }

  async rearmDelivery(deliveryId: string, attemptCount: number, now: Date): Promise<void> {
    await this.deliveries.updateOne({ _id: deliveryId }, { $set: { status: 'pending', nextAttemptAt: now, roundStartsAfter: attemptCount, updatedAt: now } });
  }

  insertReplay(replay: ReplayDocument): Promise<boolean> {
    return insertOnce(this.replays, replay);
  }

  async findReplay(replayId: string, scope?: MerchantScope): Promise<ReplayDocument | null> {
    const replay = await this.replays.findOne({ _id: replayId });
    return replay && (scope === undefined || inScope(replay, scope)) ? replay : null;
  }

  listReplays(endpointId: string, page: PageRequest): Promise<ReplayDocument[]> {
    return this.replays
      .find({ endpointId, ...newestFirstAfter<ReplayDocument>(page.after) })
      .sort(NEWEST_FIRST_SORT)
      .limit(page.limit)
      .toArray();
  }

  runningReplays(limit: number): Promise<ReplayDocument[]> {
    return this.replays.find({ status: 'running' }).sort({ createdAt: 1 }).limit(limit).toArray();
  }

  async stepReplay(replayId: string, eventsSent: number, step: ReplayStep): Promise<void> {
    await this.replays.updateOne({ _id: replayId, eventsSent }, { $set: { ...step, updatedAt: new Date() } });
  }

  claimReplayStep(replayId: string, step: number, at: Date): Promise<boolean> {
    return insertOnce(this.replaySteps, { _id: replayStepId(replayId, step), replayId, claimedAt: at });
  }

  async replayStepClaimedAt(replayId: string, step: number): Promise<Date | null> {
    return (await this.replaySteps.findOne({ _id: replayStepId(replayId, step) }))?.claimedAt ?? null;
  }

  dueDeliveries(now: Date, limit: number, applicationId?: string): Promise<DeliveryDocument[]> {
    return this.deliveries
      .find({ ...(applicationId === undefined ? {} : { applicationId }), status: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
  }

  async applicationsWithDueDeliveries(now: Date): Promise<string[]> {
    return (await this.deliveries.distinct('applicationId', { status: 'pending', nextAttemptAt: { $lte: now } })) as string[];
  }

  async purgeBefore(before: Date): Promise<{ events: number; deliveries: number; attempts: number; replays: number }> {
    const events = await this.events.deleteMany({ createdAt: { $lt: before } });
    const deliveries = await this.deliveries.deleteMany({ createdAt: { $lt: before }, status: { $ne: 'pending' } });
    const attempts = await this.attempts.deleteMany({ startedAt: { $lt: before } });
    const replays = await this.replays.deleteMany({ createdAt: { $lt: before }, status: { $ne: 'running' } });
    // A replay lasts far less than the retention: its step claims are old once it is.
    await this.replaySteps.deleteMany({ claimedAt: { $lt: before } });
    return { events: events.deletedCount, deliveries: deliveries.deletedCount, attempts: attempts.deletedCount, replays: replays.deletedCount };
  }

  claimAttempt(attempt: AttemptDocument): Promise<boolean> {
    return insertOnce(this.attempts, attempt);
  }

  findAttempt(attemptId: string): Promise<AttemptDocument | null> {
    return this.attempts.findOne({ _id: attemptId });
  }

  attemptsOf(deliveryId: string): Promise<AttemptDocument[]> {
    return this.attempts.find({ deliveryId }).toArray();
  }

  async finishAttempt(attemptId: string, result: AttemptResult, finishedAt: Date): Promise<void> {
    await this.attempts.updateOne({ _id: attemptId }, { $set: { ...result, finishedAt } });
  }

  async advanceDelivery(deliveryId: string, next: Pick<DeliveryDocument, 'attemptCount' | 'status' | 'nextAttemptAt'>): Promise<void> {
    // Only the sender holding attempt N writes the state after it; the guard keeps a sender that
    // finished late (its attempt was taken over) from putting the schedule back.
    await this.deliveries.updateOne({ _id: deliveryId, attemptCount: { $lt: next.attemptCount } }, { $set: { ...next, updatedAt: new Date() } });
  }

  async listDeliveries(endpointId: string, page: PageRequest): Promise<{ delivery: DeliveryDocument; attempts: AttemptDocument[] }[]> {
    const deliveries = await this.deliveries
      .find({ endpointId, ...newestFirstAfter<DeliveryDocument>(page.after) })
      .sort(NEWEST_FIRST_SORT)
      .limit(page.limit)
      .toArray();
    if (deliveries.length === 0) return [];
    const attempts = await this.attempts.find({ deliveryId: { $in: deliveries.map((delivery) => delivery._id) } }).toArray();
    return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((attempt) => attempt.deliveryId === delivery._id) }));
  }
}

/** Where an endpoint's secrets are kept, bound into their sealing: a secret copied to another endpoint does not open. */
function secretContext(endpointId: string): string {
  return `${WEBHOOK_COLLECTIONS.endpoints}:${endpointId}:secrets`;
}

function sealed(keyring: SecretKeyring, endpointId: string, secrets: EndpointSecret[]): EndpointSecret[] {
  return secrets.map((secret) => ({ ...secret, value: keyring.seal(secret.value, secretContext(endpointId)) }));
}

function opened<T extends Pick<WebhookEndpointDocument, '_id' | 'secrets'>>(keyring: SecretKeyring, endpoint: T): T {
  return { ...endpoint, secrets: endpoint.secrets.map((secret) => ({ ...secret, value: keyring.open(secret.value, secretContext(endpoint._id)) })) };
}
