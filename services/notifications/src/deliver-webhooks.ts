import type { Logger } from '@checkout/platform';
import {
  attemptId,
  isDelivered,
  merchantEventView,
  receives,
  signingSecrets,
  type AttemptDocument,
  type AttemptResult,
  type DeliveryDocument,
  type RetrySchedule,
  type WebhookStores,
} from '@checkout/webhooks';
import type { NotificationsTelemetry } from './notifications-telemetry';
import { webhookHeaders } from './sign-webhook';
import type { WebhookSender } from './webhook-sender';

export interface DeliverySettings {
  schedule: RetrySchedule;
  /** An endpoint whose every attempt failed for this long is disabled. */
  disableAfterMs: number;
  /** An attempt started this long ago and never finished belongs to a sender that died. */
  staleAttemptMs: number;
  /** Due deliveries taken per round, and sent at once. */
  batchSize: number;
}

/**
 * Sends due webhook deliveries, at least once each, from every replica at the same time. Each
 * attempt is first claimed by a unique insert (`<delivery>.<n>`), so exactly one sender makes
 * attempt n; its outcome then sets the schedule: delivered on a 2xx, else the next attempt after
 * the schedule's delay, or failed once it runs out. A claimed attempt never finished (its sender
 * was killed) is recorded as interrupted once stale, and the next attempt goes ahead: the
 * merchant may see that one twice, with the same webhook-id, which is what at-least-once means.
 */
export class DeliverWebhooks {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Which application goes first in the next round: each in turn. */
  private round = 0;

  constructor(
    private readonly stores: WebhookStores,
    private readonly sender: WebhookSender,
    private readonly settings: DeliverySettings,
    private readonly telemetry: NotificationsTelemetry,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Polls every `intervalMs`; `poke()` runs a round at once (a new delivery was queued here). */
  start(intervalMs: number): this {
    const tick = () => {
      this.poke();
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Rounds until nothing is due: what a poll or a poke runs. */
  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        const { more } = await this.deliverDue();
        if (more) this.again = true;
      } catch (error) {
        this.logger.warn({ err: error }, 'webhook round failed; the next poll tries again');
      }
    } while (this.again && !this.stopped);
  }

  /**
   * One round, fair between applications: the batch is shared among the applications with deliveries
   * due (each its oldest, up to an equal share; a different one first each round), so one merchant's
   * backlog cannot hold back another's webhooks. Sent at once. `more` when some application had more
   * due than its share.
   */
  async deliverDue(): Promise<{ sent: number; more: boolean }> {
    const now = this.now();
    const applications = (await this.stores.applicationsWithDueDeliveries(now)).sort();
    if (applications.length === 0) {
      this.telemetry.backlogObserved(0);
      return { sent: 0, more: false };
    }
    const start = this.round++ % applications.length;
    const turn = [...applications.slice(start), ...applications.slice(0, start)].slice(0, this.settings.batchSize);
    const share = Math.max(1, Math.floor(this.settings.batchSize / turn.length));
    const shares = await Promise.all(turn.map((applicationId) => this.stores.dueDeliveries(now, share, applicationId)));
    const due = shares.flat();
    // How far behind the longest waiting of these is.
    const oldest = Math.min(...due.map((delivery) => delivery.nextAttemptAt?.getTime() ?? now.getTime()));
    this.telemetry.backlogObserved((now.getTime() - oldest) / 1000);
    await Promise.all(due.map((delivery) => this.attempt(delivery).catch((error: unknown) => this.logger.warn({ err: error, deliveryId: delivery._id }, 'webhook attempt failed to run'))));
    return { sent: due.length, more: applications.length > turn.length || shares.some((taken) => taken.length === share) };
  }

  private async attempt(delivery: DeliveryDocument): Promise<void> {
    const number = delivery.attemptCount + 1;
    const endpoint = await this.stores.findEndpoint(delivery.endpointId);
    if (!endpoint || !receives(endpoint, delivery.eventType)) {
      await this.stores.advanceDelivery(delivery._id, { attemptCount: number, status: 'abandoned', nextAttemptAt: null });
      this.logger.info({ deliveryId: delivery._id, endpointId: delivery.endpointId }, 'endpoint deleted, disabled or unsubscribed; delivery abandoned');
      return;
    }
    const startedAt = this.now();
    const attempt: AttemptDocument = {
      _id: attemptId(delivery._id, number),
      deliveryId: delivery._id,
      endpointId: endpoint._id,
      number,
      startedAt,
      finishedAt: null,
      statusCode: null,
      latencyMs: null,
      error: null,
      responseBody: null,
    };
    if (!(await this.stores.claimAttempt(attempt))) {
      await this.takeOverIfStale(delivery, number);
      return;
    }
    const event = await this.stores.findEvent(delivery.eventId);
    if (!event) throw new Error(`delivery ${delivery._id} names event ${delivery.eventId}, which is not stored`);
    const body = JSON.stringify(merchantEventView(event));
    const result = await this.sender.send({ url: endpoint.url, body, headers: webhookHeaders(event._id, startedAt, body, signingSecrets(endpoint, startedAt)) });
    await this.record(delivery, attempt, result);
  }

  private async record(delivery: DeliveryDocument, attempt: AttemptDocument, result: AttemptResult): Promise<void> {
    const finishedAt = this.now();
    await this.stores.finishAttempt(attempt._id, result, finishedAt);
    const status = await this.advance(delivery, attempt.number, result, finishedAt);
    const delivered = status === 'delivered';
    const { disabledNow } = await this.stores.recordEndpointOutcome(attempt.endpointId, { delivered, at: finishedAt, disableAfterMs: this.settings.disableAfterMs });
    if (disabledNow) {
      this.telemetry.endpointDisabled();
      this.logger.warn({ endpointId: attempt.endpointId }, 'webhook endpoint disabled: every delivery failed for the configured time');
    }
    this.telemetry.attempted(delivered ? 'delivered' : status === 'failed' ? 'failed' : 'retrying', delivery.eventType, result.latencyMs / 1000);
    this.logger.info(
      { deliveryId: delivery._id, eventId: delivery.eventId, attempt: attempt.number, statusCode: result.statusCode, error: result.error, status },
      delivered ? 'webhook delivered' : 'webhook attempt failed',
    );
  }

  /** The delivery's schedule after attempt `number` ended with `result` at `at`. */
  private async advance(delivery: DeliveryDocument, number: number, result: AttemptResult, at: Date, retryNow = false): Promise<DeliveryDocument['status']> {
    const delivered = isDelivered(result);
    // A delivery sent again (a resend, a replay) starts its schedule afresh.
    const delay = delivered ? null : this.settings.schedule.delayAfter(number - (delivery.roundStartsAfter ?? 0));
    const status = delivered ? 'delivered' : delay === null ? 'failed' : 'pending';
    await this.stores.advanceDelivery(delivery._id, {
      attemptCount: number,
      status,
      nextAttemptAt: delay === null ? null : new Date(retryNow ? at.getTime() : at.getTime() + delay),
    });
    return status;
  }

  /**
   * Attempt `number` is another sender's. If that sender died (its attempt unfinished, or finished
   * but the schedule never moved on, for longer than staleAttemptMs), finish what it was doing.
   */
  private async takeOverIfStale(delivery: DeliveryDocument, number: number): Promise<void> {
    const held = await this.stores.findAttempt(attemptId(delivery._id, number));
    if (!held) return;
    const now = this.now();
    if (now.getTime() - (held.finishedAt ?? held.startedAt).getTime() < this.settings.staleAttemptMs) return;
    if (held.finishedAt !== null) {
      await this.advance(delivery, number, { ...held, latencyMs: held.latencyMs ?? 0 }, held.finishedAt);
      return;
    }
    const interrupted: AttemptResult = { statusCode: null, latencyMs: 0, error: 'interrupted: the sender stopped before the answer was recorded', responseBody: null };
    await this.stores.finishAttempt(held._id, interrupted, now);
    // The interrupted attempt may have reached the merchant or not: the next one goes at once.
    await this.advance(delivery, number, interrupted, now, true);
    this.telemetry.attempted('interrupted', delivery.eventType);
    this.logger.warn({ deliveryId: delivery._id, attempt: number }, 'webhook attempt interrupted (its sender died); going on with the next');
  }
}
