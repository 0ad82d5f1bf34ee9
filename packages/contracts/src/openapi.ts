import { ERROR_ANSWERS } from './error-answers';
import { ErrorCode } from './error-codes';
import { problemType } from './problem';
import { EXAMPLE_CREATE_SESSION_REQUEST, EXAMPLE_CREATED_SESSION } from './examples';
import { createSessionRequestSchema } from './schemas/create-session-request';
import { createdSessionSchema, problemSchema, processingSessionSchema, sessionViewSchema } from './schemas/responses';
import { eventsQuerySchema, pageQuerySchema, queryParameters, sessionsQuerySchema } from './schemas/list-queries';
import {
  createWebhookEndpointRequestSchema,
  updateWebhookEndpointRequestSchema,
  listSchemaOf,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookEventSchema,
  sessionEventSchema,
  providerAccountEventSchema,
  webhookEndpointEventSchema,
  resendEventRequestSchema,
  createWebhookReplayRequestSchema,
  webhookReplaySchema,
} from './schemas/webhooks';
import { ENDPOINT_WEBHOOK_EVENT_TYPES, PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from './webhook-events';
import { routingSummaryQuerySchema, routingSummarySchema } from './schemas/routing-summary';
import { createProviderAccountRequestSchema, providerAccountSchema, providerCredentialsSchemas, updateProviderAccountRequestSchema } from './schemas/provider-accounts';

/** A problem response, keyed by the status the error table gives its codes (which must share one). */
function problemResponse(description: string, codes: ErrorCode[], headers?: Record<string, unknown>) {
  const statuses = new Set(codes.map((code) => ERROR_ANSWERS[code].status));
  if (statuses.size !== 1) throw new Error(`one response cannot answer ${codes.join(', ')}: their statuses differ (${[...statuses].join(', ')})`);
  return {
    [String([...statuses][0])]: {
      description: `${description} Codes: ${codes.map((code) => `[\`${code}\`](${problemType(code)})`).join(', ')}.`,
      ...(headers ? { headers } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    },
  };
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };
const rateLimitHeaders = {
  'RateLimit-Policy': { description: 'The budget this request was charged to (draft-ietf-httpapi-ratelimit-headers): `"writes";q=100;w=1`.', schema: { type: 'string' } },
  RateLimit: { description: 'What is left of it: `"writes";r=0;t=1` (remaining, seconds to the reset).', schema: { type: 'string' } },
};
const rateLimited = (budget: string) =>
  problemResponse(`This application spent its ${budget} budget (per second, beyond its burst allowance); retry after Retry-After.`, [ErrorCode.RateLimited], { ...retryAfter, ...rateLimitHeaders });
/** What a created (or accepted) session's id leads to: reading it and expiring it. */
const sessionLinks = {
  GetSession: { operationId: 'getCheckoutSession', parameters: { sessionId: '$response.body#/sessionId' }, description: 'Read the session.' },
  ExpireSession: { operationId: 'expireCheckoutSession', parameters: { sessionId: '$response.body#/sessionId' }, description: 'End the session now.' },
};
const wwwAuthenticate = { 'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750).', schema: { type: 'string' } } };
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
/** The answers every authenticated operation can give, for its scope and budget. */
const guarded = (scope: string, budget: 'reads' | 'writes') => ({
  ...problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
  ...problemResponse(`The token lacks the \`${scope}\` scope.`, [ErrorCode.InsufficientScope], wwwAuthenticate),
  ...rateLimited(budget),
  ...problemResponse('A store this needs cannot be reached just now; nothing changed: retry.', [ErrorCode.ServiceUnavailable], retryAfter),
});
const invalidQuery = problemResponse('A query parameter is invalid, or `startingAfter` names nothing of this application; `errors` points at each parameter (`/limit`).', [ErrorCode.InvalidQuery]);
const endpointPath = { name: 'endpointId', in: 'path', required: true, schema: { type: 'string', pattern: '^we_[A-Za-z0-9]+$' } };
const endpointNotFound = problemResponse('No such webhook endpoint for this application.', [ErrorCode.WebhookEndpointNotFound]);
const endpointDisabled = problemResponse('The endpoint is disabled: enable it again first (PATCH status `enabled`).', [ErrorCode.WebhookEndpointDisabled]);
const eventPath = { name: 'eventId', in: 'path', required: true, schema: { type: 'string', pattern: '^evt_[0-9a-f]+$' } };
const replayPath = { name: 'replayId', in: 'path', required: true, schema: { type: 'string', pattern: '^rpl_[A-Za-z0-9]+$' } };
/** What a created endpoint's id leads to. */
const endpointLinks = {
  GetWebhookEndpoint: { operationId: 'getWebhookEndpoint', parameters: { endpointId: '$response.body#/id' } },
  RotateWebhookSecret: { operationId: 'rotateWebhookSecret', parameters: { endpointId: '$response.body#/id' } },
  UpdateWebhookEndpoint: { operationId: 'updateWebhookEndpoint', parameters: { endpointId: '$response.body#/id' } },
  ListWebhookDeliveries: { operationId: 'listWebhookDeliveries', parameters: { endpointId: '$response.body#/id' } },
  DeleteWebhookEndpoint: { operationId: 'deleteWebhookEndpoint', parameters: { endpointId: '$response.body#/id' } },
};
const accountPath = { name: 'accountId', in: 'path', required: true, schema: { type: 'string', pattern: '^pa_[A-Za-z0-9_]+$' } };
const accountNotFound = problemResponse('No such provider account for this application.', [ErrorCode.ProviderAccountNotFound]);
/** The request schemas as OpenAPI shows them: each provider's credentials spelled out, which the gateway checks in two steps. */
const credentialsOneOf = {
  oneOf: [
    { ...providerCredentialsSchemas.stripe, title: 'Stripe credentials' },
    { ...providerCredentialsSchemas.adyen, title: 'Adyen credentials' },
  ],
};
const { $id: _createAccountId, ...createProviderAccountRequest } = createProviderAccountRequestSchema;
/** What a created account's id leads to. */
const accountLinks = {
  GetProviderAccount: { operationId: 'getProviderAccount', parameters: { accountId: '$response.body#/id' } },
  UpdateProviderAccount: { operationId: 'updateProviderAccount', parameters: { accountId: '$response.body#/id' } },
  DeleteProviderAccount: { operationId: 'deleteProviderAccount', parameters: { accountId: '$response.body#/id' } },
};
const { $id: _updateAccountId, ...updateProviderAccountRequest } = updateProviderAccountRequestSchema;
const credentialsChecked = {
  ...problemResponse("The provider refused the credentials when we checked them with one call (its reason in the detail); or this Idempotency-Key was used with another body, or an amount has too many decimals for its currency.", [
    ErrorCode.ProviderCredentialsInvalid,
    ErrorCode.IdempotencyKeyReused,
    ErrorCode.TooManyDecimals,
  ]),
  ...problemResponse('The provider could not be reached to check the credentials; nothing was saved.', [ErrorCode.ProviderUnavailable]),
};
const webhookHeaders = {
  'webhook-id': { required: true, description: 'The event id: the same on every retry; deduplicate on it.', schema: { type: 'string' } },
  'webhook-timestamp': { required: true, description: 'Unix seconds of this attempt; refuse one too far from your clock (the libraries: 5 minutes).', schema: { type: 'string' } },
  'webhook-signature': {
    required: true,
    description: 'Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per secret signing (two for a day after a rotation); the key is the base64 part of your `whsec_` secret.',
    schema: { type: 'string' },
  },
};

function withoutId<T extends { $id: string }>(schema: T): Omit<T, '$id'> {
  const { $id: _id, ...rest } = schema;
  return rest;
}

/** The OpenAPI 3.1 document of the public API, built from the same schemas the gateway validates with. */
export function buildOpenApiDocument(serverUrl = '/') {
  const { $id: _id, ...requestSchema } = createSessionRequestSchema;
  const { $id: _endpointId, ...createWebhookEndpointRequest } = createWebhookEndpointRequestSchema;
  const { $id: _updateEndpointId, ...updateWebhookEndpointRequest } = updateWebhookEndpointRequestSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Checkout API',
      version: '1.0.0',
      description:
        'Create a checkout session with one call: Checkout routes it to the best payment provider and answers with the provider checkout URL. Creating a session needs an Idempotency-Key: retries with the same key and body return the first answer. Status changes reach the merchant as signed webhooks (Standard Webhooks), and stay listed at /api/v1/events.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/api/v1/sessions': {
        get: {
          operationId: 'listCheckoutSessions',
          summary: 'List checkout sessions',
          description: "The caller's sessions (scope `sessions:read`), newest first, a page at a time: pass the last sessionId as `startingAfter` for the next page. Another application's sessions never appear.",
          tags: ['Sessions'],
          parameters: queryParameters(sessionsQuerySchema),
          responses: { '200': { description: 'A page of sessions.', content: json('SessionList') }, ...invalidQuery, ...guarded('sessions:read', 'reads') },
        },
        post: {
          operationId: 'createCheckoutSession',
          summary: 'Create checkout session',
          description: 'Creates a payment session for the authenticated application (scope `sessions:write`).',
          tags: ['Sessions'],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description: 'Client-generated unique key used to safely retry session creation. Any opaque string up to 255 characters.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
              example: 'example_string',
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateSessionRequest' }, example: EXAMPLE_CREATE_SESSION_REQUEST } },
          },
          responses: {
            '201': {
              description: 'The session and its provider checkout exist. A replay carries `Idempotent-Replayed: true`.',
              headers: { 'Idempotent-Replayed': { description: 'Present (true) when this is the stored answer to an earlier request.', schema: { type: 'string', enum: ['true'] } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatedSession' }, example: EXAMPLE_CREATED_SESSION } },
              links: sessionLinks,
            },
            '202': {
              description: 'Accepted but not finished within the wait budget; retry with the same key for the final 201.',
              headers: { Location: { description: 'The session resource.', schema: { type: 'string' } }, ...retryAfter },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ProcessingSession' } } },
              links: sessionLinks,
            },
            ...problemResponse('The request is malformed.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed, ErrorCode.IdempotencyKeyMissing, ErrorCode.IdempotencyKeyInvalid]),
            ...problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            ...problemResponse('The token lacks the `sessions:write` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            ...problemResponse('A request with this key is still in flight.', [ErrorCode.RequestInProgress], retryAfter),
            ...rateLimited('writes'),
            ...problemResponse('The body is too large.', [ErrorCode.PayloadTooLarge]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...problemResponse('The request is well formed but cannot be processed.', [
              ErrorCode.TooManyDecimals,
              ErrorCode.AmountMismatch,
              ErrorCode.ExpiresAtOutOfRange,
              ErrorCode.UnsupportedCurrency,
              ErrorCode.InsecureRedirectUrl,
              ErrorCode.IdempotencyKeyReused,
              ErrorCode.NoEligibleProvider,
            ]),
            ...problemResponse('Every candidate provider failed.', [ErrorCode.ProviderUnavailable]),
            ...problemResponse('The session could not be processed on our side (its request failed repeatedly and was set aside); nothing was charged. The session is FAILED with `processing_failed`.', [ErrorCode.Internal]),
            ...problemResponse('The session could not be queued, or Idempotency-Keys cannot be checked just now (Redis unreachable); nothing was accepted: retry with the same key.', [ErrorCode.ServiceUnavailable], retryAfter),
          },
        },
      },
      '/api/v1/sessions/{sessionId}/expire': {
        post: {
          operationId: 'expireCheckoutSession',
          summary: 'Expire checkout session',
          description: 'Ends a PENDING session now (scope `sessions:write`); its checkout is closed at the provider too.',
          tags: ['Sessions'],
          parameters: [{ name: 'sessionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The session, now EXPIRED.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } } },
            ...problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            ...problemResponse('The token lacks the `sessions:write` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            ...problemResponse('No such session for this application.', [ErrorCode.SessionNotFound]),
            ...problemResponse('The session is not PENDING.', [ErrorCode.SessionNotPending]),
            ...rateLimited('writes'),
            ...problemResponse('The expiry could not be announced; nothing changed; retry.', [ErrorCode.ServiceUnavailable], retryAfter),
          },
        },
      },
      '/api/v1/sessions/{sessionId}/customer': {
        delete: {
          operationId: 'eraseCheckoutSessionCustomer',
          summary: "Erase a session's customer data",
          description:
            "Erases the shopper's data (name, email, phone, addresses) and the session's `additionalInformation` now (scope `sessions:write`), for a shopper's right to erasure; amounts, status, references, routing and attempts stay. Audited as the event `checkout.session.customer_erased`. The same happens by itself `CUSTOMER_DATA_RETENTION_DAYS` (90) after the session closes. Asking again answers the same erased session.",
          tags: ['Sessions'],
          parameters: [{ name: 'sessionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The session, its customer data erased (`customerErasedAt`).', content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } } },
            ...problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            ...problemResponse('The token lacks the `sessions:write` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            ...problemResponse('No such session for this application.', [ErrorCode.SessionNotFound]),
            ...problemResponse('The session is still PROCESSING: retry after Retry-After, once it is decided.', [ErrorCode.SessionProcessing], retryAfter),
            ...rateLimited('writes'),
            ...problemResponse('A store cannot be reached, or the erasure could not be recorded as an event yet: send the request again.', [ErrorCode.ServiceUnavailable], retryAfter),
          },
        },
      },
      '/api/v1/sessions/{sessionId}': {
        get: {
          operationId: 'getCheckoutSession',
          summary: 'Get checkout session',
          description: "A session of the caller's application (scope `sessions:read`), with its routing explanation and provider attempts. Another application's session is a 404.",
          tags: ['Sessions'],
          parameters: [{ name: 'sessionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The session.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } } },
            ...problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            ...problemResponse('The token lacks the `sessions:read` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            ...problemResponse('No such session for this application.', [ErrorCode.SessionNotFound]),
            ...rateLimited('reads'),
          },
        },
      },
      '/api/v1/webhook-endpoints': {
        post: {
          operationId: 'createWebhookEndpoint',
          summary: 'Create webhook endpoint',
          description: 'Subscribes a URL to events (scope `webhooks:write`). The answer carries the signing secret, shown this once.',
          tags: ['Webhooks'],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Optional: every retry with the same key and body gets the same endpoint (and secret) back, never a second endpoint. 1 to 255 characters.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: json('CreateWebhookEndpointRequest') },
          responses: {
            '201': { description: 'The endpoint, with its secret.', headers: { Location: { description: 'The endpoint resource.', schema: { type: 'string' } } }, content: json('WebhookEndpointWithSecret'), links: endpointLinks },
            ...problemResponse('The body is malformed or invalid, or the Idempotency-Key is.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed, ErrorCode.IdempotencyKeyInvalid]),
            ...problemResponse('The application has as many endpoints as it may (WEBHOOK_ENDPOINTS_PER_APPLICATION, 16 by default).', [ErrorCode.WebhookEndpointLimitReached]),
            ...problemResponse('The body is too large.', [ErrorCode.PayloadTooLarge]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...problemResponse('The URL is not https on port 443, or points at a loopback, private, link-local or reserved address; or this Idempotency-Key was used with another body.', [
              ErrorCode.InsecureWebhookUrl,
              ErrorCode.IdempotencyKeyReused,
            ]),
            ...guarded('webhooks:write', 'writes'),
          },
        },
        get: {
          operationId: 'listWebhookEndpoints',
          summary: 'List webhook endpoints',
          description: "The caller's endpoints (scope `webhooks:read`), newest first; never their secrets.",
          tags: ['Webhooks'],
          parameters: queryParameters(pageQuerySchema),
          responses: { '200': { description: 'A page of endpoints.', content: json('WebhookEndpointList') }, ...invalidQuery, ...guarded('webhooks:read', 'reads') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}': {
        get: {
          operationId: 'getWebhookEndpoint',
          summary: 'Get webhook endpoint',
          description: 'One endpoint (scope `webhooks:read`): `status` is `disabled`, with `disabledReason`, once every delivery failed for the configured time.',
          tags: ['Webhooks'],
          parameters: [endpointPath],
          responses: { '200': { description: 'The endpoint.', content: json('WebhookEndpoint') }, ...endpointNotFound, ...guarded('webhooks:read', 'reads') },
        },
        patch: {
          operationId: 'updateWebhookEndpoint',
          summary: 'Update webhook endpoint',
          description:
            'Changes the URL (checked as at creation), the subscribed events or the description, or the status (scope `webhooks:write`): `enabled` re-enables an endpoint disabled after failing, its failure record started afresh (catch up on what it missed from `GET /api/v1/events`); `disabled` stops deliveries to it. Never shows the secret.',
          tags: ['Webhooks'],
          parameters: [endpointPath],
          requestBody: { required: true, content: json('UpdateWebhookEndpointRequest') },
          responses: {
            '200': { description: 'The endpoint as it is now.', content: json('WebhookEndpoint') },
            ...problemResponse('The body is malformed or invalid.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed]),
            ...problemResponse('The URL is not https on port 443, or points at a loopback, private, link-local or reserved address.', [ErrorCode.InsecureWebhookUrl]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...endpointNotFound,
            ...guarded('webhooks:write', 'writes'),
          },
        },
        delete: {
          operationId: 'deleteWebhookEndpoint',
          summary: 'Delete webhook endpoint',
          description: 'Stops all deliveries to it (scope `webhooks:write`); pending retries are abandoned.',
          tags: ['Webhooks'],
          parameters: [endpointPath],
          responses: { '204': { description: 'Deleted.' }, ...endpointNotFound, ...guarded('webhooks:write', 'writes') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}/rotate-secret': {
        post: {
          operationId: 'rotateWebhookSecret',
          summary: 'Rotate webhook secret',
          description: 'A new signing secret, shown this once (scope `webhooks:write`). The old one keeps signing beside it for 24 hours: deliveries carry both signatures, so you can switch without missing one.',
          tags: ['Webhooks'],
          parameters: [endpointPath],
          responses: { '200': { description: 'The endpoint, with its new secret.', content: json('WebhookEndpointWithSecret') }, ...endpointNotFound, ...guarded('webhooks:write', 'writes') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}/deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          summary: 'List webhook deliveries',
          description: "The endpoint's deliveries, newest first (scope `webhooks:read`), each with its attempts: time, HTTP status, latency, error and the start of the answer.",
          tags: ['Webhooks'],
          parameters: [endpointPath, ...queryParameters(pageQuerySchema)],
          responses: { '200': { description: 'A page of deliveries.', content: json('WebhookDeliveryList') }, ...invalidQuery, ...endpointNotFound, ...guarded('webhooks:read', 'reads') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}/test': {
        post: {
          operationId: 'sendWebhookTest',
          summary: 'Send a test event',
          description:
            'Records a `webhook_endpoint.test` event (its `data.object` is the endpoint) and queues it to this endpoint alone, whatever it subscribes to (scope `webhooks:write`): signed and retried as any webhook. Follow it in the endpoint\'s deliveries.',
          tags: ['Webhooks'],
          parameters: [endpointPath],
          responses: { '202': { description: 'The queued delivery.', content: json('WebhookDelivery') }, ...endpointNotFound, ...endpointDisabled, ...guarded('webhooks:write', 'writes') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}/replays': {
        post: {
          operationId: 'createWebhookReplay',
          summary: 'Replay what an endpoint missed',
          description:
            'Sends the endpoint again, one at a time and oldest first, every event of [from, to) it subscribes to and was not delivered (scope `webhooks:write`): the next only once the one before is delivered, so your endpoint sees them in the order they happened. One that cannot be delivered stops the replay there (`failed`, with `currentEventId`). Each keeps its event id as webhook-id.',
          tags: ['Webhooks'],
          parameters: [
            endpointPath,
            { name: 'Idempotency-Key', in: 'header', required: false, description: 'Optional: every retry with the same key and body gets the same replay, never a second one. 1 to 255 characters.', schema: { type: 'string', minLength: 1, maxLength: 255 } },
          ],
          requestBody: { required: true, content: json('CreateWebhookReplayRequest') },
          responses: {
            '202': { description: 'The replay, running.', headers: { Location: { description: 'The replay resource.', schema: { type: 'string' } } }, content: json('WebhookReplay') },
            ...problemResponse('The body is malformed or invalid, or the Idempotency-Key is.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed, ErrorCode.IdempotencyKeyInvalid]),
            ...problemResponse('The range is empty or longer than 30 days; or this Idempotency-Key was used with another range.', [ErrorCode.ReplayRangeInvalid, ErrorCode.IdempotencyKeyReused]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...endpointNotFound,
            ...endpointDisabled,
            ...guarded('webhooks:write', 'writes'),
          },
        },
        get: {
          operationId: 'listWebhookReplays',
          summary: 'List replays',
          description: "The endpoint's replays, newest first (scope `webhooks:read`).",
          tags: ['Webhooks'],
          parameters: [endpointPath, ...queryParameters(pageQuerySchema)],
          responses: { '200': { description: 'A page of replays.', content: json('WebhookReplayList') }, ...invalidQuery, ...endpointNotFound, ...guarded('webhooks:read', 'reads') },
        },
      },
      '/api/v1/webhook-endpoints/{endpointId}/replays/{replayId}': {
        get: {
          operationId: 'getWebhookReplay',
          summary: 'Get replay',
          description: 'One replay (scope `webhooks:read`): how far it got.',
          tags: ['Webhooks'],
          parameters: [endpointPath, replayPath],
          responses: {
            '200': { description: 'The replay.', content: json('WebhookReplay') },
            ...problemResponse('No such webhook endpoint for this application, or no such replay of it.', [ErrorCode.WebhookEndpointNotFound, ErrorCode.WebhookReplayNotFound]),
            ...guarded('webhooks:read', 'reads'),
          },
        },
      },
      '/api/v1/provider-accounts': {
        post: {
          operationId: 'createProviderAccount',
          summary: 'Add provider account',
          description:
            "Adds the application's own account at a provider (scope `provider-accounts:write`): its credentials are checked with one read-only call to the provider, sealed at rest and never shown again. Routing then chooses between the application's accounts; the deployment's own account for that provider is no longer offered to it. Configure `webhookUrl` (under this deployment's public URL) as the account's webhook at the provider.",
          tags: ['Provider accounts'],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Optional: every retry with the same key and body gets the same account back, never a second one. 1 to 255 characters.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: json('CreateProviderAccountRequest') },
          responses: {
            '201': { description: 'The account (never its credentials).', headers: { Location: { description: 'The account resource.', schema: { type: 'string' } } }, content: json('ProviderAccount'), links: accountLinks },
            ...problemResponse('The body is malformed or invalid, or the Idempotency-Key is.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed, ErrorCode.IdempotencyKeyInvalid]),
            ...credentialsChecked,
            ...problemResponse('The body is too large.', [ErrorCode.PayloadTooLarge]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...guarded('provider-accounts:write', 'writes'),
          },
        },
        get: {
          operationId: 'listProviderAccounts',
          summary: 'List provider accounts',
          description: "The application's own accounts (scope `provider-accounts:read`), newest first; never their credentials.",
          tags: ['Provider accounts'],
          parameters: queryParameters(pageQuerySchema),
          responses: { '200': { description: 'A page of accounts.', content: json('ProviderAccountList') }, ...invalidQuery, ...guarded('provider-accounts:read', 'reads') },
        },
      },
      '/api/v1/provider-accounts/{accountId}': {
        get: {
          operationId: 'getProviderAccount',
          summary: 'Get provider account',
          description: 'One account (scope `provider-accounts:read`): `status` is `credentials_rejected`, with `statusReason`, once the provider refused its credentials at a checkout.',
          tags: ['Provider accounts'],
          parameters: [accountPath],
          responses: { '200': { description: 'The account.', content: json('ProviderAccount') }, ...accountNotFound, ...guarded('provider-accounts:read', 'reads') },
        },
        patch: {
          operationId: 'updateProviderAccount',
          summary: 'Update provider account',
          description:
            "Label, status (`disabled`: routing stops choosing it at once, open sessions still complete), constraints and fees (`null` clears them), or new credentials of the same provider (checked first; they enable the account; the previous webhook secret keeps verifying for 24 hours). Enabling an account whose credentials were rejected checks them again. Scope `provider-accounts:write`.",
          tags: ['Provider accounts'],
          parameters: [accountPath],
          requestBody: { required: true, content: json('UpdateProviderAccountRequest') },
          responses: {
            '200': { description: 'The account as it is now.', content: json('ProviderAccount') },
            ...problemResponse('The body is malformed or invalid.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed]),
            ...credentialsChecked,
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...problemResponse("Another request replaced the account's credentials meanwhile; nothing of this one was saved.", [ErrorCode.ProviderAccountChanged]),
            ...accountNotFound,
            ...guarded('provider-accounts:write', 'writes'),
          },
        },
        delete: {
          operationId: 'deleteProviderAccount',
          summary: 'Delete provider account',
          description: 'Deletes a disabled account and its sealed credentials (scope `provider-accounts:write`). Disable it first and let its open sessions close: after the delete, its provider webhooks are refused.',
          tags: ['Provider accounts'],
          parameters: [accountPath],
          responses: {
            '204': { description: 'Deleted.' },
            ...problemResponse('The account is still enabled: disable it first.', [ErrorCode.ProviderAccountEnabled]),
            ...accountNotFound,
            ...guarded('provider-accounts:write', 'writes'),
          },
        },
      },
      '/api/v1/events': {
        get: {
          operationId: 'listEvents',
          summary: 'List events',
          description: "The caller's events (scope `webhooks:read`), newest first, whether or not an endpoint received them: reconcile what your endpoint missed.",
          tags: ['Events'],
          parameters: queryParameters(eventsQuerySchema),
          responses: { '200': { description: 'A page of events.', content: json('EventList') }, ...invalidQuery, ...guarded('webhooks:read', 'reads') },
        },
      },
      '/api/v1/events/{eventId}': {
        get: {
          operationId: 'getEvent',
          summary: 'Get event',
          description: 'One event (scope `webhooks:read`), exactly as its webhooks carry it.',
          tags: ['Events'],
          parameters: [{ name: 'eventId', in: 'path', required: true, schema: { type: 'string', pattern: '^evt_[0-9a-f]+$' } }],
          responses: {
            '200': { description: 'The event.', content: json('Event') },
            ...problemResponse('No such event for this application.', [ErrorCode.EventNotFound]),
            ...guarded('webhooks:read', 'reads'),
          },
        },
      },
      '/api/v1/events/{eventId}/resend': {
        post: {
          operationId: 'resendEvent',
          summary: 'Resend an event',
          description:
            "Sends the event to one endpoint again, now, its retry schedule afresh (scope `webhooks:write`): with the same webhook-id as before, so an endpoint that deduplicates on it processes it once. The endpoint must be enabled and subscribed to the event's type.",
          tags: ['Events'],
          parameters: [eventPath],
          requestBody: { required: true, content: json('ResendEventRequest') },
          responses: {
            '202': { description: 'The delivery, due now, with its earlier attempts.', content: json('WebhookDelivery') },
            ...problemResponse('The body is malformed or invalid, or the endpoint does not subscribe to the event.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed]),
            ...problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            ...problemResponse('No such event, or no such webhook endpoint, for this application.', [ErrorCode.EventNotFound, ErrorCode.WebhookEndpointNotFound]),
            ...endpointDisabled,
            ...guarded('webhooks:write', 'writes'),
          },
        },
      },
      '/api/v1/routing/summary': {
        get: {
          operationId: 'getRoutingSummary',
          summary: 'Routing summary',
          description:
            'How routing shared the caller\'s sessions of a time range among the provider accounts that opened their checkouts (scope `sessions:read`): per account its sessions, share, completions, success rate, median checkout-creation latency, average score and failovers, and per hour or day each account\'s sessions and completions. Bounded: at most 90 days, and the newest 5,000 sessions of the range (`truncated` says when).',
          tags: ['Routing'],
          parameters: queryParameters(routingSummaryQuerySchema),
          responses: {
            '200': { description: 'The summary.', content: json('RoutingSummary') },
            ...problemResponse('A query parameter is invalid, or the range is empty or longer than 90 days; `errors` points at the parameter.', [ErrorCode.InvalidQuery]),
            ...guarded('sessions:read', 'reads'),
          },
        },
      },
      '/problems/{type}': {
        get: {
          operationId: 'getProblemType',
          summary: 'Problem type',
          description: "What a problem's `type` means: the page each error answer's `type` URI resolves to (`/problems` lists them all).",
          tags: ['Problems'],
          security: [],
          parameters: [{ name: 'type', in: 'path', required: true, schema: { type: 'string', enum: Object.values(ErrorCode).map((code) => problemType(code).split('/').pop()) } }],
          responses: {
            '200': { description: 'A short page: the status, the code and what to do.', content: { 'text/html': { schema: { type: 'string' } } } },
            ...problemResponse('No such problem type.', [ErrorCode.NotFound]),
          },
        },
      },
    },
    webhooks: Object.fromEntries(
      WEBHOOK_EVENT_TYPES.map((type) => [
        type,
        {
          post: {
            operationId: `webhook_${type.replace(/\./g, '_')}`,
            summary: type,
            description: 'POSTed to each enabled endpoint subscribed to it, signed per Standard Webhooks; retried with backoff until a 2xx, for about a day. Answer 2xx quickly, then process.',
            tags: ['Webhooks'],
            parameters: Object.entries(webhookHeaders).map(([name, header]) => ({ name, in: 'header', ...header })),
            requestBody: {
              required: true,
              content: json(
                (PROVIDER_ACCOUNT_WEBHOOK_EVENT_TYPES as readonly string[]).includes(type) ? 'ProviderAccountEvent' : (ENDPOINT_WEBHOOK_EVENT_TYPES as readonly string[]).includes(type) ? 'WebhookEndpointEvent' : 'SessionEvent',
              ),
            },
            responses: { '200': { description: 'Any 2xx: received. Anything else, a timeout or a redirect: retried.' } },
          },
        },
      ]),
    ),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            '`sub` is the application; scopes in `scope`; `mode` is `test` or `live` (live when absent). A token sees only its own mode\'s objects (each says `livemode`): the other mode\'s ids are 404s, lists never mix them, Idempotency-Keys and rate limits are per mode. See docs/testing.md.',
        },
      },
      schemas: {
        CreateSessionRequest: requestSchema,
        CreatedSession: createdSessionSchema,
        ProcessingSession: processingSessionSchema,
        Session: sessionViewSchema,
        SessionList: listSchemaOf('#/components/schemas/Session'),
        CreateWebhookEndpointRequest: createWebhookEndpointRequest,
        UpdateWebhookEndpointRequest: updateWebhookEndpointRequest,
        WebhookEndpoint: webhookEndpointSchema,
        WebhookEndpointWithSecret: webhookEndpointWithSecretSchema,
        WebhookEndpointList: listSchemaOf('#/components/schemas/WebhookEndpoint'),
        WebhookDelivery: webhookDeliverySchema,
        WebhookDeliveryList: listSchemaOf('#/components/schemas/WebhookDelivery'),
        CreateProviderAccountRequest: { ...createProviderAccountRequest, properties: { ...createProviderAccountRequest.properties, credentials: { ...credentialsOneOf, description: createProviderAccountRequest.properties.credentials.description } } },
        UpdateProviderAccountRequest: { ...updateProviderAccountRequest, properties: { ...updateProviderAccountRequest.properties, credentials: { ...credentialsOneOf, description: updateProviderAccountRequest.properties.credentials.description } } },
        ProviderAccount: providerAccountSchema,
        ProviderAccountList: listSchemaOf('#/components/schemas/ProviderAccount'),
        SessionEvent: sessionEventSchema,
        ProviderAccountEvent: providerAccountEventSchema,
        WebhookEndpointEvent: webhookEndpointEventSchema,
        ResendEventRequest: withoutId(resendEventRequestSchema),
        CreateWebhookReplayRequest: withoutId(createWebhookReplayRequestSchema),
        WebhookReplay: webhookReplaySchema,
        WebhookReplayList: listSchemaOf('#/components/schemas/WebhookReplay'),
        RoutingSummary: routingSummarySchema,
        Event: webhookEventSchema,
        EventList: listSchemaOf('#/components/schemas/Event'),
        Problem: problemSchema,
      },
    },
  };
}
