import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StandInServer, type Failure, type RecordedRequest, type StandInAnswer } from './stand-in-server';

/** A certificate for 127.0.0.1 made for this run by openssl, since the Adyen library only speaks HTTPS. */
export function loopbackCertificate(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'adyen-stand-in-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

type SessionStatus = 'active' | 'completed' | 'paymentPending' | 'refused' | 'canceled' | 'expired';

/**
 * Adyen's Checkout API as the official library meets it: JSON over HTTPS with X-API-Key and
 * Idempotency-Key headers, `/v72/sessions` answering a hosted-checkout session, `GET
 * /v72/sessions/{id}?sessionResult=` its result, Adyen's error body. It also plays the hosted page
 * a shopper pays on (Pay, Refuse, Cancel), which sends the shopper to the session's `returnUrl`
 * with `sessionId` and `sessionResult`, as Adyen does.
 */
export class AdyenStandIn extends StandInServer {
  private readonly byIdempotencyKey = new Map<string, Record<string, unknown>>();
  /** Each API key it knows, with the merchant accounts it may act for ('*': any). */
  private readonly apiKeys = new Map<string, Set<string> | '*'>([['AQE_test_api_key', '*']]);
  private readonly results = new Map<string, { sessionId: string; status: SessionStatus }>();

  /** What the hosted page does when the shopper finishes: the URL Adyen sends them to (returnUrl with sessionId and sessionResult). */
  finish(sessionId: string, status: Exclude<SessionStatus, 'active'>): string {
    const session = [...this.byIdempotencyKey.values()].find((each) => each.id === sessionId);
    if (!session) throw new Error(`no Adyen session ${sessionId}`);
    const sessionResult = this.id('res');
    this.results.set(sessionResult, { sessionId, status });
    const back = new URL(String(session.returnUrl));
    back.searchParams.set('sessionId', sessionId);
    back.searchParams.set('sessionResult', sessionResult);
    return back.toString();
  }

  /** Another web-service user's API key, allowed to act for these merchant accounts only. */
  allowKey(apiKey: string, ...merchantAccounts: string[]): void {
    this.apiKeys.set(apiKey, new Set(merchantAccounts));
  }

  lastSessionRequest(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const last = [...this.requests].reverse().find((r) => r.path === '/v72/sessions');
    return JSON.parse(last?.body ?? '{}');
  }

  protected handle(request: RecordedRequest): StandInAnswer {
    const page = /^\/checkoutshopper\/checkout\/session(?:\/(pay|refuse|cancel))?\?id=(\w+)$/.exec(request.path);
    if (page) return this.hostedPage(page[2]!, page[1] as 'pay' | 'refuse' | 'cancel' | undefined);
    const apiKey = String(request.headers['x-api-key']);
    const allowed = this.apiKeys.get(apiKey);
    if (!allowed || this.isRevoked(apiKey)) return this.failureBody('http401');
    const result = /^\/v72\/sessions\/(\w+)\?sessionResult=(\w+)$/.exec(request.path);
    if (request.method === 'GET' && result) return this.sessionResult(result[1]!, result[2]!);
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return { status: 415, body: { status: 415, errorCode: '000', message: 'Unsupported Media Type', errorType: 'validation' } };
    }
    const merchantAccount = (JSON.parse(request.body || '{}') as { merchantAccount?: string }).merchantAccount ?? '';
    if (allowed !== '*' && !allowed.has(merchantAccount)) {
      return { status: 403, body: { status: 403, errorCode: '901', message: 'Invalid Merchant Account', errorType: 'security' } };
    }
    if (request.method === 'POST' && request.path === '/v72/paymentMethods') return { status: 200, body: { paymentMethods: [{ name: 'Cards', type: 'scheme', brands: ['visa', 'mc'] }] } };
    if (request.method === 'POST' && request.path === '/v72/sessions') return this.createSession(request);
    return { status: 404, body: { status: 404, errorCode: '000', message: 'Not found', errorType: 'validation' } };
  }

  protected failureBody(failure: Exclude<Failure, 'timeout' | 'reset'>): { status: number; body: unknown } {
    const pspReference = this.id('').slice(0, 16).toUpperCase();
    switch (failure) {
      case 'http500':
        return { status: 500, body: { status: 500, errorCode: '905', message: 'Internal error', errorType: 'internal', pspReference } };
      case 'http429':
        return { status: 429, body: { status: 429, errorCode: '429', message: 'Too many requests', errorType: 'configuration', pspReference } };
      case 'http401':
        return { status: 401, body: { status: 401, errorCode: '000', message: 'HTTP Status Response - Unauthorized', errorType: 'security' } };
      case 'http400':
        return { status: 422, body: { status: 422, errorCode: '702', message: 'Required field missing', errorType: 'validation', pspReference } };
    }
  }

  private createSession(request: RecordedRequest): { status: number; body: unknown } {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > 64) {
      return { status: 422, body: { status: 422, errorCode: '000', message: 'Idempotency-Key must be 1 to 64 characters in this stand-in', errorType: 'validation' } };
    }
    const replay = this.byIdempotencyKey.get(key);
    if (replay) return { status: 201, body: replay };
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const id = `CS${this.id('').toUpperCase().slice(0, 18)}`;
    const session = {
      ...body,
      id,
      mode: 'hosted',
      sessionData: `Ab02b4c0!${Buffer.from(id).toString('base64')}`,
      url: `${this.baseUrl}/checkoutshopper/checkout/session?id=${id}`,
    };
    this.byIdempotencyKey.set(key, session);
    return { status: 201, body: session };
  }

  private sessionResult(sessionId: string, sessionResult: string): StandInAnswer {
    const result = this.results.get(sessionResult);
    if (!result || result.sessionId !== sessionId) return { status: 422, body: { status: 422, errorCode: '14_0417', message: 'Invalid sessionResult', errorType: 'validation' } };
    const session = [...this.byIdempotencyKey.values()].find((each) => each.id === sessionId)!;
    return { status: 200, body: { id: sessionId, reference: session.reference, status: result.status } };
  }

  private hostedPage(sessionId: string, action: 'pay' | 'refuse' | 'cancel' | undefined): StandInAnswer {
    if (action) return { status: 303, location: this.finish(sessionId, action === 'pay' ? 'completed' : action === 'refuse' ? 'refused' : 'canceled') };
    const button = (verb: string, label: string) => `<form method="post" action="/checkoutshopper/checkout/session/${verb}?id=${sessionId}"><button type="submit">${label}</button></form>`;
    return { status: 200, html: `<!doctype html><title>Adyen stand-in</title><h1>Adyen hosted checkout (stand-in)</h1>${button('pay', 'Pay')}${button('refuse', 'Refuse')}${button('cancel', 'Cancel')}` };
  }
}
