import { AdyenStandIn, loopbackCertificate } from './adyen-stand-in';
import { StripeStandIn } from './stripe-stand-in';

export const STRIPE_WEBHOOK_SECRET = 'whsec_e2e_stand_in_secret';
export const ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

export interface ProviderStandIns {
  stripe: StripeStandIn;
  adyen: AdyenStandIn;
  /** The provider service's settings that point its Stripe and Adyen adapters at the stand-ins. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Stripe and Adyen stand-ins on loopback (Adyen over HTTPS with a certificate made for this run). */
export async function startProviderStandIns(): Promise<ProviderStandIns> {
  const stripe = new StripeStandIn();
  const adyen = new AdyenStandIn();
  const certificate = loopbackCertificate();
  const stripeUrl = await stripe.start();
  const adyenUrl = await adyen.start(certificate);
  return {
    stripe,
    adyen,
    env: {
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: stripeUrl,
      ADYEN_API_KEY: 'AQE_test_api_key',
      ADYEN_MERCHANT_ACCOUNT: 'CheckoutECOM',
      ADYEN_HMAC_KEY,
      ADYEN_CHECKOUT_URL: `${adyenUrl}/v72`,
      ADYEN_TEST_CHECKOUT_URL: `${adyenUrl}/v72`,
      // Merchants' LIVE accounts too: the stand-in has one host whatever the prefix.
      ADYEN_LIVE_CHECKOUT_URL: `${adyenUrl}/v72`,
      ADYEN_CA_FILE: certificate.certFile,
    },
    stop: async () => void (await Promise.all([stripe.stop(), adyen.stop()])),
  };
}
