import { CheckoutError } from './errors';
import type { Transport } from './transport';
import type {
  CheckoutEvent,
  CreatedSession,
  CreateSessionRequest,
  CreateProviderAccountRequest,
  CreateWebhookEndpointRequest,
  CreateWebhookReplayRequest,
  RoutingSummary,
  RoutingSummaryParams,
  WebhookReplay,
  ProviderAccount,
  UpdateProviderAccountRequest,
  UpdateWebhookEndpointRequest,
  ListEventsParams,
  ListSessionsParams,
  PageParams,
  ProcessingSession,
  Session,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './types';

const segment = (id: string) => encodeURIComponent(id);

/** A page of a list: its items, and whether more follow the last. */
export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** Every item of a cursor-paginated list, a page at a time, as the caller iterates. */
async function* everyItem<T>(transport: Transport, path: string, params: Record<string, string | number | undefined>, idOf: (item: T) => string): AsyncGenerator<T> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await transport.send<{ data: T[]; hasMore: boolean }>({ method: 'GET', path, query: { ...params, startingAfter } });
    yield* page.body.data;
    const last = page.body.data.at(-1);
    if (!page.body.hasMore || !last) return;
    startingAfter = idOf(last);
  }
}

export interface CreateSessionOptions {
  /** The key that makes retries safe; one is made (a UUID) when none is given. Reuse it to retry later. */
  idempotencyKey?: string;
  /** How long to follow a 202 (replaying the request) before giving up with a `timeout` CheckoutError. */
  deadlineMs?: number;
}

export class Sessions {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a checkout session and resolves with the final 201 body. Network errors, 409 (the same
   * key in flight), 429 and 5xx are retried with backoff and jitter, and a 202 is followed by
   * replaying the request as its Retry-After says, always with the same Idempotency-Key: however
   * often it is sent, there is one session.
   */
  async create(body: CreateSessionRequest, options: CreateSessionOptions = {}): Promise<CreatedSession> {
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    const deadline = Date.now() + (options.deadlineMs ?? 60_000);
    for (;;) {
      const answer = await this.transport.send<CreatedSession | ProcessingSession>({ method: 'POST', path: '/api/v1/sessions', body, headers: { 'idempotency-key': idempotencyKey } });
      if (answer.status === 201) return answer.body as CreatedSession;
      const waitMs = Math.max(0, Number(answer.headers.get('retry-after') ?? 1)) * 1000;
      if (Date.now() + waitMs > deadline) {
        throw new CheckoutError({
          status: 0,
          code: 'timeout',
          title: 'Session still processing',
          detail: `Session ${answer.body.sessionId} was still PROCESSING at the deadline; create it again with Idempotency-Key ${idempotencyKey} for its final answer.`,
          sessionId: answer.body.sessionId,
        });
      }
      await this.transport.pause(waitMs);
    }
  }

  retrieve(sessionId: string): Promise<Session> {
    return this.transport.send<Session>({ method: 'GET', path: `/api/v1/sessions/${segment(sessionId)}` }).then((answer) => answer.body);
  }

  /** Ends a PENDING session now; a CheckoutError `session_not_pending` (409) for any other state. */
  async expire(sessionId: string): Promise<Session> {
    return (await this.transport.send<Session>({ method: 'POST', path: `/api/v1/sessions/${segment(sessionId)}/expire` })).body;
  }

  /** Erases the shopper's data and additionalInformation of a decided session now (audited as checkout.session.customer_erased). */
  async eraseCustomer(sessionId: string): Promise<Session> {
    return (await this.transport.send<Session>({ method: 'DELETE', path: `/api/v1/sessions/${segment(sessionId)}/customer` })).body;
  }

  /** One page of sessions matching the filters, newest first: pass the last sessionId as `startingAfter` for the next (what a paged screen wants). */
  async page(params: ListSessionsParams & { startingAfter?: string } = {}): Promise<Page<Session>> {
    return (await this.transport.send<Page<Session>>({ method: 'GET', path: '/api/v1/sessions', query: params })).body;
  }

  /** Every session matching the filters, newest first, fetching page after page as you iterate. */
  list(params: ListSessionsParams = {}): AsyncGenerator<Session> {
    return everyItem<Session>(this.transport, '/api/v1/sessions', params, (session) => session.sessionId);
  }
}

export class WebhookEndpoints {
  constructor(private readonly transport: Transport) {}

  /** The endpoint with its signing secret, shown this once. Retried only with one Idempotency-Key (made when none is given): never a second endpoint. */
  async create(body: CreateWebhookEndpointRequest, options: IdempotencyOptions = {}): Promise<WebhookEndpointWithSecret> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? globalThis.crypto.randomUUID() };
    return (await this.transport.send<WebhookEndpointWithSecret>({ method: 'POST', path: '/api/v1/webhook-endpoints', body, headers })).body;
  }

  async retrieve(endpointId: string): Promise<WebhookEndpoint> {
    return (await this.transport.send<WebhookEndpoint>({ method: 'GET', path: `/api/v1/webhook-endpoints/${segment(endpointId)}` })).body;
  }

  list(params: PageParams = {}): AsyncGenerator<WebhookEndpoint> {
    return everyItem<WebhookEndpoint>(this.transport, '/api/v1/webhook-endpoints', params, (endpoint) => endpoint.id);
  }

  /** URL, subscribed events, description or status (`enabled` re-enables one disabled after failing). */
  async update(endpointId: string, body: UpdateWebhookEndpointRequest): Promise<WebhookEndpoint> {
    return (await this.transport.send<WebhookEndpoint>({ method: 'PATCH', path: `/api/v1/webhook-endpoints/${segment(endpointId)}`, body })).body;
  }

  async delete(endpointId: string): Promise<void> {
    await this.transport.send<void>({ method: 'DELETE', path: `/api/v1/webhook-endpoints/${segment(endpointId)}` });
  }

  /** A new secret, shown this once; the old one signs beside it for 24 hours. Never sent twice by the client: a lost answer means reading the endpoint, not rotating again. */
  async rotateSecret(endpointId: string): Promise<WebhookEndpointWithSecret> {
    return (await this.transport.send<WebhookEndpointWithSecret>({ method: 'POST', path: `/api/v1/webhook-endpoints/${segment(endpointId)}/rotate-secret` })).body;
  }

  /** Every delivery to the endpoint, newest first, each with its attempts. */
  deliveries(endpointId: string, params: PageParams = {}): AsyncGenerator<WebhookDelivery> {
    return everyItem<WebhookDelivery>(this.transport, `/api/v1/webhook-endpoints/${segment(endpointId)}/deliveries`, params, (delivery) => delivery.id);
  }

  /** One page of its deliveries, newest first: pass the last delivery's id as `startingAfter` for the next. */
  async deliveryPage(endpointId: string, params: PageParams & { startingAfter?: string } = {}): Promise<Page<WebhookDelivery>> {
    return (await this.transport.send<Page<WebhookDelivery>>({ method: 'GET', path: `/api/v1/webhook-endpoints/${segment(endpointId)}/deliveries`, query: params })).body;
  }

  /** Enables an endpoint again (one disabled after failing starts its failure record afresh). */
  enable(endpointId: string): Promise<WebhookEndpoint> {
    return this.update(endpointId, { status: 'enabled' });
  }

  /** Queues a `webhook_endpoint.test` event to this endpoint alone; the delivery to follow. Not retried by the client. */
  async sendTest(endpointId: string): Promise<WebhookDelivery> {
    return (await this.transport.send<WebhookDelivery>({ method: 'POST', path: `/api/v1/webhook-endpoints/${segment(endpointId)}/test` })).body;
  }

  /** Sends what the endpoint missed in [from, to) again, one event at a time, in order. Retried only with one Idempotency-Key: never two replays. */
  async replay(endpointId: string, body: CreateWebhookReplayRequest, options: IdempotencyOptions = {}): Promise<WebhookReplay> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? globalThis.crypto.randomUUID() };
    return (await this.transport.send<WebhookReplay>({ method: 'POST', path: `/api/v1/webhook-endpoints/${segment(endpointId)}/replays`, body, headers })).body;
  }

  async retrieveReplay(endpointId: string, replayId: string): Promise<WebhookReplay> {
    return (await this.transport.send<WebhookReplay>({ method: 'GET', path: `/api/v1/webhook-endpoints/${segment(endpointId)}/replays/${segment(replayId)}` })).body;
  }

  replays(endpointId: string, params: PageParams = {}): AsyncGenerator<WebhookReplay> {
    return everyItem<WebhookReplay>(this.transport, `/api/v1/webhook-endpoints/${segment(endpointId)}/replays`, params, (replay) => replay.id);
  }
}

export interface IdempotencyOptions {
  /** Makes retries safe: one is made (a UUID) when none is given; pass your own to retry across restarts. */
  idempotencyKey?: string;
}

export class Events {
  constructor(private readonly transport: Transport) {}

  async retrieve(eventId: string): Promise<CheckoutEvent> {
    return (await this.transport.send<CheckoutEvent>({ method: 'GET', path: `/api/v1/events/${segment(eventId)}` })).body;
  }

  /** Sends the event to one endpoint again now, with the same webhook-id as before. Not retried by the client (resending twice is harmless, but the client does not guess). */
  async resend(eventId: string, endpointId: string): Promise<WebhookDelivery> {
    return (await this.transport.send<WebhookDelivery>({ method: 'POST', path: `/api/v1/events/${segment(eventId)}/resend`, body: { endpointId } })).body;
  }

  /** Every event of the application, newest first, delivered or not: to catch up on what an endpoint missed. */
  list(params: ListEventsParams = {}): AsyncGenerator<CheckoutEvent> {
    return everyItem<CheckoutEvent>(this.transport, '/api/v1/events', params, (event) => event.id);
  }
}

export type CreateProviderAccountOptions = IdempotencyOptions;

/** How routing shared the sessions among the provider accounts. */
export class Routing {
  constructor(private readonly transport: Transport) {}

  /** Per account and per hour or day, for [from, to) (the last 7 days by default). */
  async summary(params: RoutingSummaryParams = {}): Promise<RoutingSummary> {
    return (await this.transport.send<RoutingSummary>({ method: 'GET', path: '/api/v1/routing/summary', query: params })).body;
  }
}

/** The application's own accounts at the providers: credentials go in once and are never shown again. */
export class ProviderAccounts {
  constructor(private readonly transport: Transport) {}

  /** Checked with the provider first: a CheckoutError `provider_credentials_invalid` (422) when it refuses them. Retried only with one Idempotency-Key. */
  async create(body: CreateProviderAccountRequest, options: CreateProviderAccountOptions = {}): Promise<ProviderAccount> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? globalThis.crypto.randomUUID() };
    return (await this.transport.send<ProviderAccount>({ method: 'POST', path: '/api/v1/provider-accounts', body, headers })).body;
  }

  async retrieve(accountId: string): Promise<ProviderAccount> {
    return (await this.transport.send<ProviderAccount>({ method: 'GET', path: `/api/v1/provider-accounts/${segment(accountId)}` })).body;
  }

  list(params: PageParams = {}): AsyncGenerator<ProviderAccount> {
    return everyItem<ProviderAccount>(this.transport, '/api/v1/provider-accounts', params, (account) => account.id);
  }

  /** Label, status, constraints, fees or new credentials (checked first); the same PATCH twice changes nothing more. */
  async update(accountId: string, body: UpdateProviderAccountRequest): Promise<ProviderAccount> {
    return (await this.transport.send<ProviderAccount>({ method: 'PATCH', path: `/api/v1/provider-accounts/${segment(accountId)}`, body })).body;
  }

  /** Stops routing to it at once; its open sessions still complete. */
  disable(accountId: string): Promise<ProviderAccount> {
    return this.update(accountId, { status: 'disabled' });
  }

  /** Only a disabled account: a CheckoutError `provider_account_enabled` (409) otherwise. */
  async delete(accountId: string): Promise<void> {
    await this.transport.send<void>({ method: 'DELETE', path: `/api/v1/provider-accounts/${segment(accountId)}` });
  }
}
