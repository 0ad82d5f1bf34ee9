import type { AddressInfo } from 'node:net';
import { modeOfScope, type MerchantScope } from '@checkout/contracts';
import { closeServer, createLogger, Health, InMemoryEventBus } from '@checkout/platform';
import { InMemoryProviderAccountStore } from '@checkout/provider-accounts';
import { InMemorySessionStore } from '@checkout/sessions';
import { InMemoryWebhookStores } from '@checkout/webhooks';
import { StaticVerificationKeys } from '../src/auth/verification-keys';
import { signDevToken } from '../src/dev-token';
import { InMemoryIdempotencyStore } from '../src/idempotency/in-memory-idempotency-store';
import { LocalOutcomeBroadcast } from '../src/outcomes/local-outcome-broadcast';
import { memoryRateLimits } from '../src/rate-limits/rate-limits';
import { OutcomeWaiters } from '../src/sessions/outcome-waiters';
import type { CredentialsCheck } from '../src/provider-accounts/credentials-check';
import { startGateway, type GatewayOptions } from '../src/start-gateway';

/** The HS256 secret the helper's gateway trusts (issuer `iss`, audience `aud`). */
export const IN_MEMORY_GATEWAY_SECRET = 'in-memory-gateway-test-secret-of-32-chars';
const SECRET = IN_MEMORY_GATEWAY_SECRET;

/** The gateway over in-memory adapters on a real socket, for the API's own tests; `call` sends as an application's token. */
export async function startInMemoryGateway(options: { credentialsCheck?: CredentialsCheck; overrides?: Partial<GatewayOptions> } = {}) {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const bus = new InMemoryEventBus(logger);
  const waiters = new OutcomeWaiters();
  const sessions = new InMemorySessionStore();
  const providerAccounts = new InMemoryProviderAccountStore();
  const webhooks = new InMemoryWebhookStores();
  const gateway = await startGateway(
    {
      bus,
      idempotency: new InMemoryIdempotencyStore(60_000),
      sessions,
      webhooks,
      providerAccounts,
      credentialsCheck: options.credentialsCheck ?? { check: async () => undefined },
      rateLimits: memoryRateLimits({
        live: { writes: { perSecond: 1000, burst: 50 }, reads: { perSecond: 1000, burst: 50 } },
        test: { writes: { perSecond: 1000, burst: 50 }, reads: { perSecond: 1000, burst: 50 } },
      }),
      broadcast: new LocalOutcomeBroadcast(waiters),
      waiters,
      keys: new StaticVerificationKeys({ hs256Secret: SECRET }),
      health: new Health([]),
    },
    {
      port: 0,
      host: '127.0.0.1',
      jwt: { issuer: 'iss', audience: 'aud', clockToleranceSeconds: 0 },
      waitBudgetMs: 10,
      staleRequestMs: 10_000,
      publishTimeoutMs: 2000,
      sessionTtlMs: 3_600_000,
      bodyLimitBytes: 65_536,
      allowHttpLocalhostRedirects: false,
      allowHttpLocalhostWebhooks: false,
      maxWebhookEndpointsPerApplication: 3,
      providerEndpoints: { stripeApiUrl: 'http://127.0.0.1:9', adyenTestCheckoutUrl: 'https://127.0.0.1:9/v72', adyenLiveCheckoutUrl: 'https://127.0.0.1:9/{prefix}/v72', adyenCaFile: '' },
      credentialCheckTimeoutMs: 1000,
      allowSandboxAccounts: false,
      eventSource: 'urn:test',
      ...options.overrides,
    },
    logger,
  );
  const base = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  /** An application's token: test mode, unless a scope says live. */
  const token = (as: string | MerchantScope, scopes: string[]) => {
    const scope = typeof as === 'string' ? { applicationId: as, livemode: false } : as;
    return signDevToken({ applicationId: scope.applicationId, mode: modeOfScope(scope.livemode), scopes, expiresInSeconds: 60, secret: SECRET, issuer: 'iss', audience: 'aud' });
  };
  const call = async (applicationId: string | MerchantScope, scopes: string[], method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token(applicationId, scopes)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, body: text ? (JSON.parse(text) as Record<string, any>) : null }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    bus,
    sessions,
    webhooks,
    providerAccounts,
    server: gateway.server,
    base,
    token,
    call,
    stop: async () => {
      await closeServer(gateway.server);
      await gateway.outcomes.stop();
      await bus.close();
    },
  };
}
