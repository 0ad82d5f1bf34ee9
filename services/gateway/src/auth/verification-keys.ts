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

export interface JwksOptions {
  /** How long a fetched key is trusted before the JWKS is asked again: a key removed from it stops working within this. */
  cacheMaxAgeMs: number;
  /** At most this many JWKS fetches a minute, however many tokens name an unknown key id. */
  requestsPerMinute: number;
}

/**
 * Public keys from a JWKS URL, by key id. A token naming a key id not seen yet makes jwks-rsa fetch
 * the JWKS again (rate limited), so a new key works as soon as the issuer publishes it; a key is
 * trusted for `cacheMaxAgeMs` after it was fetched, then asked for again, so one the issuer removed
 * stops working within that time.
 */
export class JwksVerificationKeys implements VerificationKeys {
  readonly algorithms = ASYMMETRIC_ALGORITHMS;
  private readonly client: JwksClient;
  /** The KeyObjects made from jwks-rsa's keys (never strings: verifying with one is much slower). */
  private readonly keys = new Map<string, { key: KeyObject; fetchedAt: number }>();

  constructor(
    jwksUri: string,
    private readonly options: JwksOptions = { cacheMaxAgeMs: 10 * 60_000, requestsPerMinute: 10 },
  ) {
    this.client = new JwksClient({
      jwksUri,
      cache: true,
      cacheMaxAge: options.cacheMaxAgeMs,
      rateLimit: true,
      jwksRequestsPerMinute: options.requestsPerMinute,
      timeout: 3000,
    });
  }

  async keyFor(_algorithm: string, keyId: string | undefined): Promise<KeyObject> {
    const cacheKey = keyId ?? '';
    const cached = this.keys.get(cacheKey);
    if (cached && Date.now() - cached.fetchedAt < this.options.cacheMaxAgeMs) return cached.key;
    this.keys.delete(cacheKey);
    const signingKey = await this.client.getSigningKey(keyId);
    const key = createPublicKey(signingKey.getPublicKey());
    this.keys.set(cacheKey, { key, fetchedAt: Date.now() });
    return key;
  }
}

/**
 * Several sources at once (a public key and a JWKS, during a migration; the development secret
 * beside them). Of the sources that hold keys for the token's algorithm, a token naming a key id
 * asks the JWKS first (a single public key has none), one without asks the others first; each
 * falls back to the next source that can answer.
 */
export class CombinedVerificationKeys implements VerificationKeys {
  readonly algorithms: readonly string[];

  constructor(private readonly sources: readonly VerificationKeys[]) {
    this.algorithms = [...new Set(sources.flatMap((source) => source.algorithms))];
  }

  async keyFor(algorithm: string, keyId: string | undefined): Promise<KeyObject> {
    const candidates = this.sources.filter((source) => source.algorithms.includes(algorithm));
    const byKeyId = (source: VerificationKeys) => (source instanceof JwksVerificationKeys) === (keyId !== undefined);
    const ordered = [...candidates.filter(byKeyId), ...candidates.filter((source) => !byKeyId(source))];
    let failure: unknown = new Error(`no key for ${algorithm}`);
    for (const source of ordered) {
      try {
        return await source.keyFor(algorithm, keyId);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
}
