import { AdyenProvider } from './adyen/adyen-provider';
import type { PaymentProvider } from './payment-provider';
import type { SandboxCheckouts } from './sandbox/sandbox-checkouts';
import { SandboxProvider } from './sandbox/sandbox-provider';
import { StripeProvider } from './stripe/stripe-provider';

/** What building the adapters reads of the provider service's settings (its config satisfies it). */
export interface ProviderAccountSettings {
  readonly providers: readonly string[];
  readonly webhookToleranceSeconds: number;
  readonly sandboxPublicUrl: string;
  readonly sandboxWebhookSecret: string;
  readonly stripeSecretKey: string;
  readonly stripeWebhookSecret: string;
  readonly stripeApiUrl: string;
  readonly adyenApiKey: string;
  readonly adyenMerchantAccount: string;
  readonly adyenHmacKey: string;
  readonly adyenEnvironment: 'TEST' | 'LIVE';
  readonly adyenCheckoutUrl: string;
  readonly adyenCaFile: string;
}

/** One adapter per provider named in PROVIDERS; each checks its options here, at start-up. */
export function buildProviders(config: ProviderAccountSettings, sandboxCheckouts: SandboxCheckouts): Map<string, PaymentProvider> {
  const providers = new Map<string, PaymentProvider>();
  for (const id of config.providers) {
    let provider: PaymentProvider;
    switch (id) {
      case SandboxProvider.identifier:
        provider = new SandboxProvider(sandboxCheckouts, {
          publicUrl: config.sandboxPublicUrl,
          webhookSecret: config.sandboxWebhookSecret,
          webhookToleranceSeconds: config.webhookToleranceSeconds,
        });
        break;
      case StripeProvider.identifier:
        provider = new StripeProvider({
          secretKey: config.stripeSecretKey,
          webhookSecret: config.stripeWebhookSecret,
          apiUrl: config.stripeApiUrl,
          webhookToleranceSeconds: config.webhookToleranceSeconds,
        });
        break;
      case AdyenProvider.identifier:
        provider = new AdyenProvider({
          apiKey: config.adyenApiKey,
          merchantAccount: config.adyenMerchantAccount,
          hmacKey: config.adyenHmacKey,
          environment: config.adyenEnvironment,
          checkoutUrl: config.adyenCheckoutUrl,
          caFile: config.adyenCaFile,
        });
        break;
      default:
        throw new Error(`PROVIDERS names ${id}, which is not one of sandbox, stripe, adyen`);
    }
    providers.set(provider.id, provider);
  }
  return providers;
}
