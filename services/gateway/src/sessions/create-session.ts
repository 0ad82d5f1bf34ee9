import { v7 as uuidv7 } from 'uuid';
import { apiTime, ContractValidator, encodeEvent, ErrorCode, EventTypes, isLive, modeOfScope, Topics, type CreateSessionRequest, type MerchantScope, ApiError } from '@checkout/contracts';
import { DependencyUnavailable, PublishInDoubt, type EventPublisher, type Logger } from '@checkout/platform';
import type { SessionDocument, SessionStore } from '@checkout/sessions';
import { Attr, withSpan, within } from '@checkout/telemetry';
import type { Caller } from '../auth/caller';
import type { GatewayTelemetry, IdempotencyDecision } from '../gateway-telemetry';
import { type IdempotencyRecord, type IdempotencyStore, type ProcessingRecord, type StoredResponse } from '../idempotency/idempotency-store';
import type { OutcomeWaiters } from './outcome-waiters';
import { idempotencyKeyHash, requestFingerprint } from '../idempotency/fingerprint';
import { checkIdempotencyKey, keyReused } from '../idempotency/idempotency-key';
import { checkSessionRequest, type MinorAmounts, type RedirectPolicy } from './session-request-rules';
import { processingBody, responseFor, type ProcessingBody } from './session-responses';

export interface CreateSessionCommand {
  caller: Caller;
  idempotencyKey: string | undefined;
  body: unknown;
}

/** The final answer (first sent now, or replayed), or the session accepted and still in the pipeline. */
export type CreateSessionResult =
  | { kind: 'answered'; response: StoredResponse; replayed: boolean }
  | { kind: 'accepted'; session: ProcessingBody; retryAfterSeconds: number };

export interface CreateSessionSettings {
  waitBudgetMs: number;
  sessionTtlMs: number;
  retryAfterSeconds: number;
  redirects: RedirectPolicy;
  eventSource: string;
  /**
   * A key still processing this long after it was reserved is taken over by its next retry: the
   * gateway that reserved it may have died before its session was stored or queued.
   */
  staleRequestMs: number;
  /** How long a create waits for Kafka to take its SessionRequested (the rest of the wait budget is the pipeline's). */
  publishTimeoutMs: number;
}


/**
 * POST /api/v1/sessions: validate, claim the Idempotency-Key, record the session, publish
 * SessionRequested, and answer with the outcome if it arrives within the budget (else 202).
 * A retry that finds the key still processing after `staleRequestMs` takes the request over (one
 * retry among any number): the stored session is queued again (every hop after the gateway takes
 * a second SessionRequested as a redelivery), or created if the gateway died before storing it.
 */
export class CreateSession {
  constructor(
    private readonly validator: ContractValidator,
    private readonly idempotency: IdempotencyStore,
    private readonly sessions: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly waiters: OutcomeWaiters,
    private readonly settings: CreateSessionSettings,
    private readonly telemetry: GatewayTelemetry,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * A store that cannot be reached (Redis for the key, MongoDB for the session) refuses the request
   * (503, retry with the same key): without the key store a retry could not be told from a new
   * request, and a reservation whose session could not be stored is released first.
   */
  async execute(command: CreateSessionCommand): Promise<CreateSessionResult> {
    try {
      return await this.create(command);
    } catch (error) {
      if (!(error instanceof DependencyUnavailable)) throw error;
      this.logger.warn({ err: error, dependency: error.dependency }, 'a store is unreachable; request refused');
      throw new ApiError(ErrorCode.ServiceUnavailable, `${error.dependency} cannot be reached just now; retry with the same Idempotency-Key.`, { retryAfterSeconds: this.settings.retryAfterSeconds });
    }
  }

  private async create(command: CreateSessionCommand): Promise<CreateSessionResult> {
    const idempotencyKey = checkIdempotencyKey(command.idempotencyKey, 'a unique value per session you create, reused only to retry');
    const validation = this.validator.createSessionRequest(command.body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body does not match the schema.', { errors: validation.errors });
    const request = validation.value;
    const now = this.now();
    const rules = checkSessionRequest(request, this.settings.redirects, now);
    if (!rules.ok) throw new ApiError(rules.code, rules.errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { errors: rules.errors });

    const { caller } = command;
    const keyHash = idempotencyKeyHash(caller, idempotencyKey);
    const fingerprint = requestFingerprint(request);
    const session = this.newSession(request, rules.amounts, rules.expiresAt, now, caller, keyHash, fingerprint);

    const reservation = await withSpan(this.telemetry.tracer, 'checkout.idempotency.reserve', { [Attr.applicationId]: caller.applicationId, [Attr.mode]: modeOfScope(caller.livemode) }, async (span) => {
      const result = await this.idempotency.reserve(keyHash, this.processing(session._id, fingerprint));
      const decision = result.reserved ? 'new' : decide(result.existing, fingerprint);
      span.setAttributes({ [Attr.idempotencyDecision]: decision, [Attr.sessionId]: result.reserved ? session._id : result.existing.sessionId });
      this.telemetry.idempotencyDecided(decision, modeOfScope(caller.livemode));
      return result;
    });
    if (!reservation.reserved) {
      this.telemetry.requestIsAbout(reservation.existing.sessionId);
      const existing = reservation.existing;
      if (existing.state === 'processing' && existing.fingerprint === fingerprint && this.isStale(existing)) return this.takeOver(keyHash, existing, session);
      return this.answerExisting(existing, fingerprint);
    }
    this.telemetry.requestIsAbout(session._id);
    return this.accept(session, keyHash);
  }

  /** Stores the new session and queues it; the key is reserved for it. */
  private async accept(session: SessionDocument, keyHash: string): Promise<CreateSessionResult> {
    const inserted = await this.sessions.insert(session).catch(async (error: unknown) => {
      await this.idempotency.release(keyHash, session._id);
      throw error;
    });
    if (!inserted.inserted) return this.repair(keyHash, inserted.existing, session.requestFingerprint);
    const result = await this.queue(session);
    if (result) return result;
    // Nothing downstream heard of this session: undo it so that a retry can start afresh.
    await this.sessions.remove(session._id);
    await this.idempotency.release(keyHash, session._id);
    throw notQueued();
  }

  /** Redis had forgotten this key (flushed, failed over), or its record is stale; MongoDB had the session. Repair the fast path. */
  private async repair(keyHash: string, existing: SessionDocument, fingerprint: string): Promise<CreateSessionResult> {
    const response = responseFor(existing);
    const record: IdempotencyRecord = response
      ? { state: 'completed', sessionId: existing._id, fingerprint: existing.requestFingerprint, response }
      : this.processing(existing._id, existing.requestFingerprint);
    await this.idempotency.save(keyHash, record);
    return this.answerExisting(record, fingerprint);
  }

  /**
   * The key's request has been processing longer than staleRequestMs. Its session decided: repair
   * the record. Still PROCESSING: queue it again. Never stored: create it now. Only the retry whose
   * takeover of the record wins does either; the others answer 409 as before.
   */
  private async takeOver(keyHash: string, stale: ProcessingRecord, fresh: SessionDocument): Promise<CreateSessionResult> {
    const stored = await this.sessions.find(stale.sessionId);
    if (stored && stored.status !== 'PROCESSING') {
      this.telemetry.tookOver('repaired');
      return this.repair(keyHash, stored, fresh.requestFingerprint);
    }
    const session = stored ?? fresh;
    if (!(await this.idempotency.takeOver(keyHash, stale, this.processing(session._id, fresh.requestFingerprint)))) return this.answerExisting(stale, fresh.requestFingerprint);
    this.telemetry.tookOver(stored ? 'queued_again' : 'created');
    this.logger.warn({ sessionId: session._id, queuedAgain: Boolean(stored) }, 'a request left processing by its gateway was taken over by its retry');
    if (!stored) return this.accept(session, keyHash);
    const result = await this.queue(session);
    // Not queued: the session stays stored and its key processing, so the next retry past staleRequestMs queues it again.
    if (!result) throw notQueued();
    return result;
  }

  /** Publishes SessionRequested and waits for the outcome within the budget: the answer, or 202; null when it could not be published. */
  private async queue(session: SessionDocument): Promise<CreateSessionResult | null> {
    const outcome = this.waiters.wait(session._id, this.settings.waitBudgetMs);
    try {
      await this.publisher.publish(Topics.sessionRequested, [sessionRequested(session, this.settings.eventSource)], { deadlineMs: this.settings.publishTimeoutMs });
    } catch (error) {
      // On its way but unacknowledged: it may yet arrive, so the session is kept and answered as
      // processing; should it never arrive, the key's first retry past staleRequestMs queues it again.
      if (!(error instanceof PublishInDoubt)) {
        this.waiters.cancel(session._id);
        this.logger.error({ err: error, sessionId: session._id }, 'could not publish SessionRequested');
        return null;
      }
      this.logger.warn({ err: error, sessionId: session._id }, 'SessionRequested unacknowledged within its deadline; answered as processing');
    }

    const response = await withSpan(this.telemetry.tracer, 'checkout.session.await_outcome', { [Attr.sessionId]: session._id }, async (span) => {
      const answer = await outcome;
      span.setAttribute(Attr.outcome, answer ? String(answer.status) : 'pending');
      return answer;
    });
    if (response) return { kind: 'answered', response, replayed: false };
    // A broadcast is fire-and-forget: one quick look at the session before answering 202, in case its
    // outcome's notice was lost. Bounded: a slow database must not hold the merchant past the budget.
    const late = await within(async () => {
      const stored = await this.sessions.find(session._id);
      return stored ? responseFor(stored) : null;
    }, LATE_OUTCOME_LOOK_MS, null);
    if (late) return { kind: 'answered', response: late, replayed: false };
    return { kind: 'accepted', session: processingBody(session), retryAfterSeconds: this.settings.retryAfterSeconds };
  }

  private processing(sessionId: string, fingerprint: string): ProcessingRecord {
    return { state: 'processing', sessionId, fingerprint, reservedAt: this.now().getTime() };
  }

  private isStale(record: ProcessingRecord): boolean {
    return this.now().getTime() - (record.reservedAt ?? 0) >= this.settings.staleRequestMs;
  }

  private answerExisting(record: IdempotencyRecord, fingerprint: string): CreateSessionResult {
    if (decide(record, fingerprint) === 'conflict') {
      throw keyReused();
    }
    if (record.state === 'processing') {
      throw new ApiError(ErrorCode.RequestInProgress, `A request with this Idempotency-Key is still being processed (session ${record.sessionId}); retry later.`, {
        retryAfterSeconds: this.settings.retryAfterSeconds,
      });
    }
    return { kind: 'answered', response: record.response, replayed: true };
  }

  private newSession(
    request: CreateSessionRequest,
    amounts: MinorAmounts,
    expiresAt: Date | null,
    createdAt: Date,
    scope: MerchantScope,
    idempotencyKeyHash: string,
    requestFingerprint: string,
  ): SessionDocument {
    return {
      // Time-ordered (UUIDv7, monotonic within this process), so that sessions created in one
      // millisecond still list newest first.
      _id: uuidv7(),
      applicationId: scope.applicationId,
      livemode: scope.livemode,
      idempotencyKeyHash,
      requestFingerprint,
      status: 'PROCESSING',
      orderReference: request.orderReference,
      paymentMethod: request.paymentMethod,
      currency: request.currency,
      locale: request.locale ?? null,
      amount: { totalMinor: amounts.totalMinor, shippingMinor: amounts.shippingMinor, taxMinor: amounts.taxMinor },
      orderItems: (request.orderItems ?? []).map((item, index) => ({
        name: item.name,
        sku: item.sku ?? null,
        quantity: item.quantity,
        unitPriceMinor: amounts.itemPricesMinor[index] ?? 0,
      })),
      customer: request.customer,
      shipping: request.shipping ? { type: request.shipping.type, method: request.shipping.method ?? null } : null,
      additionalInformation: request.additionalInformation ?? {},
      redirectUrls: request.redirectUrls,
      routing: null,
      provider: null,
      checkoutUrl: null,
      attempts: [],
      failure: null,
      payment: null,
      expiredAt: null,
      createdAt,
      updatedAt: createdAt,
      expiresAt: expiresAt ?? new Date(Math.floor((createdAt.getTime() + this.settings.sessionTtlMs) / 1000) * 1000),
    };
  }
}

/** How long the last look at a session before a 202 may take: a database this slow means the outcome is not there anyway. */
export const LATE_OUTCOME_LOOK_MS = 250;

function notQueued(): ApiError {
  return new ApiError(ErrorCode.ServiceUnavailable, 'The session could not be queued; retry with the same Idempotency-Key.', { retryAfterSeconds: 1 });
}

/** The SessionRequested event of a stored session (the first time, or queued again by a takeover). */
function sessionRequested(session: SessionDocument, eventSource: string) {
  return encodeEvent(EventTypes.sessionRequested, eventSource, session._id, {
    sessionId: session._id,
    applicationId: session.applicationId,
    livemode: isLive(session),
    orderReference: session.orderReference,
    paymentMethod: session.paymentMethod,
    currency: session.currency,
    amountMinor: session.amount.totalMinor,
    billingCountry: session.customer?.billingAddress?.country ?? null,
    createdAt: apiTime(session.createdAt),
    expiresAt: apiTime(session.expiresAt),
    idempotency: { keyHash: session.idempotencyKeyHash, fingerprint: session.requestFingerprint },
  });
}

function decide(record: IdempotencyRecord, fingerprint: string): IdempotencyDecision {
  if (record.fingerprint !== fingerprint) return 'conflict';
  return record.state === 'processing' ? 'in_progress' : 'replay';
}
