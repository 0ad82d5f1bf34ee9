import type { Setting } from '@checkout/platform';
import { text, url } from '@checkout/platform';
import { ADYEN_LIVE_CHECKOUT_URL } from './build-providers';

/** An https URL template with `{prefix}` where each Adyen LIVE account's prefix goes (the stand-in's in tests, which may leave it out). */
function liveUrlTemplate(variable: string, description: string, fallback: string): Setting<string> {
  const setting = text(variable, { description, default: fallback });
  return {
    ...setting,
    parse: (raw) => {
      const value = setting.parse(raw);
      const parsed = (() => {
        try {
          return new URL(value.replace('{prefix}', 'prefix'));
        } catch {
          return null;
        }
      })();
      if (!parsed || parsed.protocol !== 'https:') throw new Error(`must be an https URL, with {prefix} where the account's live URL prefix goes, got "${value}"`);
      return value;
    },
  };
}

/**
 * Where this deployment reaches the providers, whoever's account it acts for: the provider service
 * (checkouts) and the gateway (checking an account's credentials when they are saved) read the same.
 */
export const providerEndpointSettings = {
  stripeApiUrl: url('STRIPE_API_URL', { description: 'Stripe API base URL', default: 'https://api.stripe.com', protocols: ['http', 'https'] }),
  adyenTestCheckoutUrl: url('ADYEN_TEST_CHECKOUT_URL', {
    description: "Adyen's TEST Checkout API base URL with version, for merchants' TEST accounts (their LIVE accounts use their own live URL prefix)",
    default: 'https://checkout-test.adyen.com/v72',
    protocols: ['https'],
  }),
  adyenLiveCheckoutUrl: liveUrlTemplate(
    'ADYEN_LIVE_CHECKOUT_URL',
    "Adyen's LIVE Checkout API base URL for merchants' LIVE accounts, {prefix} standing for each account's live URL prefix",
    ADYEN_LIVE_CHECKOUT_URL,
  ),
  adyenCaFile: text('ADYEN_CA_FILE', { description: 'Extra CA certificate (PEM file) trusted for the Adyen URL', default: '' }),
};
