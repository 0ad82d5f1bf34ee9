import { DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET } from './dev-token';
import { providerEndpointSettings } from '@checkout/providers';
import { flag, infrastructureSettings, integer, keyringSettings, port, secret, text, url } from '@checkout/platform';

export const gatewaySettings = {
  ...infrastructureSettings,
  ...keyringSettings,
  ...providerEndpointSettings,
  credentialCheckTimeoutMs: integer('PROVIDER_CREDENTIAL_CHECK_TIMEOUT_MS', {
    description: "How long saving a provider account's credentials waits for the provider to answer the one call that checks them",
    default: 8000,
    min: 500,
    max: 60_000,
  }),
  port: port('PORT', { description: 'HTTP port of the gateway: the API, /livez, /readyz and /metrics', default: 8080 }),
  host: text('HOST', { description: 'Address the gateway listens on', default: '0.0.0.0' }),
  waitBudgetMs: integer('SESSION_WAIT_BUDGET_MS', {
    description: 'How long POST waits for the outcome before answering 202',
    default: 3000,
    min: 0,
    max: 60_000,
  }),
  staleRequestMs: integer('STALE_REQUEST_MS', {
    description: "A key still processing this long is taken over by its next retry (its session queued again, or created if its gateway died first)",
    default: 10_000,
    min: 1000,
    max: 600_000,
  }),
  publishTimeoutMs: integer('PUBLISH_TIMEOUT_MS', {
    description: 'How long a create waits for Kafka to take its SessionRequested: past it, 503 (nothing accepted) if it was not sent, 202 if it may still arrive',
    default: 2000,
    min: 100,
    max: 60_000,
  }),
  sessionTtlSeconds: integer('SESSION_TTL_SECONDS', { description: 'Session lifetime: expiresAt = createdAt + this', default: 3600, min: 60, max: 86_400 * 7 }),
  idempotencyTtlSeconds: integer('IDEMPOTENCY_TTL_SECONDS', { description: 'How long Idempotency-Keys are remembered in Redis', default: 86_400, min: 86_400 }),
  bodyLimitBytes: integer('BODY_LIMIT_BYTES', { description: 'Largest accepted request body', default: 65_536, min: 1024, max: 10_485_760 }),
  allowHttpLocalhostRedirects: flag('ALLOW_HTTP_LOCALHOST_REDIRECTS', {
    description: "Development only: accept http:// success and failure redirect URLs on localhost in a session's request",
    default: false,
  }),
  allowHttpLocalhostWebhooks: flag('ALLOW_HTTP_LOCALHOST_WEBHOOKS', {
    description: 'Development only: register webhook endpoints at http:// URLs on localhost and at private addresses (delivery to them also needs WEBHOOK_ALLOW_PRIVATE_NETWORKS on notifications)',
    default: false,
  }),
  webhookEndpointsPerApplication: integer('WEBHOOK_ENDPOINTS_PER_APPLICATION', {
    description: 'How many webhook endpoints one application may have in each mode (a 409 past it), as Stripe\'s 16',
    default: 16,
    min: 1,
    max: 1000,
  }),
  jwtIssuer: text('JWT_ISSUER', { description: 'Required `iss` of merchant tokens', default: DEVELOPMENT_ISSUER }),
  jwtAudience: text('JWT_AUDIENCE', { description: 'Required `aud` of merchant tokens', default: DEVELOPMENT_AUDIENCE }),
  jwtClockToleranceSeconds: integer('JWT_CLOCK_TOLERANCE_SECONDS', { description: 'Leeway for exp and nbf', default: 30, min: 0, max: 300 }),
  jwtHs256Secret: secret('JWT_HS256_SECRET', {
    description: 'Development only: HS256 signing secret (at least 32 characters)',
    default: '',
    minLength: 32,
  }),
  jwtPublicKey: text('JWT_PUBLIC_KEY', { description: 'Public key (RS256 or ES256) of the token issuer: PEM text or a file path', default: '' }),
  jwtJwksUrl: text('JWT_JWKS_URL', { description: 'JWKS URL of the token issuer (RS256/ES256, keys cached)', default: '' }),
  jwtJwksCacheSeconds: integer('JWT_JWKS_CACHE_SECONDS', {
    description: 'How long a key fetched from the JWKS is trusted before it is fetched again: a removed key stops working within this',
    default: 600,
    min: 1,
    max: 86_400,
  }),
  rateLimitWritesPerSecond: integer('RATE_LIMIT_WRITES_PER_SECOND', { description: 'Writes (create, expire) per second per application in live mode', default: 100, min: 1, max: 1_000_000 }),
  rateLimitReadsPerSecond: integer('RATE_LIMIT_READS_PER_SECOND', { description: 'Reads per second per application in live mode', default: 100, min: 1, max: 1_000_000 }),
  rateLimitTestWritesPerSecond: integer('RATE_LIMIT_TEST_WRITES_PER_SECOND', { description: 'Writes per second per application in test mode (a budget of its own, lower as Stripe\'s)', default: 25, min: 1, max: 1_000_000 }),
  rateLimitTestReadsPerSecond: integer('RATE_LIMIT_TEST_READS_PER_SECOND', { description: 'Reads per second per application in test mode', default: 25, min: 1, max: 1_000_000 }),
  rateLimitBurst: integer('RATE_LIMIT_BURST', { description: 'Extra requests per budget an application may make over 10 s beyond its steady rate', default: 50, min: 0, max: 1_000_000 }),
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events the gateway emits', default: 'urn:checkout:gateway', protocols: ['urn', 'https', 'http'] }),
};

export type GatewayConfig = { [K in keyof typeof gatewaySettings]: ReturnType<(typeof gatewaySettings)[K]['parse']> };

/**
 * Settings that are each valid but must not reach production: the development token secret is
 * public, the development issuer and audience are everyone's defaults, and the development flags let
 * http and our own network in.
 */
export function unsafeGatewaySettings(
  config: Pick<GatewayConfig, 'nodeEnv' | 'jwtHs256Secret' | 'jwtIssuer' | 'jwtAudience' | 'allowHttpLocalhostRedirects' | 'allowHttpLocalhostWebhooks'>,
): string[] {
  if (config.nodeEnv !== 'production') return [];
  const development = 'or set NODE_ENV=development for a development deployment';
  const problems: string[] = [];
  if (config.jwtHs256Secret === DEVELOPMENT_JWT_SECRET) {
    problems.push(`JWT_HS256_SECRET is the development secret, which is public: anyone could sign tokens. In production verify RS256/ES256 tokens (JWT_PUBLIC_KEY or JWT_JWKS_URL), ${development}.`);
  }
  if (config.jwtIssuer === DEVELOPMENT_ISSUER) problems.push(`JWT_ISSUER is the development issuer (${DEVELOPMENT_ISSUER}): name your token issuer, ${development}.`);
  if (config.jwtAudience === DEVELOPMENT_AUDIENCE) problems.push(`JWT_AUDIENCE is the development audience (${DEVELOPMENT_AUDIENCE}): name this API's audience, ${development}.`);
  if (config.allowHttpLocalhostRedirects) problems.push(`ALLOW_HTTP_LOCALHOST_REDIRECTS is on: development only, ${development}.`);
  if (config.allowHttpLocalhostWebhooks) problems.push(`ALLOW_HTTP_LOCALHOST_WEBHOOKS is on: development only (webhooks to our own network), ${development}.`);
  return problems;
}
