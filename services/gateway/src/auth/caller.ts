/** Who is calling: the merchant's application (the token's `sub`) and what it may do. */
export interface Caller {
  applicationId: string;
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
