import { expect } from 'chai';
import { ContractValidator, createdSessionSchema, ERROR_ANSWERS, ErrorCode, EXAMPLE_CREATE_SESSION_REQUEST, problemType } from '@checkout/contracts';
import { HTTP_TIMEOUTS } from '@checkout/platform';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { seedResponse } from '../../../test/support/seed';
import { signDevToken } from '../src/dev-token';
import { IN_MEMORY_GATEWAY_SECRET, startInMemoryGateway } from './in-memory-gateway';

const SECRET = IN_MEMORY_GATEWAY_SECRET;

describe('the gateway HTTP surface', () => {
  let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
  let base: string;

  before(async () => {
    gateway = await startInMemoryGateway({ overrides: { allowSandboxAccounts: true } });
    base = gateway.base;
  });

  after(() => gateway.stop());

  it('should serve a valid OpenAPI 3.1 document whose request example passes the request schema', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).to.equal(200);
    const document = (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const result = await new Validator().validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(document.openapi).to.equal('3.1.0');
    const example = document.paths['/api/v1/sessions'].post.requestBody.content['application/json'].example;
    expect(example).to.deep.equal(EXAMPLE_CREATE_SESSION_REQUEST);
    expect(new ContractValidator().createSessionRequest(example).ok).to.equal(true);
    expect(document.paths['/api/v1/sessions'].post.responses['201'].content['application/json'].example).to.deep.equal(seedResponse());
  });

  it('should document the seed response exactly', () => {
    const validate = addFormats(new Ajv({ strict: false })).compile(createdSessionSchema);
    expect(validate(seedResponse())).to.equal(true);
    expect(validate({ ...seedResponse(), extra: 1 })).to.equal(false);
  });

  it('should serve the docs page and its assets from our own files', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<script src="/docs/init.js"></script>');
    expect(await (await fetch(`${base}/docs/init.js`)).text()).to.contain("url: '/openapi.json'");
    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('content-type')).to.match(/javascript/);
  });

  it('should listen with the hardened HTTP timeouts, so that slow clients cannot hold its sockets', () => {
    expect(gateway.server.headersTimeout).to.equal(HTTP_TIMEOUTS.headersTimeoutMs);
    expect(gateway.server.requestTimeout).to.equal(HTTP_TIMEOUTS.requestTimeoutMs);
    expect(gateway.server.keepAliveTimeout).to.equal(HTTP_TIMEOUTS.keepAliveTimeoutMs);
  });

  it('should answer unknown routes and methods with problem+json', async () => {
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await missing.json()).to.include({ code: 'not_found', status: 404 });
    const wrongMethod = await fetch(`${base}/api/v1/sessions`, { method: 'DELETE' });
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.get('allow')).to.equal('GET, POST');
  });

  it('should answer 202 with PROCESSING when nothing downstream answers within the budget', async () => {
    const token = signDevToken({ applicationId: 'app', scopes: ['sessions:write'], expiresInSeconds: 60, secret: SECRET, issuer: 'iss', audience: 'aud', mode: 'test' });
    const response = await fetch(`${base}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST),
    });
    expect(response.status).to.equal(202);
    const body = (await response.json()) as { sessionId: string; status: string };
    expect(response.headers.get('location')).to.equal(`/api/v1/sessions/${body.sessionId}`);
    expect(body.status).to.equal('PROCESSING');
  });

  describe('webhook endpoints, events and lists', () => {
    const tokenFor = (scopes: string[], applicationId = 'app') => signDevToken({ applicationId, scopes, expiresInSeconds: 60, secret: SECRET, issuer: 'iss', audience: 'aud', mode: 'test' });
    const call = (method: string, route: string, scopes: string[], body?: string, contentType = 'application/json') =>
      fetch(`${base}${route}`, { method, headers: { authorization: `Bearer ${tokenFor(scopes)}`, ...(body === undefined ? {} : { 'content-type': contentType }) }, body });

    it('should need webhooks:write to change endpoints and webhooks:read to read them and the events', async () => {
      const create = await call('POST', '/api/v1/webhook-endpoints', ['sessions:write', 'webhooks:read'], JSON.stringify({ url: 'https://m.example/h', enabledEvents: ['*'] }));
      expect(create.status).to.equal(403);
      expect(create.headers.get('www-authenticate')).to.contain('scope="webhooks:write"');
      for (const route of ['/api/v1/webhook-endpoints', '/api/v1/events', '/api/v1/events/evt_00']) {
        expect((await call('GET', route, ['webhooks:write', 'sessions:read'])).status, route).to.equal(403);
      }
      expect((await call('GET', '/api/v1/sessions', ['webhooks:read'])).status).to.equal(403);
      expect((await fetch(`${base}/api/v1/webhook-endpoints`)).status).to.equal(401);
    });

    it('should answer a bad body or query with problem+json naming the field, never a 500', async () => {
      const write = ['webhooks:write'];
      const cases: [Response, number, string, string?][] = [
        [await call('POST', '/api/v1/webhook-endpoints', write, '{"url":'), 400, 'malformed_json'],
        [await call('POST', '/api/v1/webhook-endpoints', write, 'url=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
        [await call('POST', '/api/v1/webhook-endpoints', write, JSON.stringify({ url: 'https://m.example/h' })), 400, 'validation_failed', '/enabledEvents'],
        [await call('POST', '/api/v1/webhook-endpoints', write, JSON.stringify({ url: 'https://m.example/h', enabledEvents: [] })), 400, 'validation_failed', '/enabledEvents'],
        [await call('POST', '/api/v1/webhook-endpoints', write, JSON.stringify({ url: 'https://m.example/h', enabledEvents: ['*'], secret: 'mine' })), 400, 'validation_failed', '/secret'],
        [await call('POST', '/api/v1/webhook-endpoints', write, JSON.stringify({ url: 'http://m.example/h', enabledEvents: ['*'] })), 422, 'insecure_webhook_url', '/url'],
        [await call('GET', '/api/v1/events?limit=0', ['webhooks:read']), 400, 'invalid_query', '/limit'],
        [await call('GET', '/api/v1/events?limit=1&limit=2', ['webhooks:read']), 400, 'invalid_query', '/limit'],
        [await call('GET', '/api/v1/events?type=checkout.session.paid', ['webhooks:read']), 400, 'invalid_query', '/type'],
        [await call('GET', '/api/v1/events?startingAfter=evt_0123', ['webhooks:read']), 400, 'invalid_query', '/startingAfter'],
        [await call('GET', '/api/v1/sessions?createdAfter=yesterday', ['sessions:read']), 400, 'invalid_query', '/createdAfter'],
        [await call('GET', '/api/v1/sessions?colour=red', ['sessions:read']), 400, 'invalid_query', '/colour'],
        [await call('GET', '/api/v1/webhook-endpoints/we_nothing', ['webhooks:read']), 404, 'webhook_endpoint_not_found'],
        [await call('GET', '/api/v1/events/evt_0123', ['webhooks:read']), 404, 'event_not_found'],
      ];
      for (const [response, status, code, pointer] of cases) {
        expect(response.status, `${response.url} ${code}`).to.equal(status);
        expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
        const problem = (await response.json()) as { code: string; errors?: { pointer: string }[] };
        expect(problem.code).to.equal(code);
        if (pointer) expect(problem.errors?.map((error) => error.pointer)).to.include(pointer);
      }
    });

    it('should answer the documented methods only', async () => {
      for (const [route, allow] of [
        ['/api/v1/webhook-endpoints', 'GET, POST'],
        ['/api/v1/webhook-endpoints/we_1', 'GET, PATCH, DELETE'],
        ['/api/v1/webhook-endpoints/we_1/rotate-secret', 'POST'],
        ['/api/v1/webhook-endpoints/we_1/deliveries', 'GET'],
        ['/api/v1/events', 'GET'],
        ['/api/v1/events/evt_00', 'GET'],
        ['/api/v1/sessions/e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', 'GET'],
        ['/api/v1/sessions/e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9/expire', 'POST'],
        ['/api/v1/sessions/e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9/customer', 'DELETE'],
        ['/api/v1/provider-accounts', 'GET, POST'],
        ['/api/v1/provider-accounts/pa_1', 'GET, PATCH, DELETE'],
      ] as const) {
        const response = await call('PUT', route, ['webhooks:write'], '{}');
        expect(response.status, route).to.equal(405);
        expect(response.headers.get('allow')).to.equal(allow);
      }
    });

    it('should create, list, read, rotate and delete an endpoint, showing its secret only on create and rotate', async () => {
      const scopes = ['webhooks:write', 'webhooks:read'];
      const created = await call('POST', '/api/v1/webhook-endpoints', scopes, JSON.stringify({ url: 'https://m.example/h', enabledEvents: ['checkout.session.failed'], description: 'orders' }));
      expect(created.status).to.equal(201);
      const endpoint = (await created.json()) as { id: string; secret: string; status: string; description: string };
      expect(endpoint).to.include({ status: 'enabled', description: 'orders' });
      const listed = (await (await call('GET', '/api/v1/webhook-endpoints?limit=1', scopes)).json()) as { data: { id: string }[]; hasMore: boolean };
      expect(listed.data.map((item) => item.id)).to.include(endpoint.id);
      expect(JSON.stringify(listed)).not.to.contain(endpoint.secret);
      const rotated = (await (await call('POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, scopes)).json()) as { secret: string };
      expect(rotated.secret).to.match(/^whsec_/).and.not.to.equal(endpoint.secret);
      expect((await (await call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, scopes)).json())).to.deep.equal({ data: [], hasMore: false });
      expect((await call('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, scopes)).status).to.equal(204);
      expect((await call('DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, scopes)).status).to.equal(404);
    });
  });

  describe('problem pages', () => {
    it("should serve the page every problem's type URI names, with its status and code, and an index of them all", async () => {
      const index = await fetch(`${base}/problems`);
      expect(index.status).to.equal(200);
      const listing = await index.text();
      for (const code of Object.values(ErrorCode)) {
        const { status, title } = ERROR_ANSWERS[code];
        const page = await fetch(`${base}${problemType(code)}`);
        expect(page.status, code).to.equal(200);
        expect(page.headers.get('content-type')).to.match(/^text\/html/);
        const html = await page.text();
        expect(html, code).to.contain(`<h1>${title.replace(/'/g, '&#39;')}</h1>`).and.to.contain(`HTTP <strong>${status}</strong>`).and.to.contain(`code: "${code}"`);
        expect(listing).to.contain(`href="${problemType(code)}"`);
      }
    });

    it("should link an answer's type to its page, and answer an unknown type 404 problem+json", async () => {
      const refused = await fetch(`${base}/api/v1/sessions`, { method: 'POST' });
      const body = (await refused.json()) as { type: string; status: number; title: string };
      expect(body).to.include({ status: 401, title: ERROR_ANSWERS[ErrorCode.Unauthenticated].title });
      expect((await fetch(`${base}${body.type}`)).status).to.equal(200);
      const unknown = await fetch(`${base}/problems/no-such-problem`);
      expect(unknown.status).to.equal(404);
      expect(unknown.headers.get('content-type')).to.equal('application/problem+json');
      expect(await unknown.json()).to.include({ code: 'not_found', instance: '/problems/no-such-problem' });
    });
  });

  describe('malformed tokens (a fuzz)', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const payload = b64(JSON.stringify({ sub: 'app-1', scope: 'sessions:read', exp: 4102444800 }));
    const random = (seed: number, length: number) => {
      let state = seed;
      return Array.from({ length }, () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/%~!*'[state % 72];
      }).join('');
    };
    const algs = ['\u0000', 'none', 'None', 'HS256\"\r\n', '"><script>alert(1)</script>', 'x'.repeat(5000), 'RS256', 'HS512', '\u202e'];
    const tokens = [
      ...algs.map((alg) => `${b64(`{"alg":"${alg}","typ":"JWT"}`)}.${payload}.c2ln`),
      `${b64('{"alg":{"nested":true}}')}.${payload}.c2ln`,
      `${b64('{"alg":42}')}.${payload}.c2ln`,
      `${b64('{"alg":"HS256"')}.${payload}.c2ln`,
      `${b64('{"alg":"HS256"}')}.${b64('not json')}.c2ln`,
      `${b64('{"alg":"HS256"}')}.${payload}`,
      `${b64('{"alg":"HS256"}')}.${payload}.${'A'.repeat(12_000)}`,
      '...',
      'a.b.c.d.e',
      ...Array.from({ length: 40 }, (_, index) => random(index + 1, 1 + ((index * 37) % 400))),
    ];

    it('should answer every malformed token 401 problem+json, echoing none of it', async () => {
      for (const token of tokens) {
        const answer = await fetch(`${base}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } });
        const label = token.slice(0, 60);
        expect(answer.status, label).to.equal(401);
        expect(answer.headers.get('content-type'), label).to.equal('application/problem+json');
        const body = (await answer.json()) as { code: string; detail: string };
        expect(body.code, label).to.equal('unauthenticated');
        const echoed = `${answer.headers.get('www-authenticate')} ${body.detail}`;
        for (const part of token.split('.').filter((segment) => segment.length >= 4)) expect(echoed, label).not.to.contain(part);
        for (const alg of algs.filter((value) => value.length > 3 && value !== 'RS256' && value !== 'HS512')) expect(echoed, label).not.to.contain(alg.replace(/\\./g, ''));
      }
    });

    it('should answer headers too large for the server 431 problem+json', async () => {
      const answer = await fetch(`${base}/api/v1/sessions`, { headers: { authorization: `Bearer ${'A'.repeat(20_000)}` } });
      expect(answer.status).to.equal(431);
      expect(answer.headers.get('content-type')).to.equal('application/problem+json');
      expect(await answer.json()).to.include({ code: 'request_headers_too_large', status: 431 });
    });
  });

  describe('security headers', () => {
    it('should send one strict set of headers on every answer, and keep no API answer in a cache', async () => {
      const secretAnswer = await fetch(`${base}/api/v1/webhook-endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${signDevToken({ applicationId: 'headers-app', scopes: ['webhooks:write'], expiresInSeconds: 60, secret: SECRET, issuer: 'iss', audience: 'aud', mode: 'test' })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://m.example/h', enabledEvents: ['*'] }),
      });
      expect(secretAnswer.status).to.equal(201);
      for (const [answer, cached] of [
        [secretAnswer, false],
        [await fetch(`${base}/api/v1/sessions`), false],
        [await fetch(`${base}/docs`), true],
        [await fetch(`${base}/problems/not-found`), true],
      ] as const) {
        const csp = answer.headers.get('content-security-policy') ?? '';
        expect(csp).to.contain("frame-ancestors 'none'").and.to.contain("script-src 'self'").and.not.to.contain('unsafe-eval');
        expect(answer.headers.get('x-frame-options')).to.equal('DENY');
        expect(answer.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(answer.headers.get('referrer-policy')).to.equal('no-referrer');
        if (!cached) expect(answer.headers.get('cache-control'), answer.url).to.equal('no-store');
      }
    });

    it('should serve the API docs with no inline script, which the policy would block', async () => {
      const page = await (await fetch(`${base}/docs`)).text();
      expect([...page.matchAll(/<script([^>]*)>/g)].map((match) => match[1])).to.deep.equal([' src="/docs/swagger-ui-bundle.js"', ' src="/docs/init.js"']);
      expect(await (await fetch(`${base}/docs/init.js`)).text()).to.contain('SwaggerUIBundle');
    });
  });

  describe('the console at /console', () => {
    it('should serve the built app under its own strict policy: no inline script or style, calls to this origin only; its hashed assets cached for a year, its page revalidated', async () => {
      const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
      expect(redirect.status).to.equal(301);
      expect(redirect.headers.get('location')).to.equal('/console/');
      const page = await fetch(`${base}/console/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.contain('text/html');
      expect(page.headers.get('cache-control')).to.equal('no-cache');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).to.contain("default-src 'none'").and.to.contain("script-src 'self'").and.to.contain("style-src 'self'").and.to.contain("connect-src 'self'").and.to.contain("frame-ancestors 'none'");
      expect(csp).not.to.contain('unsafe-inline');
      expect(page.headers.get('x-frame-options')).to.equal('DENY');
      const html = await page.text();
      expect(html, 'no inline script: each script names its file').not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      const script = /<script type="module" src="\.\/(console-[\w]+\.js)">/.exec(html)![1]!;
      const style = /<link rel="stylesheet" href="\.\/(style-[\w]+\.css)"/.exec(html)![1]!;
      for (const asset of [script, style]) {
        const answer = await fetch(`${base}/console/${asset}`);
        expect(answer.status, asset).to.equal(200);
        expect(answer.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
      }
      const missing = await fetch(`${base}/console/nothing.js`);
      expect(missing.status).to.equal(404);
      expect(missing.headers.get('content-type')).to.contain('application/problem+json');
    });
  });

  describe('webhook endpoint creation: a cap per application, and Idempotency-Key', () => {
    const as = (applicationId: string) => signDevToken({ applicationId, scopes: ['webhooks:write', 'webhooks:read'], expiresInSeconds: 60, secret: SECRET, issuer: 'iss', audience: 'aud', mode: 'test' });
    const create = (applicationId: string, body: object, key?: string) =>
      fetch(`${base}/api/v1/webhook-endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as(applicationId)}`, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
        body: JSON.stringify(body),
      });
    const body = { url: 'https://m.example/hooks', enabledEvents: ['*'] };

    it('should refuse an endpoint past the cap with a 409 problem, not a 429', async () => {
      for (let i = 0; i < 3; i += 1) expect((await create('capped-app', body)).status).to.equal(201);
      const refused = await create('capped-app', body);
      expect(refused.status).to.equal(409);
      expect(await refused.json()).to.include({ code: 'webhook_endpoint_limit_reached', status: 409 });
      expect((await create('another-app', body)).status, 'the cap is per application').to.equal(201);
    });

    it('should give every retry with the same Idempotency-Key the same endpoint, and refuse the key with another body', async () => {
      const first = await create('keyed-app', body, 'endpoint-key-1');
      const again = await create('keyed-app', body, 'endpoint-key-1');
      expect([first.status, again.status]).to.deep.equal([201, 201]);
      const [one, two] = [(await first.json()) as { id: string; secret: string }, (await again.json()) as { id: string; secret: string }];
      expect(two).to.deep.equal(one);
      expect(one.secret).to.match(/^whsec_/);
      const listed = (await (await fetch(`${base}/api/v1/webhook-endpoints`, { headers: { authorization: `Bearer ${as('keyed-app')}` } })).json()) as { data: unknown[] };
      expect(listed.data).to.have.length(1);
      const reused = await create('keyed-app', { ...body, url: 'https://m.example/other' }, 'endpoint-key-1');
      expect(reused.status).to.equal(422);
      expect(await reused.json()).to.include({ code: 'idempotency_key_reused' });
      expect((await create('other-keyed-app', body, 'endpoint-key-1')).status, 'keys are per application').to.equal(201);
      expect((await create('keyed-app', body, 'k'.repeat(256))).status).to.equal(400);
    });
  });
});
