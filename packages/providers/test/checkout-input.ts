import { callBudget, type CreateCheckoutInput } from '../src/payment-provider';

const SEED_ADDRESS = { line1: '123 Collins Street', line2: 'Level 5', city: 'Melbourne', state: 'VIC', postalCode: '3000', country: 'AU' };

/** The seed's whole order in minor units, as CreateCheckout hands it to a provider; overridable per test. */
export function checkoutInput(overrides: Partial<CreateCheckoutInput> = {}): CreateCheckoutInput {
  return {
    sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
    orderReference: 'ORD-2024-001',
    paymentMethod: 'card',
    currency: 'AUD',
    totalMinor: 14076,
    shippingMinor: 995,
    taxMinor: 1181,
    lineItems: [{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }],
    shopper: { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.com', phone: '+61412345678', billingAddress: SEED_ADDRESS, shippingAddress: SEED_ADDRESS },
    shipping: { type: 'express', method: 'aus_post' },
    locale: 'en_AU',
    metadata: { campaignId: 'summer-sale-2024', referralCode: 'REF-ABC' },
    successUrl: 'https://merchant.example.com/checkout/success',
    failureUrl: 'https://merchant.example.com/checkout/failure',
    returnUrl: 'https://checkout.example.com/return/adyen/e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
    expiresAt: new Date('2030-01-15T12:00:00Z'),
    budget: callBudget(2000),
    ...overrides,
  };
}
