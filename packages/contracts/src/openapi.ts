import { ErrorCode } from './error-codes';
import { EXAMPLE_CREATE_SESSION_REQUEST, EXAMPLE_CREATED_SESSION } from './examples';
import { createSessionRequestSchema } from './schemas/create-session-request';
import { createdSessionSchema, problemSchema, processingSessionSchema, sessionViewSchema } from './schemas/responses';

function problemResponse(description: string, codes: ErrorCode[], headers?: Record<string, unknown>) {
  return {
    description: `${description} Codes: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
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

/** The OpenAPI 3.1 document of the public API, built from the same schemas the gateway validates with. */
export function buildOpenApiDocument(serverUrl = '/') {
  const { $id: _id, ...requestSchema } = createSessionRequestSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Checkout API',
      version: '1.0.0',
      description:
        'Create a checkout session with one call: Checkout routes it to the best payment provider and answers with the provider checkout URL. Every POST needs an Idempotency-Key; retries with the same key and body return the first answer.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/api/v1/sessions': {
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
            '400': problemResponse('The request is malformed.', [ErrorCode.MalformedJson, ErrorCode.ValidationFailed, ErrorCode.IdempotencyKeyMissing, ErrorCode.IdempotencyKeyInvalid]),
            '401': problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            '403': problemResponse('The token lacks the `sessions:write` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            '409': problemResponse('A request with this key is still in flight.', [ErrorCode.RequestInProgress], retryAfter),
            '429': rateLimited('writes'),
            '413': problemResponse('The body is too large.', [ErrorCode.PayloadTooLarge]),
            '415': problemResponse('The body is not application/json.', [ErrorCode.UnsupportedMediaType]),
            '422': problemResponse('The request is well formed but cannot be processed.', [
              ErrorCode.TooManyDecimals,
              ErrorCode.AmountMismatch,
              ErrorCode.UnsupportedCurrency,
              ErrorCode.InsecureRedirectUrl,
              ErrorCode.IdempotencyKeyReused,
              ErrorCode.NoEligibleProvider,
            ]),
            '502': problemResponse('Every candidate provider failed.', [ErrorCode.ProviderUnavailable]),
            '503': problemResponse('The session could not be queued, or Idempotency-Keys cannot be checked just now (Redis unreachable); nothing was accepted: retry with the same key.', [ErrorCode.ServiceUnavailable], retryAfter),
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
            '401': problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            '403': problemResponse('The token lacks the `sessions:write` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            '404': problemResponse('No such session for this application.', [ErrorCode.SessionNotFound]),
            '409': problemResponse('The session is not PENDING.', [ErrorCode.SessionNotPending]),
            '429': rateLimited('writes'),
            '503': problemResponse('The expiry could not be announced; nothing changed; retry.', [ErrorCode.ServiceUnavailable], retryAfter),
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
            '401': problemResponse('Missing or invalid bearer token.', [ErrorCode.Unauthenticated], wwwAuthenticate),
            '403': problemResponse('The token lacks the `sessions:read` scope.', [ErrorCode.InsufficientScope], wwwAuthenticate),
            '404': problemResponse('No such session for this application.', [ErrorCode.SessionNotFound]),
            '429': rateLimited('reads'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '`sub` is the application; scopes in `scope`.' },
      },
      schemas: {
        CreateSessionRequest: requestSchema,
        CreatedSession: createdSessionSchema,
        ProcessingSession: processingSessionSchema,
        Session: sessionViewSchema,
        Problem: problemSchema,
      },
    },
  };
}
