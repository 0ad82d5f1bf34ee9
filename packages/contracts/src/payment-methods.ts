/**
 * The payment methods a session can ask for. `card` brings the wallets built on cards (Apple Pay,
 * Google Pay) wherever the provider shows them; the others are the methods of the same name at
 * each provider (Afterpay is called Clearpay in the United Kingdom).
 */
export const PAYMENT_METHODS = ['card', 'paypal', 'klarna', 'afterpay_clearpay'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
