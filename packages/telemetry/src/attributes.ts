/**
 * Span and metric attribute names of our domain steps, namespaced under `checkout.` so they
 * never collide with OpenTelemetry's semantic conventions. Values are ids, codes, amounts and
 * scores only: customer data never becomes an attribute.
 */
export const Attr = {
  sessionId: 'checkout.session.id',
  applicationId: 'checkout.application.id',
  /** `test` or `live`. */
  mode: 'checkout.mode',
  currency: 'checkout.session.currency',
  amountMinor: 'checkout.session.amount_minor',
  idempotencyDecision: 'checkout.idempotency.decision',
  outcome: 'checkout.outcome',
  provider: 'checkout.provider',
  /** On spans only (a merchant's accounts would make too many metric series). */
  providerAccount: 'checkout.provider.account',
  routingScore: 'checkout.routing.score',
  routingCandidates: 'checkout.routing.candidates',
  routingRejected: 'checkout.routing.rejected',
  routingResult: 'checkout.routing.result',
  attemptNumber: 'checkout.provider.attempt',
  attemptOutcome: 'checkout.provider.outcome',
  attemptTimeoutMs: 'checkout.provider.timeout_ms',
  errorCode: 'checkout.error.code',
  sessionStatus: 'checkout.session.status',
  statusReason: 'checkout.session.status_reason',
  webhookEventType: 'checkout.webhook.event_type',
  webhookOutcome: 'checkout.webhook.outcome',
  consumerGroup: 'messaging.consumer.group.name',
  topic: 'messaging.destination.name',
} as const;

/** The tracer and meter names (instrumentation scope) of each service's own telemetry. */
export const ScopeName = {
  gateway: 'checkout.gateway',
  routing: 'checkout.routing',
  provider: 'checkout.provider',
  notifications: 'checkout.notifications',
  embedded: 'checkout.embedded',
} as const;
