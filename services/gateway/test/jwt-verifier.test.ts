import { expect } from 'chai';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { AuthenticationError } from '../src/auth/caller';
import { JwtVerifier } from '../src/auth/jwt-verifier';
import { CombinedVerificationKeys, JwksVerificationKeys, StaticVerificationKeys } from '../src/auth/verification-keys';

const policy = { issuer: 'issuer', audience: 'checkout-api', clockToleranceSeconds: 5 };
const secret = 'a-development-secret-of-32-characters!';

function sign(key: string | KeyObject, algorithm: jwt.Algorithm, claims: Record<string, unknown> = {}, options: jwt.SignOptions = {}): string {
  return jwt.sign({ scope: 'sessions:write sessions:read', ...claims }, key, {
    algorithm,
    subject: 'app-1',
    issuer: policy.issuer,
    audience: policy.audience,
    expiresIn: 60,
    ...options,
  });
}

async function rejection(verifier: JwtVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).to.be.instanceOf(AuthenticationError);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('JwtVerifier', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  describe('with an HS256 secret', () => {
    const verifier = new JwtVerifier(new StaticVerificationKeys({ hs256Secret: secret }), policy);

    it('should return the application and scopes of a valid token', async () => {
      const caller = await verifier.verify(sign(secret, 'HS256'));
      expect(caller.applicationId).to.equal('app-1');
      expect([...caller.scopes]).to.deep.equal(['sessions:write', 'sessions:read']);
    });

    it('should read scopes given as an scp array', async () => {
      const caller = await verifier.verify(sign(secret, 'HS256', { scope: undefined, scp: ['sessions:read'] }));
      expect([...caller.scopes]).to.deep.equal(['sessions:read']);
    });

    it('should say why a token is refused', async () => {
      expect(await rejection(verifier, sign('another-secret-of-at-least-32-chars!!', 'HS256'))).to.equal('the token signature is invalid');
      expect(await rejection(verifier, sign(secret, 'HS256', {}, { expiresIn: -60 }))).to.equal('the token has expired');
      expect(await rejection(verifier, sign(secret, 'HS256', {}, { notBefore: 120 }))).to.equal('the token is not valid yet');
      expect(await rejection(verifier, sign(secret, 'HS256', {}, { audience: 'other' }))).to.equal('the token is for another audience');
      expect(await rejection(verifier, sign(secret, 'HS256', {}, { issuer: 'other' }))).to.equal('the token is from another issuer');
      expect(await rejection(verifier, 'not.a.jwt')).to.equal('the token is not a JWT');
    });

    it('should tolerate a small clock skew', async () => {
      const expiredTwoSecondsAgo = jwt.sign(
        { sub: 'app-1', iss: policy.issuer, aud: policy.audience, exp: Math.floor(Date.now() / 1000) - 2 },
        secret,
        { algorithm: 'HS256' },
      );
      const caller = await verifier.verify(expiredTwoSecondsAgo);
      expect(caller.applicationId).to.equal('app-1');
    });

    it('should refuse tokens without expiry or subject', async () => {
      const noExp = jwt.sign({ sub: 'a', iss: policy.issuer, aud: policy.audience }, secret, { algorithm: 'HS256' });
      expect(await rejection(verifier, noExp)).to.equal('the token has no expiry (exp)');
      const noSub = jwt.sign({ iss: policy.issuer, aud: policy.audience }, secret, { algorithm: 'HS256', expiresIn: 60 });
      expect(await rejection(verifier, noSub)).to.equal('the token has no subject (sub)');
    });

    it('should refuse alg none and algorithms it holds no key for', async () => {
      const unsigned = jwt.sign({ sub: 'app-1', iss: policy.issuer, aud: policy.audience }, '', { algorithm: 'none', expiresIn: 60 });
      expect(await rejection(verifier, unsigned)).to.equal("the token's algorithm is not one of HS256");
      expect(await rejection(verifier, sign(rsa.privateKey, 'RS256'))).to.equal("the token's algorithm is not one of HS256");
    });
  });

  describe('with public keys', () => {
    it('should verify RS256 against a PEM key and ES256 against an EC key', async () => {
      const rs = new JwtVerifier(new StaticVerificationKeys({ publicKeyPem: rsaPem }), policy);
      expect((await rs.verify(sign(rsa.privateKey, 'RS256'))).applicationId).to.equal('app-1');
      const es = new JwtVerifier(new StaticVerificationKeys({ publicKeyPem: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() }), policy);
      expect((await es.verify(sign(ec.privateKey, 'ES256'))).applicationId).to.equal('app-1');
    });

    it('should never verify an HS256 token with the public key as its secret', async () => {
      const verifier = new JwtVerifier(new StaticVerificationKeys({ publicKeyPem: rsaPem }), policy);
      const forged = jwt.sign({ sub: 'app-1', iss: policy.issuer, aud: policy.audience }, rsaPem, { algorithm: 'HS256', expiresIn: 60 });
      expect(await rejection(verifier, forged)).to.equal("the token's algorithm is not one of RS256");
    });
  });

  describe('with a JWKS URL', () => {
    let server: Server;
    let jwksUrl: string;
    let requests = 0;
    const second = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwkOf = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });
    /** What the issuer publishes right now; the tests rotate it. */
    let published: object[] = [];

    before(async () => {
      server = createServer((_request, response) => {
        requests += 1;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    beforeEach(() => {
      requests = 0;
      published = [jwkOf(rsa.publicKey, 'key-1')];
    });
    after(() => server.close());

    it('should fetch the key by kid once and verify with it', async () => {
      const verifier = new JwtVerifier(
        new CombinedVerificationKeys([new StaticVerificationKeys({ hs256Secret: secret }), new JwksVerificationKeys(jwksUrl)]),
        policy,
      );
      const token = sign(rsa.privateKey, 'RS256', {}, { keyid: 'key-1' });
      expect((await verifier.verify(token)).applicationId).to.equal('app-1');
      expect((await verifier.verify(token)).applicationId).to.equal('app-1');
      expect(requests).to.equal(1);
      expect((await verifier.verify(sign(secret, 'HS256'))).applicationId).to.equal('app-1');
      expect(await rejection(verifier, sign(rsa.privateKey, 'RS256', {}, { keyid: 'unknown' }))).to.equal('no key can verify this token');
    });

    it('should fetch the JWKS again for a key id it has not seen, so that a newly published key works at once', async () => {
      const verifier = new JwtVerifier(new JwksVerificationKeys(jwksUrl), policy);
      const rotated = sign(second.privateKey, 'RS256', {}, { keyid: 'key-2' });
      expect(await rejection(verifier, rotated)).to.equal('no key can verify this token');
      published = [jwkOf(rsa.publicKey, 'key-1'), jwkOf(second.publicKey, 'key-2')];
      expect((await verifier.verify(rotated)).applicationId).to.equal('app-1');
      expect(requests).to.equal(2);
    });

    it('should fetch at most its per-minute allowance, however many tokens name unknown keys', async () => {
      const verifier = new JwtVerifier(new JwksVerificationKeys(jwksUrl, { cacheMaxAgeMs: 60_000, requestsPerMinute: 3 }), policy);
      for (let i = 0; i < 12; i += 1) await rejection(verifier, sign(second.privateKey, 'RS256', {}, { keyid: `made-up-${i}` }));
      expect(requests).to.equal(3);
    });

    it('should stop trusting a key removed from the JWKS once its cache lifetime has passed', async () => {
      const verifier = new JwtVerifier(new JwksVerificationKeys(jwksUrl, { cacheMaxAgeMs: 300, requestsPerMinute: 10 }), policy);
      const old = sign(rsa.privateKey, 'RS256', {}, { keyid: 'key-1' });
      expect((await verifier.verify(old)).applicationId).to.equal('app-1');
      published = [jwkOf(second.publicKey, 'key-2')];
      expect((await verifier.verify(old)).applicationId, 'still within the cache lifetime').to.equal('app-1');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await rejection(verifier, old)).to.equal('no key can verify this token');
      expect((await verifier.verify(sign(second.privateKey, 'RS256', {}, { keyid: 'key-2' }))).applicationId).to.equal('app-1');
    });

    it('should accept tokens of a configured public key and of the JWKS together, both RS256', async () => {
      const verifier = new JwtVerifier(
        new CombinedVerificationKeys([new StaticVerificationKeys({ publicKeyPem: second.publicKey.export({ type: 'spki', format: 'pem' }).toString() }), new JwksVerificationKeys(jwksUrl)]),
        policy,
      );
      expect((await verifier.verify(sign(second.privateKey, 'RS256'))).applicationId, 'the public key, no kid').to.equal('app-1');
      expect((await verifier.verify(sign(rsa.privateKey, 'RS256', {}, { keyid: 'key-1' }))).applicationId, 'the JWKS, by kid').to.equal('app-1');
    });
  });
});
