import jwt from 'jsonwebtoken';
import { EXAMPLE_CREATE_SESSION_REQUEST, EXAMPLE_CREATED_SESSION, type CreateSessionRequest } from '@checkout/contracts';

export const TEST_JWT_SECRET = 'test-only-hs256-secret-at-least-32-characters';
export const TEST_ISSUER = 'checkout-test';
export const TEST_AUDIENCE = 'checkout-api';

/** The seed's request body: a fresh copy of the project's own fixture, so a test may change it freely. */
export function seedBody(): CreateSessionRequest {
  return structuredClone(EXAMPLE_CREATE_SESSION_REQUEST);
}

/** The seed's 201 body as the specification shows it. */
export function seedResponse(): typeof EXAMPLE_CREATED_SESSION {
  return structuredClone(EXAMPLE_CREATED_SESSION);
}

/**
 * A merchant token for the suites: test mode unless `mode` says otherwise (the sandbox serves test
 * sessions only); `mode: null` leaves the claim out, as every token issued before modes (a live token).
 */
export function token(
  applicationId: string,
  options: { scope?: string; secret?: string; audience?: string; issuer?: string; expiresIn?: number; mode?: 'test' | 'live' | null } = {},
): string {
  const mode = options.mode === undefined ? 'test' : options.mode;
  return jwt.sign({ scope: options.scope ?? 'sessions:write sessions:read', ...(mode === null ? {} : { mode }) }, options.secret ?? TEST_JWT_SECRET, {
    algorithm: 'HS256',
    subject: applicationId,
    issuer: options.issuer ?? TEST_ISSUER,
    audience: options.audience ?? TEST_AUDIENCE,
    expiresIn: options.expiresIn ?? 600,
  });
}
