import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Checkout, CheckoutError } from '@checkout/client';

type Step = (request: IncomingMessage, response: ServerResponse) => void;

/** An HTTP server on a real socket that answers each request with the next scripted step. */
async function scriptedApi(steps: Step[]): Promise<{ url: string; requests: IncomingMessage[]; close: () => Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    request.resume();
    request.on('end', () => (steps.shift() ?? ((_, r) => r.writeHead(500).end()))(request, response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step => (_, response) =>
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers }).end(JSON.stringify(body));
const hangUp: Step = (request) => request.socket.destroy();
const created = { sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', checkoutUrl: 'https://pay.example/1', status: 'PENDING', routing: { selectedProvider: 'sandbox', score: 90 }, expiresAt: '2024-01-15T12:00:00Z', createdAt: '2024-01-15T11:00:00Z' };
const body = { orderReference: 'ORD-1' } as never;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

describe('the client over HTTP (a scripted server on a real socket)', () => {
  it('should retry a dropped connection, 503, 409 and 429 (after its Retry-After) with one Idempotency-Key, and return the 201', async () => {
    const api = await scriptedApi([hangUp, json(503, { code: 'service_unavailable' }), json(409, { code: 'request_in_progress' }, { 'retry-after': '0' }), json(429, { code: 'rate_limited' }, { 'retry-after': '0' }), json(201, created)]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: { ...fast, maxAttempts: 6 } });
      expect(await checkout.sessions.create(body)).to.deep.equal(created);
      const keys = api.requests.map((request) => request.headers['idempotency-key']);
      expect(keys).to.have.length(5);
      expect(new Set(keys).size).to.equal(1);
      expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
      expect(api.requests.every((request) => request.headers.authorization === 'Bearer tok')).to.equal(true);
    } finally {
      await api.close();
    }
  });

  it('should follow a 202 by replaying the same request until the 201, and give up at the deadline with a timeout', async () => {
    const processing = { ...created, checkoutUrl: null, status: 'PROCESSING', routing: null };
    const api = await scriptedApi([json(202, processing, { 'retry-after': '0' }), json(202, processing, { 'retry-after': '0' }), json(201, created)]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: fast });
      expect(await checkout.sessions.create(body, { idempotencyKey: 'mine' })).to.deep.equal(created);
      expect(api.requests.map((request) => request.headers['idempotency-key'])).to.deep.equal(['mine', 'mine', 'mine']);
    } finally {
      await api.close();
    }
    const stuck = await scriptedApi([json(202, processing, { 'retry-after': '1' })]);
    try {
      const error = await new Checkout({ baseUrl: stuck.url, token: 'tok', retry: fast }).sessions.create(body, { deadlineMs: 500 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CheckoutError);
      expect(error).to.include({ status: 0, code: 'timeout', sessionId: created.sessionId });
    } finally {
      await stuck.close();
    }
  });

  it('should throw the problem as a CheckoutError at once for what the caller must fix', async () => {
    const problem = { type: '/problems/validation-failed', title: 'Invalid request body', status: 400, detail: 'see errors', code: 'validation_failed', errors: [{ pointer: '/currency', detail: 'is required' }] };
    const api = await scriptedApi([json(400, problem), (_, response) => response.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>')]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: { ...fast, maxAttempts: 1 } });
      const error = (await checkout.sessions.create(body).catch((e: unknown) => e)) as CheckoutError;
      expect(error).to.be.instanceOf(CheckoutError);
      expect(error).to.deep.include({ status: 400, code: 'validation_failed', title: 'Invalid request body', errors: [{ pointer: '/currency', detail: 'is required' }] });
      expect(api.requests).to.have.length(1);
      const proxy = (await checkout.sessions.retrieve(created.sessionId).catch((e: unknown) => e)) as CheckoutError;
      expect(proxy).to.deep.include({ status: 502, code: 'http_502' });
    } finally {
      await api.close();
    }
  });

  it('should give up after its attempts with a network_error', async () => {
    const checkout = new Checkout({ baseUrl: 'http://127.0.0.1:9', token: 'tok', retry: { ...fast, maxAttempts: 3 } });
    const error = (await checkout.sessions.retrieve(created.sessionId).catch((e: unknown) => e)) as CheckoutError;
    expect(error).to.be.instanceOf(CheckoutError);
    expect(error).to.include({ status: 0, code: 'network_error' });
  });

  it('should walk every page of a list as one iterator', async () => {
    const event = (n: number) => ({ id: `evt_${n}`, type: 'checkout.session.expired', createdAt: '2024-01-15T11:00:00Z', data: { object: {} } });
    const api = await scriptedApi([json(200, { data: [event(3), event(2)], hasMore: true }), json(200, { data: [event(1)], hasMore: false })]);
    try {
      const seen: string[] = [];
      for await (const item of new Checkout({ baseUrl: `${api.url}/`, token: () => 'fresh', retry: fast }).events.list({ limit: 2, type: 'checkout.session.expired' })) seen.push(item.id);
      expect(seen).to.deep.equal(['evt_3', 'evt_2', 'evt_1']);
      expect(api.requests.map((request) => request.url)).to.deep.equal(['/api/v1/events?limit=2&type=checkout.session.expired', '/api/v1/events?limit=2&type=checkout.session.expired&startingAfter=evt_2']);
      expect(api.requests[0]!.headers.authorization).to.equal('Bearer fresh');
    } finally {
      await api.close();
    }
  });

  it('should create a provider account with one Idempotency-Key on every try, and not retry a conflict the caller must resolve', async () => {
    const account = { id: 'pa_1', object: 'provider_account', provider: 'stripe', label: 'AU', mode: 'live', status: 'enabled', statusReason: null, credentialsHint: '4242', constraints: null, fees: null, webhookUrl: '/webhooks/stripe/pa_1', createdAt: '2024-01-15T11:00:00Z', updatedAt: '2024-01-15T11:00:00Z' };
    const enabled = { type: '/problems/provider-account-enabled', title: 'Provider account still enabled', status: 409, detail: 'disable it first', code: 'provider_account_enabled' };
    const api = await scriptedApi([hangUp, json(503, { code: 'service_unavailable' }), json(201, account), json(409, enabled), json(200, { ...account, status: 'disabled' }), (_, response) => response.writeHead(204).end()]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: { ...fast, maxAttempts: 4 } });
      expect(await checkout.providerAccounts.create({ provider: 'stripe', label: 'AU', credentials: { secretKey: 'sk_live_x', webhookSecret: 'whsec_x' } })).to.deep.equal(account);
      const keys = api.requests.slice(0, 3).map((request) => request.headers['idempotency-key']);
      expect(new Set(keys).size, 'the same key on each of the three tries').to.equal(1);
      expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
      const conflict = (await checkout.providerAccounts.delete('pa_1').catch((e: unknown) => e)) as CheckoutError;
      expect(conflict).to.include({ status: 409, code: 'provider_account_enabled' });
      expect(api.requests, 'a 409 without Retry-After is not retried').to.have.length(4);
      expect((await checkout.providerAccounts.disable('pa_1')).status).to.equal('disabled');
      expect([api.requests[4]!.method, api.requests[4]!.url]).to.deep.equal(['PATCH', '/api/v1/provider-accounts/pa_1']);
      await checkout.providerAccounts.delete('pa_1');
      expect([api.requests[5]!.method, api.requests[5]!.url]).to.deep.equal(['DELETE', '/api/v1/provider-accounts/pa_1']);
    } finally {
      await api.close();
    }
  });

  it('should retry a webhook endpoint creation only with one Idempotency-Key, and never send a keyless POST twice', async () => {
    const endpoint = { id: 'we_1', livemode: false, url: 'https://merchant.example/hooks', enabledEvents: ['*'], status: 'enabled', description: null, createdAt: '2024-01-15T11:00:00Z', disabledReason: null };
    const api = await scriptedApi([hangUp, json(503, { code: 'service_unavailable' }), json(201, { ...endpoint, secret: 'whsec_a' }), json(503, { code: 'service_unavailable' }), hangUp, json(429, { code: 'rate_limited' }, { 'retry-after': '0' }), json(202, { id: 'dlv_1' })]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: { ...fast, maxAttempts: 4 } });
      expect((await checkout.webhookEndpoints.create({ url: endpoint.url, enabledEvents: ['*'] })).secret).to.equal('whsec_a');
      const keys = api.requests.slice(0, 3).map((request) => request.headers['idempotency-key']);
      expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size, 'the same key on each try').to.equal(1);

      const rotate = (await checkout.webhookEndpoints.rotateSecret('we_1').catch((e: unknown) => e)) as CheckoutError;
      expect(rotate).to.include({ status: 503 });
      expect(api.requests, 'a 503 to a keyless POST is not sent again: the secret may have been rotated').to.have.length(4);
      const lost = (await checkout.webhookEndpoints.sendTest('we_1').catch((e: unknown) => e)) as CheckoutError;
      expect(lost).to.include({ code: 'network_error' });
      expect(api.requests, 'nor is one whose answer was lost').to.have.length(5);
      expect((await checkout.webhookEndpoints.sendTest('we_1')).id, 'a 429 is: nothing was done').to.equal('dlv_1');
      expect(api.requests).to.have.length(7);
    } finally {
      await api.close();
    }
  });

  it('should not retry a permanent 4xx: expiring a session no longer pending is asked once', async () => {
    const notPending = { type: '/problems/session-not-pending', title: 'Session not pending', status: 409, detail: 'it is COMPLETED', code: 'session_not_pending' };
    const api = await scriptedApi([json(409, notPending), json(422, { code: 'validation_failed' })]);
    try {
      const checkout = new Checkout({ baseUrl: api.url, token: 'tok', retry: fast });
      expect(await checkout.sessions.expire(created.sessionId).catch((e: unknown) => e)).to.include({ status: 409, code: 'session_not_pending' });
      expect(await checkout.webhookEndpoints.replay('we_1', { from: '2024-01-15T00:00:00Z', to: '2024-01-14T00:00:00Z' }).catch((e: unknown) => e)).to.include({ status: 422 });
      expect(api.requests).to.have.length(2);
      expect(api.requests[1]!.headers['idempotency-key'], 'a replay is asked for with a key').to.match(/^[0-9a-f-]{36}$/);
    } finally {
      await api.close();
    }
  });
});
