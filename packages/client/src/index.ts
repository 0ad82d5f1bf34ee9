export { Checkout, type CheckoutOptions } from './checkout';
export { CheckoutError, WebhookVerificationError, type FieldError } from './errors';
export { verifyWebhook, type WebhookHeaders } from './webhooks';
export type { CreateProviderAccountOptions, CreateSessionOptions, IdempotencyOptions, Page } from './resources';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
export type * from './types';
export type { paths, components, operations, webhooks as webhookOperations } from './generated/api';
