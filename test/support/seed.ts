import { readFileSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { CreateSessionRequest } from '@checkout/contracts';

export const TEST_JWT_SECRET = 'test-only-hs256-secret-at-least-32-characters';
export const TEST_ISSUER = 'checkout-test';
export const TEST_AUDIENCE = 'checkout-api';

/** The seed's request body, read from the seed file itself so the tests serve exactly it. */
export function seedBody(): CreateSessionRequest {
  const seedFile = path.resolve(__dirname, '../../../shared/seed/create-checkout-session.txt');
  const text = readFileSync(seedFile, 'utf8');
  const start = text.indexOf("-d '") + 4;
  const end = text.indexOf("}'", start) + 1;
  return JSON.parse(text.slice(start, end)) as CreateSessionRequest;
}

export function token(
  applicationId: string,
  options: { scope?: string; secret?: string; audience?: string; issuer?: string; expiresIn?: number } = {},
): string {
  return jwt.sign({ scope: options.scope ?? 'sessions:write sessions:read' }, options.secret ?? TEST_JWT_SECRET, {
    algorithm: 'HS256',
    subject: applicationId,
    issuer: options.issuer ?? TEST_ISSUER,
    audience: options.audience ?? TEST_AUDIENCE,
    expiresIn: options.expiresIn ?? 600,
  });
}
