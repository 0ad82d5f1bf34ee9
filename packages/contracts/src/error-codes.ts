/** Stable, documented error codes: merchants branch on these, never on titles or details. */
export enum ErrorCode {
  Unauthenticated = 'unauthenticated',
  InsufficientScope = 'insufficient_scope',
  UnsupportedMediaType = 'unsupported_media_type',
  PayloadTooLarge = 'payload_too_large',
  MalformedJson = 'malformed_json',
  ValidationFailed = 'validation_failed',
  IdempotencyKeyMissing = 'idempotency_key_missing',
  IdempotencyKeyInvalid = 'idempotency_key_invalid',
  IdempotencyKeyReused = 'idempotency_key_reused',
  RequestInProgress = 'request_in_progress',
  RateLimited = 'rate_limited',
  UnsupportedCurrency = 'unsupported_currency',
  TooManyDecimals = 'too_many_decimals',
  AmountMismatch = 'amount_mismatch',
  ExpiresAtOutOfRange = 'expires_at_out_of_range',
  InsecureRedirectUrl = 'insecure_redirect_url',
  SessionNotFound = 'session_not_found',
  SessionNotPending = 'session_not_pending',
  SessionProcessing = 'session_processing',
  WebhookEndpointNotFound = 'webhook_endpoint_not_found',
  WebhookEndpointLimitReached = 'webhook_endpoint_limit_reached',
  WebhookEndpointDisabled = 'webhook_endpoint_disabled',
  WebhookReplayNotFound = 'webhook_replay_not_found',
  ReplayRangeInvalid = 'replay_range_invalid',
  EventNotFound = 'event_not_found',
  ProviderAccountNotFound = 'provider_account_not_found',
  ProviderCredentialsInvalid = 'provider_credentials_invalid',
  ProviderAccountEnabled = 'provider_account_enabled',
  ProviderAccountChanged = 'provider_account_changed',
  ProviderAccountWrongMode = 'provider_account_wrong_mode',
  InsecureWebhookUrl = 'insecure_webhook_url',
  InvalidQuery = 'invalid_query',
  InvalidWebhookSignature = 'invalid_webhook_signature',
  CheckoutNotOpen = 'checkout_not_open',
  FormTokenInvalid = 'form_token_invalid',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  MalformedRequest = 'malformed_request',
  RequestHeadersTooLarge = 'request_headers_too_large',
  RequestTimeout = 'request_timeout',
  NoEligibleProvider = 'no_eligible_provider',
  ProviderUnavailable = 'provider_unavailable',
  ServiceUnavailable = 'service_unavailable',
  Internal = 'internal_error',
}

/** Thrown where a switch must cover every case: adding a case without handling it fails to compile. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`unreachable case: ${JSON.stringify(value)}`);
  }
}
