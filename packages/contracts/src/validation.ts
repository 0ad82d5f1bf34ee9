import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EventTypes, type EventPayloads, type EventType } from './events';
import type { FieldError } from './problem';
import { createSessionRequestSchema, type CreateSessionRequest } from './schemas/create-session-request';
import {
  sessionFailedSchema,
  sessionReadySchema,
  sessionRequestedSchema,
  sessionRoutedSchema,
  sessionStatusChangedSchema,
  providerAccountCredentialsRejectedSchema,
  sessionCustomerErasedSchema,
  type SessionCustomerErased,
  type ProviderAccountCredentialsRejected,
  type SessionFailed,
  type SessionReady,
  type SessionRequested,
  type SessionRouted,
  type SessionStatusChanged,
} from './schemas/events';
import { eventsQuerySchema, pageQuerySchema, sessionsQuerySchema, type EventsQuery, type PageQuery, type SessionsQuery } from './schemas/list-queries';
import {
  createWebhookEndpointRequestSchema,
  createWebhookReplayRequestSchema,
  resendEventRequestSchema,
  updateWebhookEndpointRequestSchema,
  type CreateWebhookEndpointRequest,
  type CreateWebhookReplayRequest,
  type ResendEventRequest,
  type UpdateWebhookEndpointRequest,
} from './schemas/webhooks';
import { routingSummaryQuerySchema, type RoutingSummaryQuery } from './schemas/routing-summary';
import {
  createProviderAccountRequestSchema,
  providerCredentialsSchemas,
  updateProviderAccountRequestSchema,
  type AdyenCredentialsInput,
  type CreateProviderAccountRequest,
  type StripeCredentialsInput,
  type UpdateProviderAccountRequest,
} from './schemas/provider-accounts';

/** The list routes' queries, by the schema each is validated with. */
export interface ListQueries {
  page: PageQuery;
  sessions: SessionsQuery;
  events: EventsQuery;
  routingSummary: RoutingSummaryQuery;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns ajv's errors into RFC 9457 field errors, each pointing at the field concerned. */
export function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    let pointer = error.instancePath;
    let detail = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      pointer += `/${escapePointerToken(String(error.params.missingProperty))}`;
      detail = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      pointer += `/${escapePointerToken(String(error.params.additionalProperty))}`;
      detail = 'is not a known field';
    } else if (error.keyword === 'enum') {
      detail = `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
    }
    const entry = { pointer: pointer === '' ? '/' : pointer, detail };
    const signature = `${entry.pointer} ${entry.detail}`;
    if (!seen.has(signature)) {
      seen.add(signature);
      result.push(entry);
    }
  }
  return result;
}

/** Every contract schema compiled once; one instance per service, made in its main. */
export class ContractValidator {
  private readonly createSession: ValidateFunction<CreateSessionRequest>;
  private readonly events: { [T in EventType]: ValidateFunction<EventPayloads[T]> };
  private readonly createWebhookEndpoint: ValidateFunction<CreateWebhookEndpointRequest>;
  private readonly updateWebhookEndpoint: ValidateFunction<UpdateWebhookEndpointRequest>;
  private readonly resendEvent: ValidateFunction<ResendEventRequest>;
  private readonly createWebhookReplay: ValidateFunction<CreateWebhookReplayRequest>;
  private readonly queries: { [K in keyof ListQueries]: ValidateFunction<ListQueries[K]> };
  private readonly createProviderAccount: ValidateFunction<CreateProviderAccountRequest>;
  private readonly updateProviderAccount: ValidateFunction<UpdateProviderAccountRequest>;
  private readonly credentials: { stripe: ValidateFunction<StripeCredentialsInput>; adyen: ValidateFunction<AdyenCredentialsInput> };

  constructor() {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv, ['email', 'uri', 'uuid', 'date-time']);
    this.createSession = ajv.compile<CreateSessionRequest>(createSessionRequestSchema);
    this.createWebhookEndpoint = ajv.compile<CreateWebhookEndpointRequest>(createWebhookEndpointRequestSchema);
    this.updateWebhookEndpoint = ajv.compile<UpdateWebhookEndpointRequest>(updateWebhookEndpointRequestSchema);
    this.resendEvent = ajv.compile<ResendEventRequest>(resendEventRequestSchema);
    this.createWebhookReplay = ajv.compile<CreateWebhookReplayRequest>(createWebhookReplayRequestSchema);
    this.createProviderAccount = ajv.compile<CreateProviderAccountRequest>(createProviderAccountRequestSchema);
    this.updateProviderAccount = ajv.compile<UpdateProviderAccountRequest>(updateProviderAccountRequestSchema);
    this.credentials = { stripe: ajv.compile<StripeCredentialsInput>(providerCredentialsSchemas.stripe), adyen: ajv.compile<AdyenCredentialsInput>(providerCredentialsSchemas.adyen) };
    // Query strings are text: their numbers are coerced, their defaults filled in.
    const queries = new Ajv({ allErrors: true, strict: true, coerceTypes: true, useDefaults: true });
    addFormats(queries, ['uuid', 'date-time']);
    this.queries = {
      page: queries.compile<PageQuery>(pageQuerySchema),
      sessions: queries.compile<SessionsQuery>(sessionsQuerySchema),
      events: queries.compile<EventsQuery>(eventsQuerySchema),
      routingSummary: queries.compile<RoutingSummaryQuery>(routingSummaryQuerySchema),
    };
    this.events = {
      [EventTypes.sessionRequested]: ajv.compile<SessionRequested>(sessionRequestedSchema),
      [EventTypes.sessionRouted]: ajv.compile<SessionRouted>(sessionRoutedSchema),
      [EventTypes.sessionReady]: ajv.compile<SessionReady>(sessionReadySchema),
      [EventTypes.sessionFailed]: ajv.compile<SessionFailed>(sessionFailedSchema),
      [EventTypes.sessionStatusChanged]: ajv.compile<SessionStatusChanged>(sessionStatusChangedSchema),
      [EventTypes.providerAccountCredentialsRejected]: ajv.compile<ProviderAccountCredentialsRejected>(providerAccountCredentialsRejectedSchema),
      [EventTypes.sessionCustomerErased]: ajv.compile<SessionCustomerErased>(sessionCustomerErasedSchema),
    };
  }

  createSessionRequest(body: unknown): Validation<CreateSessionRequest> {
    if (this.createSession(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.createSession.errors ?? []) };
  }

  createWebhookEndpointRequest(body: unknown): Validation<CreateWebhookEndpointRequest> {
    if (this.createWebhookEndpoint(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.createWebhookEndpoint.errors ?? []) };
  }

  updateWebhookEndpointRequest(body: unknown): Validation<UpdateWebhookEndpointRequest> {
    if (this.updateWebhookEndpoint(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.updateWebhookEndpoint.errors ?? []) };
  }

  resendEventRequest(body: unknown): Validation<ResendEventRequest> {
    if (this.resendEvent(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.resendEvent.errors ?? []) };
  }

  createWebhookReplayRequest(body: unknown): Validation<CreateWebhookReplayRequest> {
    if (this.createWebhookReplay(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.createWebhookReplay.errors ?? []) };
  }

  createProviderAccountRequest(body: unknown): Validation<CreateProviderAccountRequest> {
    if (this.createProviderAccount(body)) return { ok: true, value: body };
    // The if/then branches repeat what the credentials' own schema says: keep the field errors, not ajv's "must match then".
    const errors = toFieldErrors((this.createProviderAccount.errors ?? []).filter((error) => error.keyword !== 'if' && error.keyword !== 'not'));
    // The one `not`: the sandbox's rule that it takes no credentials.
    if (this.createProviderAccount.errors?.some((error) => error.keyword === 'not')) errors.push({ pointer: '/credentials', detail: 'must be left out: the sandbox has no credentials' });
    return { ok: false, errors };
  }

  updateProviderAccountRequest(body: unknown): Validation<UpdateProviderAccountRequest> {
    if (this.updateProviderAccount(body)) return { ok: true, value: body };
    return { ok: false, errors: toFieldErrors(this.updateProviderAccount.errors ?? []) };
  }

  /** New credentials for an account of `provider` (an update's), their fields pointed at under /credentials. */
  providerCredentials<P extends 'stripe' | 'adyen'>(provider: P, credentials: unknown): Validation<P extends 'stripe' ? StripeCredentialsInput : AdyenCredentialsInput> {
    const validate = this.credentials[provider] as ValidateFunction<P extends 'stripe' ? StripeCredentialsInput : AdyenCredentialsInput>;
    if (validate(credentials)) return { ok: true, value: credentials };
    return { ok: false, errors: toFieldErrors(validate.errors ?? []).map((error) => ({ ...error, pointer: `/credentials${error.pointer === '/' ? '' : error.pointer}` })) };
  }

  /** A list route's query parameters (each given once), coerced and with their defaults. */
  listQuery<K extends keyof ListQueries>(kind: K, query: Record<string, unknown>): Validation<ListQueries[K] & { limit: number }> {
    const copy: Record<string, unknown> = { ...query };
    const validate: ValidateFunction<ListQueries[K]> = this.queries[kind];
    const repeated = Object.keys(copy).filter((name) => Array.isArray(copy[name]));
    if (repeated.length > 0) return { ok: false, errors: repeated.map((name) => ({ pointer: `/${escapePointerToken(name)}`, detail: 'must be given once' })) };
    if (validate(copy)) return { ok: true, value: copy as ListQueries[K] & { limit: number } };
    return { ok: false, errors: toFieldErrors(validate.errors ?? []) };
  }

  event<T extends EventType>(type: T, data: unknown): Validation<EventPayloads[T]> {
    const validate: ValidateFunction<EventPayloads[T]> = this.events[type];
    if (validate(data)) return { ok: true, value: data };
    return { ok: false, errors: toFieldErrors(validate.errors ?? []) };
  }
}
