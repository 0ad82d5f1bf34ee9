import type { SessionFailureCode } from '@checkout/contracts';
import type { SessionDocument } from './session-document';

/** How the creation of a session ended: a checkout at a provider, or none. */
export type SessionOutcome =
  | { kind: 'ready'; checkoutUrl: string; provider: string; providerReference: string; score: number }
  | { kind: 'failed'; code: SessionFailureCode; detail: string };

/**
 * The outcome the stored session records, or null while it is still PROCESSING. A session that
 * later closed (paid, failed at the provider, expired) still answers `ready`: its creation succeeded.
 */
export function outcomeOf(session: SessionDocument): SessionOutcome | null {
  if (session.checkoutUrl && session.provider && session.routing) {
    return { kind: 'ready', checkoutUrl: session.checkoutUrl, provider: session.provider.name, providerReference: session.provider.reference, score: session.routing.score };
  }
  if (session.status === 'FAILED' && session.failure) return { kind: 'failed', code: session.failure.code, detail: session.failure.detail };
  return null;
}
