import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';

/** Finds the key that must have signed a token with this algorithm and key id. */
export interface VerificationKeys {
  readonly algorithms: readonly string[];
  keyFor(algorithm: string, keyId: string | undefined): Promise<KeyObject>;
}

export const HMAC_ALGORITHMS = ['HS256'] as const;
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'] as const;

function isHmac(algorithm: string): boolean {
  return (HMAC_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** Keys held in memory as KeyObjects: an HS256 secret (development) and/or one public key. */
export class StaticVerificationKeys implements VerificationKeys {
  readonly algorithms: readonly string[];
  private readonly secret: KeyObject | undefined;
  private readonly publicKey: KeyObject | undefined;

  constructor(options: { hs256Secret?: string; publicKeyPem?: string }) {
    this.secret = options.hs256Secret ? createSecretKey(Buffer.from(options.hs256Secret, 'utf8')) : undefined;
    this.publicKey = options.publicKeyPem ? createPublicKey(options.publicKeyPem) : undefined;
    const asymmetric = this.publicKey?.asymmetricKeyType === 'ec' ? ['ES256'] : ['RS256'];
    this.algorithms = [...(this.secret ? HMAC_ALGORITHMS : []), ...(this.publicKey ? asymmetric : [])];
  }

  async keyFor(algorithm: string): Promise<KeyObject> {
    const key = isHmac(algorithm) ? this.secret : this.publicKey;
    if (!key) throw new Error(`no key for ${algorithm}`);
    return key;
  }
}

/** Public keys from a JWKS URL, fetched by key id and cached by jwks-rsa. */
export class JwksVerificationKeys implements VerificationKeys {
  readonly algorithms = ASYMMETRIC_ALGORITHMS;
  private readonly client: JwksClient;
  private readonly keys = new Map<string, KeyObject>();

  constructor(jwksUri: string) {
    this.client = new JwksClient({ jwksUri, cache: true, cacheMaxAge: 10 * 60_000, rateLimit: true, jwksRequestsPerMinute: 10, timeout: 3000 });
  }

  async keyFor(_algorithm: string, keyId: string | undefined): Promise<KeyObject> {
    const cacheKey = keyId ?? '';
    const cached = this.keys.get(cacheKey);
    if (cached) return cached;
    const signingKey = await this.client.getSigningKey(keyId);
    const key = createPublicKey(signingKey.getPublicKey());
    this.keys.set(cacheKey, key);
    return key;
  }
}

/** Tries each source whose algorithms include the token's. */
export class CombinedVerificationKeys implements VerificationKeys {
  readonly algorithms: readonly string[];

  constructor(private readonly sources: readonly VerificationKeys[]) {
    this.algorithms = [...new Set(sources.flatMap((source) => source.algorithms))];
  }

  async keyFor(algorithm: string, keyId: string | undefined): Promise<KeyObject> {
    const source = this.sources.find((candidate) => candidate.algorithms.includes(algorithm));
    if (!source) throw new Error(`no key for ${algorithm}`);
    return source.keyFor(algorithm, keyId);
  }
}
