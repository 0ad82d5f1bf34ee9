import jwt, { type JwtPayload } from 'jsonwebtoken';
import { MODES } from '@checkout/contracts';
import { AuthenticationError, type Caller } from './caller';
import type { VerificationKeys } from './verification-keys';

export interface JwtPolicy {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

/**
 * Verifies a merchant's bearer token: the algorithm must be one we hold a key for (never `none`,
 * never an HMAC token checked against a public key), and issuer, audience, expiry and not-before
 * must hold. `sub` is the application, `mode` its mode (live when absent); scopes come from `scope`
 * (space separated) or `scp`.
 */
export class JwtVerifier {
  constructor(
    private readonly keys: VerificationKeys,
    private readonly policy: JwtPolicy,
  ) {}

  async verify(token: string): Promise<Caller> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new AuthenticationError('the token is not a JWT');
    const { alg, kid } = decoded.header;
    // Nothing of the token is echoed back (its header is the caller's text): the accepted algorithms are ours.
    if (typeof alg !== 'string' || !this.keys.algorithms.includes(alg)) throw new AuthenticationError(`the token's algorithm is not one of ${this.keys.algorithms.join(', ')}`);

    let key;
    try {
      key = await this.keys.keyFor(alg, kid);
    } catch {
      throw new AuthenticationError('no key can verify this token');
    }

    let payload: JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [alg as jwt.Algorithm],
        issuer: this.policy.issuer,
        audience: this.policy.audience,
        clockTolerance: this.policy.clockToleranceSeconds,
      }) as JwtPayload;
    } catch (error) {
      throw new AuthenticationError(describeJwtError(error));
    }
    if (payload.exp === undefined) throw new AuthenticationError('the token has no expiry (exp)');
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthenticationError('the token has no subject (sub)');
    return { applicationId: payload.sub, livemode: readLivemode(payload), scopes: readScopes(payload) };
  }
}

/** The `mode` claim: `test` or `live`; a token without one (every token issued before modes) is live. */
function readLivemode(payload: JwtPayload): boolean {
  const mode: unknown = payload.mode;
  if (mode === undefined) return true;
  if (mode !== 'test' && mode !== 'live') throw new AuthenticationError(`the token's mode claim must be one of ${MODES.join(', ')}`);
  return mode === 'live';
}

function readScopes(payload: JwtPayload): ReadonlySet<string> {
  const scope: unknown = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return new Set(scope.split(' ').filter(Boolean));
  if (Array.isArray(scope)) return new Set(scope.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

function describeJwtError(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return 'the token has expired';
  if (error instanceof jwt.NotBeforeError) return 'the token is not valid yet';
  if (error instanceof jwt.JsonWebTokenError) {
    if (/audience/.test(error.message)) return 'the token is for another audience';
    if (/issuer/.test(error.message)) return 'the token is from another issuer';
    if (/signature/.test(error.message)) return 'the token signature is invalid';
    return 'the token is invalid';
  }
  return 'the token is invalid';
}
