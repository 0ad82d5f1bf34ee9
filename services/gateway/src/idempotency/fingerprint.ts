import { createHash } from 'node:crypto';
import type { MerchantScope } from '@checkout/contracts';

/** JSON with object keys sorted at every level, so equal bodies hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * The idempotency scope is (application, mode, key); the key itself is never stored in clear. A live
 * key hashes as it did before modes existed, so keys already used keep replaying; no live key can
 * look like a test one, as a header value never holds the NUL that separates "test".
 */
export function idempotencyKeyHash(scope: MerchantScope, idempotencyKey: string): string {
  const hash = createHash('sha256').update(scope.applicationId).update('\0');
  if (!scope.livemode) hash.update('test').update('\0');
  return hash.update(idempotencyKey).digest('hex');
}
