import type { CreateSessionRequest } from './schemas/create-session-request';

/** The seed request of POST /api/v1/sessions: the example in the docs, the OpenAPI document and the printed curl. */
export const EXAMPLE_CREATE_SESSION_REQUEST: CreateSessionRequest = {
  orderReference: 'ORD-2024-001',
  paymentMethod: 'card',
  currency: 'AUD',
  locale: 'en_AU',
  amount: {
    total: 140.76,
    shipping: 9.95,
    tax: 11.81,
  },
  orderItems: [
    {
      name: 'Wireless Headphones',
      sku: 'WH-100',
      quantity: 1,
      unitPrice: 119,
    },
  ],
  customer: {
    firstName: 'Jane',
    lastName: 'Smith',
    email: 'jane.smith@example.com',
    phone: '+61412345678',
    billingAddress: {
      line1: '123 Collins Street',
      line2: 'Level 5',
      city: 'Melbourne',
      state: 'VIC',
      postalCode: '3000',
      country: 'AU',
    },
    shippingAddress: {
      line1: '123 Collins Street',
      line2: 'Level 5',
      city: 'Melbourne',
      state: 'VIC',
      postalCode: '3000',
      country: 'AU',
    },
  },
  shipping: {
    type: 'express',
    method: 'aus_post',
  },
  additionalInformation: {
    campaignId: 'summer-sale-2024',
    referralCode: 'REF-ABC',
  },
  redirectUrls: {
    success: 'https://merchant.example.com/checkout/success',
    failure: 'https://merchant.example.com/checkout/failure',
  },
};
