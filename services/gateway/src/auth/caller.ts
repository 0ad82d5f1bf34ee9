import type { MerchantScope } from '@checkout/contracts';

/**
 * Who is calling: the merchant's application (the token's `sub`) in the token's mode (its `mode`
 * claim; live without one), which is also the scope of everything it sees, and what it may do.
 */
export interface Caller extends MerchantScope {
  scopes: ReadonlySet<string>;
}

export const Scopes = {
  writeSessions: 'sessions:write',
  readSessions: 'sessions:read',
  writeWebhooks: 'webhooks:write',
  /** Webhook endpoints, their deliveries, and the events (GET /api/v1/events). */
  readWebhooks: 'webhooks:read',
  writeProviderAccounts: 'provider-accounts:write',
  readProviderAccounts: 'provider-accounts:read',
} as const;

export class AuthenticationError extends Error {}
