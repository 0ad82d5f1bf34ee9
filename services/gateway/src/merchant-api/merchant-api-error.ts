import type { ErrorCode, FieldError } from '@checkout/contracts';

/** The codes the list, event and webhook-endpoint use cases refuse a request with. */
export type MerchantApiErrorCode =
  | ErrorCode.InvalidQuery
  | ErrorCode.ValidationFailed
  | ErrorCode.InsecureWebhookUrl
  | ErrorCode.WebhookEndpointNotFound
  | ErrorCode.EventNotFound;

/** Why a use case refused; no HTTP here: http/merchant-api-problems.ts gives each code its status. */
export class MerchantApiError extends Error {
  constructor(
    readonly code: MerchantApiErrorCode,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}
