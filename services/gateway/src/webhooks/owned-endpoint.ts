import { ApiError, ErrorCode } from '@checkout/contracts';
import type { WebhookEndpointDocument, WebhookEndpointStore } from '@checkout/webhooks';
import type { Caller } from '../auth/caller';

export function endpointNotFound(endpointId: string): ApiError {
  return new ApiError(ErrorCode.WebhookEndpointNotFound, `No webhook endpoint ${endpointId} exists for this application.`);
}

/** The caller's own endpoint (another application's or the other mode's is not found: a 404). */
export async function ownedEndpoint(endpoints: WebhookEndpointStore, caller: Caller, endpointId: string): Promise<WebhookEndpointDocument> {
  const endpoint = await endpoints.findEndpoint(endpointId, caller);
  if (!endpoint) throw endpointNotFound(endpointId);
  return endpoint;
}
