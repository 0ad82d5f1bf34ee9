import express, { type Router } from 'express';
import { ApiError, ErrorCode } from '@checkout/contracts';
import { UnknownProviderError, type RecordProviderWebhook } from '../lifecycle/record-provider-webhook';
import { WebhookSignatureError } from '@checkout/providers';

/**
 * POST /webhooks/{provider}/{accountId}, a merchant account's, and /webhooks/{provider}, the
 * platform account's: the raw body is kept as sent, since the signature covers its exact bytes.
 */
export function webhookRoutes(recordWebhook: RecordProviderWebhook): Router {
  const router = express.Router();
  router.post(['/webhooks/:provider', '/webhooks/:provider/:accountId'], express.raw({ type: () => true, limit: '1mb' }), async (request, response) => {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    try {
      const accountId = (request.params as { accountId?: string }).accountId;
      const result = await recordWebhook.execute(String(request.params.provider), accountId, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), headers);
      response.status(200).type(result.acknowledgement.startsWith('{') ? 'application/json' : 'text/plain').send(result.acknowledgement);
    } catch (error) {
      if (error instanceof WebhookSignatureError) throw new ApiError(ErrorCode.InvalidWebhookSignature, error.message);
      if (error instanceof UnknownProviderError) throw new ApiError(ErrorCode.NotFound, error.message);
      throw error;
    }
  });
  return router;
}
