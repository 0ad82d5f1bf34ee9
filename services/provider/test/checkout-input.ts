import { callBudget, type CreateCheckoutInput } from '../src/providers/payment-provider';

/** The seed's checkout in minor units, overridable per test (currency, amounts). */
export function checkoutInput(overrides: Partial<CreateCheckoutInput> = {}): CreateCheckoutInput {
  return {
    sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
    orderReference: 'ORD-2024-001',
    currency: 'AUD',
    totalMinor: 14076,
    shippingMinor: 995,
    taxMinor: 1181,
    lineItems: [{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }],
    customerEmail: 'jane.smith@example.com',
    locale: 'en_AU',
    billingCountry: 'AU',
    successUrl: 'https://merchant.example.com/checkout/success',
    cancelUrl: 'https://merchant.example.com/checkout/failure',
    expiresAt: new Date('2030-01-15T12:00:00Z'),
    budget: callBudget(2000),
    ...overrides,
  };
}
