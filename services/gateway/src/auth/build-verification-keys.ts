import { readFileSync } from 'node:fs';
import { CombinedVerificationKeys, JwksVerificationKeys, StaticVerificationKeys, type VerificationKeys } from './verification-keys';

export interface KeySettings {
  jwtHs256Secret: string;
  jwtPublicKey: string;
  jwtJwksUrl: string;
  jwtJwksCacheSeconds: number;
}

/** From configuration to keys; a gateway without any key cannot authenticate anyone, so it refuses to start. */
export function buildVerificationKeys(settings: KeySettings): VerificationKeys {
  const sources: VerificationKeys[] = [];
  const publicKeyPem = settings.jwtPublicKey.startsWith('-----BEGIN')
    ? settings.jwtPublicKey
    : settings.jwtPublicKey
      ? readFileSync(settings.jwtPublicKey, 'utf8')
      : '';
  if (settings.jwtHs256Secret || publicKeyPem) {
    sources.push(new StaticVerificationKeys({ hs256Secret: settings.jwtHs256Secret, publicKeyPem }));
  }
  if (settings.jwtJwksUrl) sources.push(new JwksVerificationKeys(settings.jwtJwksUrl, { cacheMaxAgeMs: settings.jwtJwksCacheSeconds * 1000, requestsPerMinute: 10 }));
  if (sources.length === 0) {
    throw new Error('no token key configured: set JWT_PUBLIC_KEY (PEM or a file path), JWT_JWKS_URL, or for development JWT_HS256_SECRET');
  }
  return sources.length === 1 ? sources[0]! : new CombinedVerificationKeys(sources);
}
