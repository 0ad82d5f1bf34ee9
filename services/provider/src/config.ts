import type { ProviderOptions } from './start-provider';
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, providerEndpointSettings } from '@checkout/providers';
import { infrastructureSettings, integer, keyringSettings, list, oneOf, port, secret, text, url } from '@checkout/platform';

// Everything but Redis, which this service does not use.
const { redisUrl: _redisUrl, redisCaFile: _redisCaFile, redisCommandTimeoutMs: _redisCommandTimeoutMs, ...infrastructure } = infrastructureSettings;

export const providerSettings = {
  ...infrastructure,
  ...keyringSettings,
  port: port('PORT', { description: 'Port of /livez, /readyz, /metrics, /webhooks/{provider} and the sandbox checkout pages', default: 8082 }),
  providers: list('PROVIDERS', {
    description: "The deployment's platform accounts (sandbox, stripe, adyen), with the credentials below: offered to applications with no provider account of their own for that provider; the sandbox's pages run only where it is listed",
    default: ['sandbox'],
  }),
  webhookToleranceSeconds: integer('WEBHOOK_TOLERANCE_SECONDS', { description: 'Oldest webhook signature timestamp accepted', default: DEFAULT_WEBHOOK_TOLERANCE_SECONDS, min: 10, max: 3600 }),
  sweepIntervalMs: integer('SWEEP_INTERVAL_MS', { description: 'How often PENDING sessions past expiresAt are expired; 0 turns the sweeper off', default: 30_000, min: 0 }),
  customerDataRetentionDays: integer('CUSTOMER_DATA_RETENTION_DAYS', {
    description: "Days after a session closes (COMPLETED, FAILED, EXPIRED) before its customer's data and additionalInformation are erased (amounts, status and references kept)",
    default: 90,
    min: 1,
    max: 3650,
  }),
  retentionSweepIntervalMs: integer('RETENTION_SWEEP_INTERVAL_MS', { description: 'How often customer data past its retention is looked for; 0 turns it off', default: 3_600_000, min: 0 }),
  announceIntervalMs: integer('ANNOUNCE_INTERVAL_MS', {
    description: 'How often status changes left unannounced by a writer that stopped (claimed over 30 s ago) are published',
    default: 5_000,
    min: 100,
  }),
  sandboxPublicUrl: url('SANDBOX_PUBLIC_URL', {
    description: 'Public base URL under which the sandbox checkout pages are served',
    default: 'http://localhost:8082',
    protocols: ['http', 'https'],
  }),
  returnBaseUrl: text('RETURN_BASE_URL', {
    description: 'Public base URL where providers send shoppers back to this service (<base>/return/{provider}/{sessionId}, Adyen\'s returnUrl); empty for SANDBOX_PUBLIC_URL',
    default: '',
  }),
  sandboxWebhookUrl: text('SANDBOX_WEBHOOK_URL', { description: 'Where the sandbox sends its webhooks; empty for <SANDBOX_PUBLIC_URL>/webhooks/sandbox', default: '' }),
  sandboxWebhookSecret: secret('SANDBOX_WEBHOOK_SECRET', { description: "Signs the sandbox's webhooks and seals its checkout links (changing it invalidates the links of open sandbox checkouts)", default: DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, minLength: 16 }),
  stripeSecretKey: secret('STRIPE_SECRET_KEY', { description: 'Stripe secret API key (sk_…), when stripe is in PROVIDERS', default: '' }),
  stripeWebhookSecret: secret('STRIPE_WEBHOOK_SECRET', { description: 'Stripe webhook signing secret (whsec_…)', default: '' }),
  adyenApiKey: secret('ADYEN_API_KEY', { description: 'Adyen API key, when adyen is in PROVIDERS', default: '' }),
  adyenMerchantAccount: text('ADYEN_MERCHANT_ACCOUNT', { description: 'Adyen merchant account', default: '' }),
  adyenHmacKey: secret('ADYEN_HMAC_KEY', { description: 'HMAC key (hex) of the Adyen webhook', default: '' }),
  adyenEnvironment: oneOf('ADYEN_ENVIRONMENT', ['TEST', 'LIVE'] as const, { description: 'Adyen environment', default: 'TEST' }),
  adyenCheckoutUrl: url('ADYEN_CHECKOUT_URL', { description: "Adyen Checkout API base URL with version, of the platform account (LIVE: your prefixed URL)", default: 'https://checkout-test.adyen.com/v72', protocols: ['https'] }),
  ...providerEndpointSettings,
  eventSource: url('EVENT_SOURCE', { description: 'CloudEvents source of the events the provider service emits', default: 'urn:checkout:provider', protocols: ['urn', 'https', 'http'] }),
};

export type ProviderConfig = { [K in keyof typeof providerSettings]: ReturnType<(typeof providerSettings)[K]['parse']> };

/** Settings that are each valid but must not reach production: the sandbox's default webhook secret is public. */
export function unsafeProviderSettings(config: Pick<ProviderConfig, 'nodeEnv' | 'providers' | 'sandboxWebhookSecret'>): string[] {
  if (config.nodeEnv !== 'production' || !config.providers.includes('sandbox')) return [];
  return config.sandboxWebhookSecret === DEVELOPMENT_SANDBOX_WEBHOOK_SECRET
    ? ["SANDBOX_WEBHOOK_SECRET is the sandbox's default, which is public: anyone could mark a sandbox checkout paid. Set a secret of your own, leave sandbox out of PROVIDERS, or set NODE_ENV=development for a development deployment."]
    : [];
}

/** The one way from the provider service's validated config to its options: its own main and the embedded mode both use it. */
export function providerOptionsOf(config: ProviderConfig): ProviderOptions {
  return {
    eventSource: config.eventSource,
    returnBaseUrl: config.returnBaseUrl || config.sandboxPublicUrl,
    sandboxWebhookUrl: config.sandboxWebhookUrl || `${config.sandboxPublicUrl.replace(/\/$/, '')}/webhooks/sandbox`,
    sandboxWebhookSecret: config.sandboxWebhookSecret,
    sweepIntervalMs: config.sweepIntervalMs,
    announceIntervalMs: config.announceIntervalMs,
    customerDataRetentionDays: config.customerDataRetentionDays,
    retentionSweepIntervalMs: config.retentionSweepIntervalMs,
  };
}
