import { AdyenProvider } from './adyen/adyen-provider';
import type { PaymentProvider } from './payment-provider';
import type { SandboxCheckouts } from './sandbox/sandbox-checkouts';
import { SandboxProvider } from './sandbox/sandbox-provider';
import { StripeProvider } from './stripe/stripe-provider';

export const PROVIDER_IDS = ['stripe', 'adyen', 'sandbox'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** One provider account's credentials, as the merchant gave them (write-only: never shown again). */
export type ProviderCredentials =
  | { provider: 'stripe'; secretKey: string; webhookSecret: string }
  | { provider: 'adyen'; apiKey: string; merchantAccount: string; hmacKey: string; liveUrlPrefix: string | null }
  | { provider: 'sandbox' };

/** Secrets an account's webhooks may still be signed with after they changed (Stripe signing secrets, Adyen HMAC keys). */
export type PreviousWebhookSecrets = readonly string[];

/** test or live, as the credentials say: Stripe's key prefix, Adyen's live URL prefix (LIVE only); the sandbox is always test. */
export function modeOf(credentials: ProviderCredentials): 'test' | 'live' {
  switch (credentials.provider) {
    case 'stripe':
      return /^(sk|rk)_live_/.test(credentials.secretKey) ? 'live' : 'test';
    case 'adyen':
      return credentials.liveUrlPrefix ? 'live' : 'test';
    case 'sandbox':
      return 'test';
  }
}

/** The last four characters of the credential that identifies the account, for people to recognise it. */
export function credentialsHint(credentials: ProviderCredentials): string {
  switch (credentials.provider) {
    case 'stripe':
      return credentials.secretKey.slice(-4);
    case 'adyen':
      return credentials.apiKey.slice(-4);
    case 'sandbox':
      return '';
  }
}

/** How old a provider webhook's signature timestamp may be: the providers' own libraries' 5 minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Where this deployment reaches each provider, whoever's account it is. */
export interface ProviderEndpoints {
  webhookToleranceSeconds: number;
  /** https://api.stripe.com in production; a stand-in in tests. */
  stripeApiUrl: string;
  /** Adyen's TEST Checkout API (with its version), for merchants' TEST accounts; LIVE accounts use their own prefixed URL. */
  adyenTestCheckoutUrl: string;
  /** Adyen's LIVE Checkout API, with `{prefix}` where each account's live URL prefix goes. */
  adyenLiveCheckoutUrl: string;
  adyenCaFile: string;
  /** Null where the deployment does not run the sandbox (not in PROVIDERS): its accounts cannot be used there. */
  sandbox: { publicUrl: string; webhookSecret: string; checkouts: SandboxCheckouts } | null;
}

/** Adyen's LIVE Checkout API, each account's at its own prefix (docs.adyen.com/development-resources/live-endpoints). */
export const ADYEN_LIVE_CHECKOUT_URL = 'https://{prefix}-checkout-live.adyenpayments.com/checkout/v72';

/** The adapter of one account; it checks the credentials' shape here and throws if they cannot be used. */
export function buildProvider(credentials: ProviderCredentials, endpoints: ProviderEndpoints, previous: PreviousWebhookSecrets = []): PaymentProvider {
  switch (credentials.provider) {
    case 'sandbox':
      if (!endpoints.sandbox) throw new Error('the sandbox does not run in this deployment (PROVIDERS)');
      return new SandboxProvider(endpoints.sandbox.checkouts, {
        publicUrl: endpoints.sandbox.publicUrl,
        webhookSecret: endpoints.sandbox.webhookSecret,
        webhookToleranceSeconds: endpoints.webhookToleranceSeconds,
      });
    case 'stripe':
      return new StripeProvider({
        secretKey: credentials.secretKey,
        webhookSecret: credentials.webhookSecret,
        previousWebhookSecrets: previous,
        apiUrl: endpoints.stripeApiUrl,
        webhookToleranceSeconds: endpoints.webhookToleranceSeconds,
      });
    case 'adyen':
      return new AdyenProvider({
        apiKey: credentials.apiKey,
        merchantAccount: credentials.merchantAccount,
        hmacKey: credentials.hmacKey,
        previousHmacKeys: previous,
        environment: credentials.liveUrlPrefix ? 'LIVE' : 'TEST',
        ...(credentials.liveUrlPrefix ? { liveUrlPrefix: credentials.liveUrlPrefix } : {}),
        checkoutUrl: credentials.liveUrlPrefix ? endpoints.adyenLiveCheckoutUrl.replace('{prefix}', credentials.liveUrlPrefix) : endpoints.adyenTestCheckoutUrl,
        caFile: endpoints.adyenCaFile,
      });
  }
}

/** What building the deployment's own (platform) accounts reads of the provider service's settings. */
export interface PlatformCredentialSettings {
  readonly providers: readonly string[];
  readonly stripeSecretKey: string;
  readonly stripeWebhookSecret: string;
  readonly adyenApiKey: string;
  readonly adyenMerchantAccount: string;
  readonly adyenHmacKey: string;
  readonly adyenEnvironment: 'TEST' | 'LIVE';
  readonly adyenCheckoutUrl: string;
}

/** The credentials of each provider named in PROVIDERS, from the deployment's settings: its platform accounts'. */
export function platformCredentials(config: PlatformCredentialSettings): ProviderCredentials[] {
  return config.providers.map((id): ProviderCredentials => {
    switch (id) {
      case 'sandbox':
        return { provider: 'sandbox' };
      case 'stripe':
        return { provider: 'stripe', secretKey: config.stripeSecretKey, webhookSecret: config.stripeWebhookSecret };
      case 'adyen':
        return {
          provider: 'adyen',
          apiKey: config.adyenApiKey,
          merchantAccount: config.adyenMerchantAccount,
          hmacKey: config.adyenHmacKey,
          // The deployment's LIVE URL is configured whole (ADYEN_CHECKOUT_URL): its prefix is read back out of it.
          liveUrlPrefix: config.adyenEnvironment === 'LIVE' ? (/^https:\/\/([^.]+)-checkout-live\.adyenpayments\.com\//.exec(config.adyenCheckoutUrl)?.[1] ?? 'configured') : null,
        };
      default:
        throw new Error(`PROVIDERS names ${id}, which is not one of ${PROVIDER_IDS.join(', ')}`);
    }
  });
}

/** One adapter per provider named in PROVIDERS, with the deployment's credentials; each checks its options here, at start-up. */
export function buildProviders(
  config: PlatformCredentialSettings & { webhookToleranceSeconds: number; stripeApiUrl: string; adyenTestCheckoutUrl: string; adyenLiveCheckoutUrl: string; adyenCaFile: string; sandboxPublicUrl: string; sandboxWebhookSecret: string },
  sandboxCheckouts: SandboxCheckouts,
): Map<string, PaymentProvider> {
  const endpoints = endpointsOf(config, sandboxCheckouts);
  return new Map(platformCredentials(config).map((credentials) => [credentials.provider, platformProvider(credentials, config, endpoints)]));
}

/** A platform account's adapter: its Adyen account at the whole ADYEN_CHECKOUT_URL it was configured with, TEST or LIVE. */
function platformProvider(credentials: ProviderCredentials, config: { adyenCheckoutUrl: string }, endpoints: ProviderEndpoints): PaymentProvider {
  if (credentials.provider === 'adyen') {
    const { liveUrlPrefix, ...account } = credentials;
    return new AdyenProvider({ ...account, environment: liveUrlPrefix ? 'LIVE' : 'TEST', ...(liveUrlPrefix ? { liveUrlPrefix } : {}), checkoutUrl: config.adyenCheckoutUrl, caFile: endpoints.adyenCaFile });
  }
  return buildProvider(credentials, endpoints);
}

export function endpointsOf(
  config: { providers: readonly string[]; webhookToleranceSeconds: number; stripeApiUrl: string; adyenTestCheckoutUrl: string; adyenLiveCheckoutUrl: string; adyenCaFile: string; sandboxPublicUrl: string; sandboxWebhookSecret: string },
  sandboxCheckouts: SandboxCheckouts,
): ProviderEndpoints {
  return {
    webhookToleranceSeconds: config.webhookToleranceSeconds,
    stripeApiUrl: config.stripeApiUrl,
    adyenTestCheckoutUrl: config.adyenTestCheckoutUrl,
    adyenLiveCheckoutUrl: config.adyenLiveCheckoutUrl,
    adyenCaFile: config.adyenCaFile,
    sandbox: config.providers.includes('sandbox') ? { publicUrl: config.sandboxPublicUrl, webhookSecret: config.sandboxWebhookSecret, checkouts: sandboxCheckouts } : null,
  };
}
