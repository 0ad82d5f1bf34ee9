import { text, url } from '@checkout/platform';

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
  adyenCaFile: text('ADYEN_CA_FILE', { description: 'Extra CA certificate (PEM file) trusted for the Adyen URL', default: '' }),
};
