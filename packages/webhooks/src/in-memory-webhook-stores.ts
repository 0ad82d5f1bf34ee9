import { inScope, type MerchantScope, type WebhookEventType } from '@checkout/contracts';
import type { AttemptDocument, AttemptResult, DeliveryDocument } from './delivery';
import { endpointAfter, type EndpointChanges, type EndpointOutcome, type EndpointSecret, type WebhookEndpointDocument } from './endpoint';
import type { MerchantEventDocument } from './merchant-event';
import { newestFirst, type Listed } from '@checkout/platform';
import { replayStepId, type ReplayDocument, type ReplayStep, type ReplayStepClaim } from './replay';
import type { PageRequest, WebhookStores } from './stores';

function page<T extends { _id: string; createdAt: Date }>(items: Iterable<T>, request: PageRequest, keep: (item: T) => boolean = () => true): T[] {
  return [...items]
    .filter((item) => keep(item) && (!request.after || newestFirst(item, request.after) > 0))
    .sort(newestFirst)
    .slice(0, request.limit)
    .map((item) => structuredClone(item));
}

/**
 * The webhook stores in process memory (the embedded mode, and unit tests). Every method runs to
 * completion without yielding, so each is atomic, as the unique indexes make them on MongoDB.
 */
export class InMemoryWebhookStores implements WebhookStores {
  private readonly endpoints = new Map<string, WebhookEndpointDocument>();
  private readonly events = new Map<string, MerchantEventDocument>();
  private readonly deliveries = new Map<string, DeliveryDocument>();
  private readonly attempts = new Map<string, AttemptDocument>();
  private readonly replays = new Map<string, ReplayDocument>();
  private readonly replaySteps = new Map<string, ReplayStepClaim>();

  async insertEndpoint(endpoint: WebhookEndpointDocument): Promise<boolean> {
    if (this.endpoints.has(endpoint._id)) return false;
    this.endpoints.set(endpoint._id, structuredClone(endpoint));
    return true;
  }

  async findEndpoint(endpointId: string, scope?: MerchantScope): Promise<WebhookEndpointDocument | null> {
    const endpoint = this.endpoints.get(endpointId);
    return endpoint && (scope === undefined || inScope(endpoint, scope)) ? structuredClone(endpoint) : null;
  }

  async listEndpoints(scope: MerchantScope, request: PageRequest): Promise<WebhookEndpointDocument[]> {
    return page(this.endpoints.values(), request, (endpoint) => inScope(endpoint, scope));
  }

  async endpointsOf(scope: MerchantScope): Promise<WebhookEndpointDocument[]> {
    return page(this.endpoints.values(), { limit: Infinity }, (endpoint) => inScope(endpoint, scope));
  }

  async deleteEndpoint(endpointId: string, scope: MerchantScope): Promise<boolean> {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint || !inScope(endpoint, scope)) return false;
    return this.endpoints.delete(endpointId);
  }

  async setSecrets(endpointId: string, secrets: EndpointSecret[]): Promise<void> {
    const endpoint = this.endpoints.get(endpointId);
    if (endpoint) Object.assign(endpoint, { secrets: structuredClone(secrets), updatedAt: new Date() });
  }

  async updateEndpoint(endpointId: string, changes: EndpointChanges): Promise<WebhookEndpointDocument | null> {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) return null;
    Object.assign(endpoint, structuredClone(changes), { updatedAt: new Date() });
    return structuredClone(endpoint);
  }

  async recordEndpointOutcome(endpointId: string, outcome: EndpointOutcome): Promise<{ disabledNow: boolean }> {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) return { disabledNow: false };
    const next = endpointAfter(endpoint, outcome);
    const disabledNow = endpoint.status === 'enabled' && next.status === 'disabled';
    Object.assign(endpoint, next);
    return { disabledNow };
  }

  async insertEvent(event: MerchantEventDocument): Promise<boolean> {
    if (this.events.has(event._id)) return false;
    this.events.set(event._id, structuredClone(event));
    return true;
  }

  async findEvent(eventId: string, scope?: MerchantScope): Promise<MerchantEventDocument | null> {
    const event = this.events.get(eventId);
    return event && (scope === undefined || inScope(event, scope)) ? structuredClone(event) : null;
  }

  async listEvents(scope: MerchantScope, request: PageRequest & { type?: WebhookEventType }): Promise<MerchantEventDocument[]> {
    return page(this.events.values(), request, (event) => inScope(event, scope) && (!request.type || event.type === request.type));
  }

  async eventsBetween(scope: MerchantScope, range: { from: Date; to: Date; after?: Listed }, limit: number): Promise<MerchantEventDocument[]> {
    return [...this.events.values()]
      .filter((event) => inScope(event, scope) && event.createdAt >= range.from && event.createdAt < range.to && (!range.after || newestFirst(event, range.after) < 0))
      .sort((a, b) => newestFirst(b, a))
      .slice(0, limit)
      .map((event) => structuredClone(event));
  }

  async insertDelivery(delivery: DeliveryDocument): Promise<boolean> {
    if (this.deliveries.has(delivery._id)) return false;
    this.deliveries.set(delivery._id, structuredClone(delivery));
    return true;
  }

  async findDelivery(deliveryId: string): Promise<DeliveryDocument | null> {
    const delivery = this.deliveries.get(deliveryId);
    return delivery ? structuredClone(delivery) : null;
  }

  async findDeliveries(deliveryIds: string[]): Promise<DeliveryDocument[]> {
    return deliveryIds.flatMap((id) => (this.deliveries.has(id) ? [structuredClone(this.deliveries.get(id)!)] : []));
  }

  async rearmDelivery(deliveryId: string, attemptCount: number, now: Date): Promise<void> {
    const delivery = this.deliveries.get(deliveryId);
    if (delivery) Object.assign(delivery, { status: 'pending', nextAttemptAt: now, roundStartsAfter: attemptCount, updatedAt: now });
  }

  async insertReplay(replay: ReplayDocument): Promise<boolean> {
    if (this.replays.has(replay._id)) return false;
    this.replays.set(replay._id, structuredClone(replay));
    return true;
  }

  async findReplay(replayId: string, scope?: MerchantScope): Promise<ReplayDocument | null> {
    const replay = this.replays.get(replayId);
    return replay && (scope === undefined || inScope(replay, scope)) ? structuredClone(replay) : null;
  }

  async listReplays(endpointId: string, request: PageRequest): Promise<ReplayDocument[]> {
    return page(this.replays.values(), request, (replay) => replay.endpointId === endpointId);
  }

  async runningReplays(limit: number): Promise<ReplayDocument[]> {
    return [...this.replays.values()]
      .filter((replay) => replay.status === 'running')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((replay) => structuredClone(replay));
  }

  async stepReplay(replayId: string, eventsSent: number, step: ReplayStep): Promise<void> {
    const replay = this.replays.get(replayId);
    if (replay && replay.eventsSent === eventsSent) Object.assign(replay, structuredClone(step), { updatedAt: new Date() });
  }

  async claimReplayStep(replayId: string, step: number, at: Date): Promise<boolean> {
    const id = replayStepId(replayId, step);
    if (this.replaySteps.has(id)) return false;
    this.replaySteps.set(id, { _id: id, replayId, claimedAt: at });
    return true;
  }

  async replayStepClaimedAt(replayId: string, step: number): Promise<Date | null> {
    return this.replaySteps.get(replayStepId(replayId, step))?.claimedAt ?? null;
  }

  async dueDeliveries(now: Date, limit: number, applicationId?: string): Promise<DeliveryDocument[]> {
    return [...this.deliveries.values()]
      .filter((delivery) => (applicationId === undefined || delivery.applicationId === applicationId) && this.isDue(delivery, now))
      .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime())
      .slice(0, limit)
      .map((delivery) => structuredClone(delivery));
  }

  async applicationsWithDueDeliveries(now: Date): Promise<string[]> {
    return [...new Set([...this.deliveries.values()].filter((delivery) => this.isDue(delivery, now)).map((delivery) => delivery.applicationId))];
  }

  private isDue(delivery: DeliveryDocument, now: Date): boolean {
    return delivery.status === 'pending' && delivery.nextAttemptAt !== null && delivery.nextAttemptAt <= now;
  }

  async purgeBefore(before: Date): Promise<{ events: number; deliveries: number; attempts: number; replays: number }> {
    const purge = <T>(map: Map<string, T>, old: (item: T) => boolean) => {
      const ids = [...map.entries()].filter(([, item]) => old(item)).map(([id]) => id);
      for (const id of ids) map.delete(id);
      return ids.length;
    };
    const purged = {
      events: purge(this.events, (event) => event.createdAt < before),
      deliveries: purge(this.deliveries, (delivery) => delivery.createdAt < before && delivery.status !== 'pending'),
      attempts: purge(this.attempts, (attempt) => attempt.startedAt < before),
      replays: purge(this.replays, (replay) => replay.createdAt < before && replay.status !== 'running'),
    };
    purge(this.replaySteps, (claim) => claim.claimedAt < before);
    return purged;
  }

  async claimAttempt(attempt: AttemptDocument): Promise<boolean> {
    if (this.attempts.has(attempt._id)) return false;
    this.attempts.set(attempt._id, structuredClone(attempt));
    return true;
  }

  async findAttempt(attemptId: string): Promise<AttemptDocument | null> {
    const attempt = this.attempts.get(attemptId);
    return attempt ? structuredClone(attempt) : null;
  }

  async attemptsOf(deliveryId: string): Promise<AttemptDocument[]> {
    return [...this.attempts.values()].filter((attempt) => attempt.deliveryId === deliveryId).map((attempt) => structuredClone(attempt));
  }

  async finishAttempt(attemptId: string, result: AttemptResult, finishedAt: Date): Promise<void> {
    const attempt = this.attempts.get(attemptId);
    if (attempt) Object.assign(attempt, structuredClone(result), { finishedAt });
  }

  async advanceDelivery(deliveryId: string, next: Pick<DeliveryDocument, 'attemptCount' | 'status' | 'nextAttemptAt'>): Promise<void> {
    const delivery = this.deliveries.get(deliveryId);
    if (delivery && delivery.attemptCount < next.attemptCount) Object.assign(delivery, structuredClone(next), { updatedAt: new Date() });
  }

  async listDeliveries(endpointId: string, request: PageRequest): Promise<{ delivery: DeliveryDocument; attempts: AttemptDocument[] }[]> {
    return page(this.deliveries.values(), request, (delivery) => delivery.endpointId === endpointId).map((delivery) => ({
      delivery,
      attempts: [...this.attempts.values()].filter((attempt) => attempt.deliveryId === delivery._id).map((attempt) => structuredClone(attempt)),
    }));
  }
}
