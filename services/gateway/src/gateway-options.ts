import type { GatewayConfig } from './config';
import type { RateLimitPolicies } from './rate-limits/rate-limits';
import type { GatewayOptions } from './start-gateway';

/** What the gateway's composition needs of its config: startGateway's options, and its adapters' settings. */
export interface GatewaySetup {
  options: GatewayOptions;
  rateLimits: RateLimitPolicies;
  idempotencyTtlMs: number;
}

/** The one way from the gateway's validated config to its options: its own main and the embedded mode both use it. */
export function gatewayOptionsOf(config: GatewayConfig): GatewaySetup {
  return {
    options: {
      port: config.port,
      host: config.host,
      jwt: { issuer: config.jwtIssuer, audience: config.jwtAudience, clockToleranceSeconds: config.jwtClockToleranceSeconds },
      waitBudgetMs: config.waitBudgetMs,
      staleRequestMs: config.staleRequestMs,
      publishTimeoutMs: config.publishTimeoutMs,
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      bodyLimitBytes: config.bodyLimitBytes,
      allowHttpLocalhostRedirects: config.allowHttpLocalhostRedirects,
      allowHttpLocalhostWebhooks: config.allowHttpLocalhostWebhooks,
      maxWebhookEndpointsPerApplication: config.webhookEndpointsPerApplication,
      providerEndpoints: { stripeApiUrl: config.stripeApiUrl, adyenTestCheckoutUrl: config.adyenTestCheckoutUrl, adyenLiveCheckoutUrl: config.adyenLiveCheckoutUrl, adyenCaFile: config.adyenCaFile },
      credentialCheckTimeoutMs: config.credentialCheckTimeoutMs,
      allowSandboxAccounts: config.nodeEnv !== 'production',
      eventSource: config.eventSource,
    },
    rateLimits: {
      live: {
        writes: { perSecond: config.rateLimitWritesPerSecond, burst: config.rateLimitBurst },
        reads: { perSecond: config.rateLimitReadsPerSecond, burst: config.rateLimitBurst },
      },
      test: {
        writes: { perSecond: config.rateLimitTestWritesPerSecond, burst: config.rateLimitBurst },
        reads: { perSecond: config.rateLimitTestReadsPerSecond, burst: config.rateLimitBurst },
      },
    },
    idempotencyTtlMs: config.idempotencyTtlSeconds * 1000,
  };
}
