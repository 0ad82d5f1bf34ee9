import { createHash, randomBytes } from 'node:crypto';
import { isLive, subscribesTo, WEBHOOK_TEST_EVENT, type MerchantScope, type WebhookEndpointStatus, type WebhookEventType } from '@checkout/contracts';

/** One signing secret of an endpoint; `expiresAt` set on the old one by a rotation. */
export interface EndpointSecret {
  /** `whsec_` + base64 of 32 random bytes (Standard Webhooks). */
  value: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** One document per merchant webhook endpoint in `webhook_endpoints`; `_id` is its `we_` id. */
export interface WebhookEndpointDocument {
  _id: string;
  applicationId: string;
  /** The mode of the token that created it, and of the events it receives; absent on endpoints from before modes (live): read it with isLive. */
  livemode?: boolean;
  url: string;
  enabledEvents: string[];
  description: string | null;
  status: WebhookEndpointStatus;
  secrets: EndpointSecret[];
  /** When the current run of failed attempts began; null after any success. */
  failingSince: Date | null;
  disabledReason: string | null;
  /** For an endpoint created with an Idempotency-Key: the request's fingerprint, so that a retry with another body is refused. */
  requestFingerprint?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type EndpointChanges = Partial<Pick<WebhookEndpointDocument, 'url' | 'enabledEvents' | 'description' | 'status' | 'failingSince' | 'disabledReason'>>;

/** What a merchant's status change does: re-enabling starts the failure record afresh; disabling says who did it. */
export function statusChange(status: WebhookEndpointStatus): EndpointChanges {
  return status === 'enabled' ? { status, failingSince: null, disabledReason: null } : { status, disabledReason: 'disabled by the merchant' };
}

/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newEndpointId(): string {
  return `we_${[...randomBytes(24)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;
}

/**
 * The id of the endpoint a scope creates with an Idempotency-Key: the same for every retry, so the
 * unique `_id` is the guard; the same key in the other mode is another endpoint.
 */
export function endpointIdFor(scope: MerchantScope, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${scope.applicationId}\n${scope.livemode ? '' : 'test\n'}${idempotencyKey}`).digest();
  return `we_${[...digest.subarray(0, 24)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;
}

export function newSecret(now: Date): EndpointSecret {
  return { value: `whsec_${randomBytes(32).toString('base64')}`, createdAt: now, expiresAt: null };
}

/** The secrets that sign a delivery made at `now`: the current one, and a rotated one within its overlap. */
export function signingSecrets(endpoint: Pick<WebhookEndpointDocument, 'secrets'>, now: Date): string[] {
  return endpoint.secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt > now).map((secret) => secret.value);
}

/** The endpoint's secrets after a rotation at `now`: a new current one; the old one signs on for SECRET_OVERLAP_MS. */
export function rotatedSecrets(endpoint: Pick<WebhookEndpointDocument, 'secrets'>, now: Date): { secrets: EndpointSecret[]; current: EndpointSecret } {
  const current = newSecret(now);
  const overlapEnds = new Date(now.getTime() + SECRET_OVERLAP_MS);
  const kept = endpoint.secrets
    .filter((secret) => secret.expiresAt === null || secret.expiresAt > now)
    .map((secret) => ({ ...secret, expiresAt: secret.expiresAt && secret.expiresAt < overlapEnds ? secret.expiresAt : overlapEnds }));
  return { secrets: [...kept, current], current };
}

/** Whether a delivery of `type` goes to this endpoint now: an enabled endpoint gets what it subscribes to, and the tests sent to it. */
export function receives(endpoint: Pick<WebhookEndpointDocument, 'status' | 'enabledEvents'>, type: WebhookEventType): boolean {
  return endpoint.status === 'enabled' && (type === WEBHOOK_TEST_EVENT || subscribesTo(endpoint.enabledEvents, type));
}

/** The endpoint as the API shows it; the secret only where the caller passes it (create, rotate). */
export function endpointView(endpoint: WebhookEndpointDocument, secret?: EndpointSecret) {
  return {
    id: endpoint._id,
    livemode: isLive(endpoint),
    url: endpoint.url,
    enabledEvents: endpoint.enabledEvents,
    status: endpoint.status,
    description: endpoint.description,
    createdAt: endpoint.createdAt.toISOString(),
    disabledReason: endpoint.disabledReason,
    ...(secret ? { secret: secret.value } : {}),
  };
}

/** One attempt's outcome, for the endpoint's failure bookkeeping: disabled once it has failed for `disableAfterMs`. */
export interface EndpointOutcome {
  delivered: boolean;
  at: Date;
  disableAfterMs: number;
}

/** The endpoint's failure bookkeeping after one attempt: one rule for every adapter. */
export function endpointAfter(
  endpoint: Pick<WebhookEndpointDocument, 'failingSince' | 'status' | 'disabledReason'>,
  outcome: EndpointOutcome,
): Pick<WebhookEndpointDocument, 'failingSince' | 'status' | 'disabledReason'> {
  if (outcome.delivered) return { failingSince: null, status: endpoint.status, disabledReason: endpoint.disabledReason };
  const failingSince = endpoint.failingSince ?? outcome.at;
  if (endpoint.status === 'enabled' && outcome.at.getTime() - failingSince.getTime() >= outcome.disableAfterMs) {
    return {
      failingSince,
      status: 'disabled',
      disabledReason: `every delivery failed from ${failingSince.toISOString()} to ${outcome.at.toISOString()}; fix the endpoint, then enable it again (PATCH {"status":"enabled"})`,
    };
  }
  return { failingSince, status: endpoint.status, disabledReason: endpoint.disabledReason };
}
