import { expect } from 'chai';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { uniqueName } from '../support/infra';
import { freePort, startService, type RunningService } from '../support/services';
import { TEST_AUDIENCE, TEST_ISSUER } from '../support/seed';

describe('JWT key rotation: a gateway on a public key and a JWKS at once (its own process, a local JWKS server)', function () {
  this.timeout(60_000);
  const configured = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const current = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });
  let published: object[] = [jwk(current.publicKey, 'key-current')];
  let fetches = 0;
  let jwks: Server;
  let gateway: RunningService;

  before(async () => {
    jwks = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const publicKeyFile = path.join(tmpdir(), `${uniqueName('jwt')}.pem`);
    writeFileSync(publicKeyFile, configured.publicKey.export({ type: 'spki', format: 'pem' }));
    gateway = await startService('gateway', await freePort(), {
      MONGO_DATABASE: uniqueName('jwt').replace(/-/g, '_'),
      LOG_LEVEL: 'warn',
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      JWT_HS256_SECRET: '',
      JWT_PUBLIC_KEY: publicKeyFile,
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
      JWT_JWKS_CACHE_SECONDS: '1',
    });
  });

  after(async () => {
    await gateway?.stop();
    jwks?.close();
  });

  const tokenOf = (key: KeyObject, keyid?: string) =>
    jwt.sign({ scope: 'sessions:read' }, key, { algorithm: 'RS256', subject: 'app-rotation', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, expiresIn: 300, ...(keyid ? { keyid } : {}) });
  /** 404 for a session that does not exist means the token was accepted; 401 that it was not. */
  const statusWith = async (token: string) =>
    (await fetch(`http://127.0.0.1:${gateway.port}/api/v1/sessions/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('should accept tokens of the configured public key and of the JWKS side by side', async () => {
    expect(await statusWith(tokenOf(configured.privateKey))).to.equal(404);
    expect(await statusWith(tokenOf(current.privateKey, 'key-current'))).to.equal(404);
    expect(await statusWith(tokenOf(next.privateKey, 'key-next')), 'a key nobody published').to.equal(401);
  });

  it('should trust a newly published key at once, and stop trusting a removed one within the cache lifetime', async () => {
    const before = fetches;
    published = [jwk(current.publicKey, 'key-current'), jwk(next.publicKey, 'key-next')];
    expect(await statusWith(tokenOf(next.privateKey, 'key-next')), 'the unknown kid made the gateway fetch again').to.equal(404);
    expect(fetches).to.be.greaterThan(before);

    published = [jwk(next.publicKey, 'key-next')];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await statusWith(tokenOf(current.privateKey, 'key-current')), 'removed from the JWKS').to.equal(401);
    expect(await statusWith(tokenOf(next.privateKey, 'key-next'))).to.equal(404);
    expect(await statusWith(tokenOf(configured.privateKey)), 'the public key is not affected').to.equal(404);
  });
});
