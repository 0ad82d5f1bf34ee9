import { StandInServer, type Failure, type RecordedRequest } from './stand-in-server';

/**
 * Stripe's API as the official SDK meets it: form-encoded POSTs with a Bearer secret key and an
 * Idempotency-Key, JSON objects back, Stripe's error envelope, and replays for a reused key.
 */
export class StripeStandIn extends StandInServer {
  readonly sessions = new Map<string, Record<string, unknown>>();
  private readonly byIdempotencyKey = new Map<string, Record<string, unknown>>();

  /** The form of the last Checkout Session creation, flat: `line_items[0][price_data][unit_amount]` → "11900". */
  lastForm(): Record<string, string> {
    const last = [...this.requests].reverse().find((r) => r.path === '/v1/checkout/sessions');
    return Object.fromEntries(new URLSearchParams(last?.body ?? ''));
  }

  protected handle(request: RecordedRequest): { status: number; body: unknown } {
    const key = /^Bearer ((sk|rk)_(test|live)_\w+)$/.exec(String(request.headers.authorization))?.[1];
    if (!key || this.isRevoked(key)) {
      return { status: 401, body: { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${key ? `${key.slice(0, 8)}${'*'.repeat(12)}${key.slice(-4)}` : 'none'}` } } };
    }
    if (request.method === 'GET' && request.path === '/v1/balance') {
      return { status: 200, body: { object: 'balance', available: [{ amount: 0, currency: 'aud', source_types: { card: 0 } }], pending: [], livemode: key.includes('_live_') } };
    }
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return { status: 400, body: { error: { type: 'invalid_request_error', message: 'Stripe expects form-encoded bodies.' } } };
    }
    if (request.method === 'POST' && request.path === '/v1/checkout/sessions') return this.createSession(request);
    const expire = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(request.path);
    if (request.method === 'POST' && expire) return this.expireSession(expire[1]!);
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.path}).` } } };
  }

  protected failureBody(failure: Exclude<Failure, 'timeout' | 'reset'>): { status: number; body: unknown } {
    switch (failure) {
      case 'http500':
        return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } };
      case 'http429':
        return { status: 429, body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } } };
      case 'http401':
        return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } } };
      case 'http400':
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'line_items[0][price_data][unit_amount]', message: 'Invalid integer' } } };
    }
  }

  private createSession(request: RecordedRequest): { status: number; body: unknown } {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return { status: 400, body: { error: { type: 'invalid_request_error', message: 'Checkout Sessions need an Idempotency-Key in this stand-in.' } } };
    const replay = this.byIdempotencyKey.get(key);
    if (replay) return { status: 200, body: replay };
    const form = Object.fromEntries(new URLSearchParams(request.body));
    let amountTotal = 0;
    for (let i = 0; form[`line_items[${i}][quantity]`] !== undefined; i += 1) {
      amountTotal += Number(form[`line_items[${i}][quantity]`]) * Number(form[`line_items[${i}][price_data][unit_amount]`]);
    }
    const id = this.id('cs_test_');
    const session = {
      id,
      object: 'checkout.session',
      mode: form.mode,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: amountTotal,
      currency: form['line_items[0][price_data][currency]'],
      client_reference_id: form.client_reference_id ?? null,
      customer_email: form.customer_email ?? null,
      expires_at: Number(form.expires_at),
      locale: form.locale ?? null,
      metadata: { sessionId: form['metadata[sessionId]'], orderReference: form['metadata[orderReference]'] },
      success_url: form.success_url,
      cancel_url: form.cancel_url,
      url: `https://checkout.stripe.com/c/pay/${id}`,
      livemode: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.sessions.set(id, session);
    this.byIdempotencyKey.set(key, session);
    return { status: 200, body: session };
  }

  private expireSession(id: string): { status: number; body: unknown } {
    const session = this.sessions.get(id);
    if (!session) return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${id}'` } } };
    if (session.status !== 'open') {
      return { status: 400, body: { error: { type: 'invalid_request_error', message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".` } } };
    }
    session.status = 'expired';
    session.url = null;
    return { status: 200, body: session };
  }
}
