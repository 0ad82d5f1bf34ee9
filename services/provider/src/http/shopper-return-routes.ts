import express, { type Router } from 'express';
import { ErrorCode, errorAnswer } from '@checkout/contracts';
import { UnknownReturnError, type ReturnShopper } from '../lifecycle/return-shopper';
import { ProviderError } from '@checkout/providers';

const shopperPage = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/** GET /return/{provider}/{sessionId}: the shopper, back from the provider, is sent on to the merchant (303). */
export function shopperReturnRoutes(returnShopper: ReturnShopper): Router {
  const router = express.Router();
  router.get('/return/:provider/:sessionId', async (request, response) => {
    const query = Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
    try {
      response.set('Cache-Control', 'no-store').redirect(303, await returnShopper.execute(String(request.params.provider), String(request.params.sessionId), query));
    } catch (error) {
      if (error instanceof UnknownReturnError) {
        response.status(errorAnswer(ErrorCode.NotFound).status).type('html').send(shopperPage('Not found', 'This checkout link is not known here.'));
        return;
      }
      // The provider could not say what the payment came to: the shopper may have paid, so neither page yet.
      if (error instanceof ProviderError && error.kind === 'retryable') {
        response.status(errorAnswer(ErrorCode.ProviderUnavailable).status).set('Cache-Control', 'no-store').type('html').send(shopperPage('One moment', 'We could not confirm your payment with the payment provider just now. Reload this page in a few seconds.'));
        return;
      }
      throw error;
    }
  });
  return router;
}
