import { ErrorCode } from './error-codes';

/** How the API answers an error code: its HTTP status, its title (the same for every occurrence), and what it means. */
export interface ErrorAnswer {
  status: number;
  title: string;
  /** What happened and what to do: the page its problem `type` URI resolves to. */
  description: string;
}

/**
 * Every error code's answer, in one table: every problem answer, the OpenAPI document and the
 * problem pages are built from it. Adding a code without its answer fails to compile.
 */
export const ERROR_ANSWERS: { readonly [C in ErrorCode]: ErrorAnswer } = {
  [ErrorCode.Unauthenticated]: {
    status: 401,
    title: 'Authentication required',
    description: 'The request carries no bearer token, or one that is malformed, expired, not yet valid or not signed by a trusted issuer for this API. Send `Authorization: Bearer <JWT>` with a valid token.',
  },
  [ErrorCode.InsufficientScope]: {
    status: 403,
    title: 'Insufficient scope',
    description: "The token is valid but lacks the scope this operation needs (named in the detail and in `WWW-Authenticate`). Issue a token with that scope.",
  },
  [ErrorCode.UnsupportedMediaType]: { status: 415, title: 'Unsupported media type', description: 'Send the body as UTF-8 JSON, with `Content-Type: application/json`.' },
  [ErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload too large', description: 'The request body is larger than the API accepts (the limit is in the detail). Nothing was accepted.' },
  [ErrorCode.MalformedJson]: { status: 400, title: 'Malformed JSON', description: 'The request body is not valid JSON. Nothing was accepted.' },
  [ErrorCode.ValidationFailed]: {
    status: 400,
    title: 'Invalid request body',
    description: 'The body does not match the operation\'s schema. `errors` lists each offending field as a JSON Pointer (`/customer/email`) with what is wrong there.',
  },
  [ErrorCode.IdempotencyKeyMissing]: { status: 400, title: 'Idempotency-Key required', description: 'Creating a session needs an `Idempotency-Key` header: a string of your own, 1 to 255 characters, the same on every retry of one request.' },
  [ErrorCode.IdempotencyKeyInvalid]: { status: 400, title: 'Invalid Idempotency-Key', description: 'The `Idempotency-Key` header is empty or longer than 255 characters.' },
  [ErrorCode.IdempotencyKeyReused]: {
    status: 422,
    title: 'Idempotency-Key reused',
    description: 'This key was already used with a different request body. A retry must send the same body; a new request needs a new key.',
  },
  [ErrorCode.RequestInProgress]: {
    status: 409,
    title: 'Request in progress',
    description: 'A request with this key is still being processed. Retry after `Retry-After` seconds with the same key and body: you will get its answer.',
  },
  [ErrorCode.RateLimited]: {
    status: 429,
    title: 'Too many requests',
    description: 'This application spent its per-second budget (beyond its burst allowance). Retry after `Retry-After` seconds; the `RateLimit` fields say what is left.',
  },
  [ErrorCode.UnsupportedCurrency]: { status: 422, title: 'Unsupported currency', description: 'The currency is not an ISO 4217 currency this API takes.' },
  [ErrorCode.TooManyDecimals]: {
    status: 422,
    title: 'Too many decimals',
    description: "An amount has more decimals than its currency allows (JPY 0, AUD 2, KWD 3). `errors` points at each such amount.",
  },
  [ErrorCode.AmountMismatch]: {
    status: 422,
    title: 'Amount mismatch',
    description: '`amount.total` must equal the sum of quantity × unit price over the order items, plus shipping and tax.',
  },
  [ErrorCode.ExpiresAtOutOfRange]: {
    status: 422,
    title: 'Expiry out of range',
    description: '`expiresAt` must be 30 minutes to 24 hours ahead (the range both Stripe and Adyen accept for a hosted checkout). Leave it out for the deployment\'s session lifetime.',
  },
  [ErrorCode.InsecureRedirectUrl]: { status: 422, title: 'Redirect URL not allowed', description: 'Redirect URLs must be https (http only on localhost, where the deployment allows it).' },
  [ErrorCode.SessionNotFound]: { status: 404, title: 'Session not found', description: "No session with this id belongs to the caller's application." },
  [ErrorCode.SessionNotPending]: { status: 409, title: 'Session not pending', description: 'Only a PENDING session can be expired; this one is still processing, or already closed.' },
  [ErrorCode.SessionProcessing]: {
    status: 409,
    title: 'Session still processing',
    description: "The session's checkout is still being opened: its customer data can be erased once it is decided (PENDING or FAILED), a moment later. Retry after `Retry-After` seconds.",
  },
  [ErrorCode.WebhookEndpointNotFound]: { status: 404, title: 'Webhook endpoint not found', description: "No webhook endpoint with this id belongs to the caller's application." },
  [ErrorCode.WebhookEndpointLimitReached]: {
    status: 409,
    title: 'Webhook endpoint limit reached',
    description: 'The application has as many webhook endpoints as it may (16 by default, as Stripe). Delete one it no longer uses, or subscribe one endpoint to more event types.',
  },
  [ErrorCode.WebhookEndpointDisabled]: {
    status: 409,
    title: 'Webhook endpoint disabled',
    description: 'A disabled endpoint receives nothing, a test, a resend or a replay included. Fix what made it fail, enable it again (PATCH status "enabled"), then send the request again.',
  },
  [ErrorCode.ReplayRangeInvalid]: {
    status: 422,
    title: 'Replay range not allowed',
    description: '`to` must be after `from`, and a replay covers at most 30 days (the events\' own retention): replay a longer outage in several ranges, oldest first.',
  },
  [ErrorCode.WebhookReplayNotFound]: { status: 404, title: 'Webhook replay not found', description: 'No replay with this id belongs to this webhook endpoint.' },
  [ErrorCode.ProviderAccountNotFound]: { status: 404, title: 'Provider account not found', description: "No provider account with this id belongs to the caller's application." },
  [ErrorCode.ProviderCredentialsInvalid]: {
    status: 422,
    title: 'Provider credentials refused',
    description: "The provider refused the credentials when we checked them with one call (the provider's reason is in the detail), or could not be asked. Nothing was saved: correct them and send the request again.",
  },
  [ErrorCode.ProviderAccountEnabled]: {
    status: 409,
    title: 'Provider account still enabled',
    description: 'Only a disabled account can be deleted: disable it first (PATCH status "disabled"), let its open sessions close, then delete it.',
  },
  [ErrorCode.ProviderAccountChanged]: {
    status: 409,
    title: 'Provider account changed meanwhile',
    description: "Another request replaced this account's credentials while this one was saving its own; nothing of this one was saved. Read the account, then send the request again if it is still wanted.",
  },
  [ErrorCode.ProviderAccountWrongMode]: {
    status: 422,
    title: "Credentials of the other mode",
    description: "An account's mode is its credentials' (sk_test_/sk_live_, Adyen TEST/LIVE; the sandbox is always test), and a token manages accounts of its own mode only: send test credentials with a test token, live ones with a live token. Nothing was saved.",
  },
  [ErrorCode.EventNotFound]: { status: 404, title: 'Event not found', description: "No event with this id belongs to the caller's application." },
  [ErrorCode.InsecureWebhookUrl]: {
    status: 422,
    title: 'Webhook URL not allowed',
    description: 'Webhook URLs must be https and resolve to public addresses: loopback, private, link-local and reserved addresses are refused.',
  },
  [ErrorCode.InvalidQuery]: {
    status: 400,
    title: 'Invalid query parameters',
    description: "A query parameter is invalid, or `startingAfter` names nothing of this application. `errors` points at each parameter (`/limit`).",
  },
  [ErrorCode.InvalidWebhookSignature]: {
    status: 400,
    title: 'Invalid webhook signature',
    description: "A provider webhook's signature is missing, does not match, or is too old. Nothing in it was acted on.",
  },
  [ErrorCode.CheckoutNotOpen]: {
    status: 409,
    title: 'Checkout no longer open',
    description: "The sandbox's hosted checkout was already paid, declined or expired: the shopper cannot act on it again.",
  },
  [ErrorCode.FormTokenInvalid]: {
    status: 403,
    title: 'Form token invalid',
    description: "A form on the sandbox's hosted page was posted without the token the page carries: from another site, most likely. Nothing was done.",
  },
  [ErrorCode.NotFound]: { status: 404, title: 'Not found', description: 'Nothing is served at this method and path.' },
  [ErrorCode.MalformedRequest]: { status: 400, title: 'Malformed request', description: 'The request is not valid HTTP (its request line or a header could not be parsed). Nothing was read.' },
  [ErrorCode.RequestHeadersTooLarge]: { status: 431, title: 'Request headers too large', description: 'The request\'s headers are larger than the server accepts (16 KiB in all). A bearer token is a few hundred bytes.' },
  [ErrorCode.RequestTimeout]: { status: 408, title: 'Request timeout', description: 'The request did not arrive in time (its headers within 10 s, the whole of it within 30 s). Nothing was accepted: send it again.' },
  [ErrorCode.MethodNotAllowed]: { status: 405, title: 'Method not allowed', description: 'The resource exists but does not answer this method; `Allow` lists those it does.' },
  [ErrorCode.NoEligibleProvider]: {
    status: 422,
    title: 'No eligible provider',
    description: 'No provider can take this payment (currency, country, amount or the merchant\'s rules). The session records each provider with why it was left out.',
  },
  [ErrorCode.ProviderUnavailable]: {
    status: 502,
    title: 'Payment providers unavailable',
    description: 'Every candidate provider failed or refused to create the checkout. The session records each attempt; a new request (with a new key) may succeed.',
  },
  [ErrorCode.ServiceUnavailable]: {
    status: 503,
    title: 'Service unavailable',
    description: 'A store the operation needs cannot be reached just now. Nothing was accepted: retry after `Retry-After` seconds, with the same Idempotency-Key.',
  },
  [ErrorCode.Internal]: { status: 500, title: 'Internal error', description: 'Something went wrong on our side. It has been logged; retry later, with the same Idempotency-Key.' },
};

export function errorAnswer(code: ErrorCode): ErrorAnswer {
  return ERROR_ANSWERS[code];
}
