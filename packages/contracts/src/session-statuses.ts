/**
 * The session's status vocabulary, as the API and the events name it: defined here once, used by
 * the schemas, the OpenAPI document and @checkout/sessions (which owns the moves between them).
 * PROCESSING until a provider checkout exists (the API's 202), PENDING while the shopper can pay,
 * then closed.
 */
export const SESSION_STATUSES = ['PROCESSING', 'PENDING', 'COMPLETED', 'FAILED', 'EXPIRED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Where a PENDING session ends: its checkout can no longer be paid. */
export const CLOSED_STATUSES = ['COMPLETED', 'FAILED', 'EXPIRED'] as const;
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

/** Why a session left PENDING: the provider said so (webhook), its time ran out (expired), or the merchant ended it. */
export const CLOSE_REASONS = ['webhook', 'expired', 'merchant'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * Why no checkout could be created for a session (SessionFailed, and the failed session's `failure.code`).
 * `processing_failed`: its request could not be handled (dead-lettered after repeated failures); nothing was charged.
 */
export const SESSION_FAILURE_CODES = ['no_eligible_provider', 'provider_unavailable', 'session_not_found', 'processing_failed'] as const;
export type SessionFailureCode = (typeof SESSION_FAILURE_CODES)[number];

export function isClosedStatus(status: string): status is ClosedStatus {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}
