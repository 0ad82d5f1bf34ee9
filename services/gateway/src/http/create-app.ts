import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ApiError, ErrorCode } from '@checkout/contracts';
import { handleHealthRequest, noStore, notFoundProblem, problemHandler, securityHeaders, type Health, type Logger, type MetricsEndpoint } from '@checkout/platform';
import { Scopes } from '../auth/caller';
import type { JwtVerifier } from '../auth/jwt-verifier';
import type { GatewayTelemetry } from '../gateway-telemetry';
import type { CreateSession } from '../sessions/create-session';
import type { ExpireSession } from '../sessions/expire-session';
import type { EraseCustomerData } from '../sessions/erase-customer-data';
import type { GetSession } from '../sessions/get-session';
import type { ListSessions } from '../sessions/list-sessions';
import type { ReadEvents } from '../events/read-events';
import type { ManageWebhookEndpoints } from '../webhooks/manage-webhook-endpoints';
import type { RedeliverWebhooks } from '../webhooks/redeliver-webhooks';
import type { SummarizeRouting } from '../routing/summarize-routing';
import type { ManageProviderAccounts } from '../provider-accounts/manage-provider-accounts';
import type { RateLimits } from '../rate-limits/rate-limits';
import { apiDocs } from './api-docs';
import { authenticate, callerOf } from './authenticate';
import { replyFor } from './create-session-reply';
import { rateLimit } from './rate-limit';
import { problemPages } from './problem-pages';
import { consoleRoutes } from './console';

export interface AppDependencies {
  verifier: JwtVerifier;
  createSession: CreateSession;
  getSession: GetSession;
  expireSession: ExpireSession;
  eraseCustomerData: EraseCustomerData;
  listSessions: ListSessions;
  readEvents: ReadEvents;
  webhookEndpoints: ManageWebhookEndpoints;
  redeliver: RedeliverWebhooks;
  routingSummary: SummarizeRouting;
  providerAccounts: ManageProviderAccounts;
  rateLimits: RateLimits;
  health: Health;
  metrics?: MetricsEndpoint;
  telemetry: GatewayTelemetry;
  bodyLimitBytes: number;
  logger: Logger;
  /** The built console's directory, served at /console. */
  consoleDirectory: string;
  /** Routes of other services served on this port in the embedded mode (webhooks, sandbox pages). */
  extraRoutes?: Router[];
}

function requireJson(request: Request, _response: Response, next: NextFunction): void {
  if (!request.is('application/json')) {
    throw new ApiError(ErrorCode.UnsupportedMediaType, 'Send the body as Content-Type: application/json.');
  }
  next();
}

export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.get(['/livez', '/readyz', ...(deps.metrics ? ['/metrics'] : [])], async (request, response) => {
    await handleHealthRequest(deps.health, request, response, deps.metrics);
  });

  app.use(securityHeaders());
  app.use('/api', noStore);
  app.use(apiDocs());
  app.use(problemPages());

  // Every JSON body the API takes (after requireJson has checked the media type).
  const jsonBody = express.json({ limit: deps.bodyLimitBytes, strict: true, type: () => true });

  app.post(
    '/api/v1/sessions',
    authenticate(deps.verifier, Scopes.writeSessions),
    rateLimit(deps.rateLimits, 'writes', deps.telemetry),
    requireJson,
    jsonBody,
    async (request: Request, response: Response) => {
      const key = request.headers['idempotency-key'];
      const result = await deps.createSession.execute({
        caller: callerOf(response),
        idempotencyKey: Array.isArray(key) ? key.join(',') : key,
        body: request.body,
      });
      const reply = replyFor(result);
      response
        .status(reply.status)
        .set(reply.headers)
        .type(reply.status >= 400 ? 'application/problem+json' : 'application/json')
        .send(JSON.stringify(reply.body));
    },
  );

  // A session's reads and expiries are found in the traces by its id, like its creation.
  app.param('sessionId', (_request, _response, next, sessionId) => {
    deps.telemetry.requestIsAbout(String(sessionId));
    next();
  });

  app.get('/api/v1/sessions/:sessionId', authenticate(deps.verifier, Scopes.readSessions), rateLimit(deps.rateLimits, 'reads', deps.telemetry), async (request, response) => {
    response.json(await deps.getSession.execute(callerOf(response), String(request.params.sessionId)));
  });

  app.post('/api/v1/sessions/:sessionId/expire', authenticate(deps.verifier, Scopes.writeSessions), rateLimit(deps.rateLimits, 'writes', deps.telemetry), async (request, response) => {
    response.json(await deps.expireSession.execute(callerOf(response), String(request.params.sessionId)));
  });

  app.delete('/api/v1/sessions/:sessionId/customer', authenticate(deps.verifier, Scopes.writeSessions), rateLimit(deps.rateLimits, 'writes', deps.telemetry), async (request, response) => {
    response.json(await deps.eraseCustomerData.execute(callerOf(response), String(request.params.sessionId)));
  });

  app.get('/api/v1/sessions', authenticate(deps.verifier, Scopes.readSessions), rateLimit(deps.rateLimits, 'reads', deps.telemetry), async (request, response) => {
    response.json(await deps.listSessions.execute(callerOf(response), request.query));
  });

  app.get('/api/v1/routing/summary', authenticate(deps.verifier, Scopes.readSessions), rateLimit(deps.rateLimits, 'reads', deps.telemetry), async (request, response) => {
    response.json(await deps.routingSummary.execute(callerOf(response), request.query));
  });

  const readWebhooks = [authenticate(deps.verifier, Scopes.readWebhooks), rateLimit(deps.rateLimits, 'reads', deps.telemetry)];
  const writeWebhooks = [authenticate(deps.verifier, Scopes.writeWebhooks), rateLimit(deps.rateLimits, 'writes', deps.telemetry)];
  const endpoints = deps.webhookEndpoints;
  const endpointIdOf = (request: Request) => String(request.params.endpointId);

  app.post('/api/v1/webhook-endpoints', ...writeWebhooks, requireJson, jsonBody, async (request, response) => {
    const created = await endpoints.create(callerOf(response), request.body, request.get('idempotency-key'));
    response.status(201).location(`/api/v1/webhook-endpoints/${created.id}`).json(created);
  });
  app.get('/api/v1/webhook-endpoints', ...readWebhooks, async (request, response) => {
    response.json(await endpoints.list(callerOf(response), request.query));
  });
  app.get('/api/v1/webhook-endpoints/:endpointId', ...readWebhooks, async (request, response) => {
    response.json(await endpoints.get(callerOf(response), endpointIdOf(request)));
  });
  app.patch('/api/v1/webhook-endpoints/:endpointId', ...writeWebhooks, requireJson, jsonBody, async (request, response) => {
    response.json(await endpoints.update(callerOf(response), endpointIdOf(request), request.body));
  });
  app.delete('/api/v1/webhook-endpoints/:endpointId', ...writeWebhooks, async (request, response) => {
    await endpoints.delete(callerOf(response), endpointIdOf(request));
    response.status(204).end();
  });
  app.post('/api/v1/webhook-endpoints/:endpointId/rotate-secret', ...writeWebhooks, async (request, response) => {
    response.json(await endpoints.rotateSecret(callerOf(response), endpointIdOf(request)));
  });
  app.get('/api/v1/webhook-endpoints/:endpointId/deliveries', ...readWebhooks, async (request, response) => {
    response.json(await endpoints.deliveriesOf(callerOf(response), endpointIdOf(request), request.query));
  });
  // A test, a resend and a replay only queue: the notifications service sends (202).
  app.post('/api/v1/webhook-endpoints/:endpointId/test', ...writeWebhooks, async (request, response) => {
    response.status(202).json(await deps.redeliver.sendTest(callerOf(response), endpointIdOf(request)));
  });
  app.post('/api/v1/events/:eventId/resend', ...writeWebhooks, requireJson, jsonBody, async (request, response) => {
    response.status(202).json(await deps.redeliver.resend(callerOf(response), String(request.params.eventId), request.body));
  });
  app.post('/api/v1/webhook-endpoints/:endpointId/replays', ...writeWebhooks, requireJson, jsonBody, async (request, response) => {
    const replay = await deps.redeliver.createReplay(callerOf(response), endpointIdOf(request), request.body, request.get('idempotency-key'));
    response.status(202).location(`/api/v1/webhook-endpoints/${replay.endpointId}/replays/${replay.id}`).json(replay);
  });
  app.get('/api/v1/webhook-endpoints/:endpointId/replays', ...readWebhooks, async (request, response) => {
    response.json(await deps.redeliver.listReplays(callerOf(response), endpointIdOf(request), request.query));
  });
  app.get('/api/v1/webhook-endpoints/:endpointId/replays/:replayId', ...readWebhooks, async (request, response) => {
    response.json(await deps.redeliver.getReplay(callerOf(response), endpointIdOf(request), String(request.params.replayId)));
  });

  const readAccounts = [authenticate(deps.verifier, Scopes.readProviderAccounts), rateLimit(deps.rateLimits, 'reads', deps.telemetry)];
  const writeAccounts = [authenticate(deps.verifier, Scopes.writeProviderAccounts), rateLimit(deps.rateLimits, 'writes', deps.telemetry)];
  const accounts = deps.providerAccounts;
  const accountIdOf = (request: Request) => String(request.params.accountId);
  app.post('/api/v1/provider-accounts', ...writeAccounts, requireJson, jsonBody, async (request, response) => {
    const created = await accounts.create(callerOf(response), request.body, request.get('idempotency-key'));
    response.status(201).location(`/api/v1/provider-accounts/${created.id}`).json(created);
  });
  app.get('/api/v1/provider-accounts', ...readAccounts, async (request, response) => {
    response.json(await accounts.list(callerOf(response), request.query));
  });
  app.get('/api/v1/provider-accounts/:accountId', ...readAccounts, async (request, response) => {
    response.json(await accounts.get(callerOf(response), accountIdOf(request)));
  });
  app.patch('/api/v1/provider-accounts/:accountId', ...writeAccounts, requireJson, jsonBody, async (request, response) => {
    response.json(await accounts.update(callerOf(response), accountIdOf(request), request.body));
  });
  app.delete('/api/v1/provider-accounts/:accountId', ...writeAccounts, async (request, response) => {
    await accounts.delete(callerOf(response), accountIdOf(request));
    response.status(204).end();
  });

  app.get('/api/v1/events', ...readWebhooks, async (request, response) => {
    response.json(await deps.readEvents.list(callerOf(response), request.query));
  });
  app.get('/api/v1/events/:eventId', ...readWebhooks, async (request, response) => {
    response.json(await deps.readEvents.get(callerOf(response), String(request.params.eventId)));
  });

  const methodNotAllowed = (allow: string) => () => {
    throw new ApiError(ErrorCode.MethodNotAllowed, `This resource answers ${allow}.`, { headers: { Allow: allow } });
  };
  app.all('/api/v1/sessions', methodNotAllowed('GET, POST'));
  app.all('/api/v1/webhook-endpoints', methodNotAllowed('GET, POST'));
  app.all('/api/v1/webhook-endpoints/:endpointId', methodNotAllowed('GET, PATCH, DELETE'));
  app.all('/api/v1/events', methodNotAllowed('GET'));
  app.all('/api/v1/provider-accounts', methodNotAllowed('GET, POST'));
  app.all('/api/v1/provider-accounts/:accountId', methodNotAllowed('GET, PATCH, DELETE'));
  app.all('/api/v1/events/:eventId', methodNotAllowed('GET'));
  app.all('/api/v1/sessions/:sessionId', methodNotAllowed('GET'));
  app.all('/api/v1/sessions/:sessionId/expire', methodNotAllowed('POST'));
  app.all('/api/v1/sessions/:sessionId/customer', methodNotAllowed('DELETE'));
  app.all('/api/v1/webhook-endpoints/:endpointId/rotate-secret', methodNotAllowed('POST'));
  app.all('/api/v1/webhook-endpoints/:endpointId/deliveries', methodNotAllowed('GET'));
  app.all('/api/v1/webhook-endpoints/:endpointId/test', methodNotAllowed('POST'));
  app.all('/api/v1/webhook-endpoints/:endpointId/replays', methodNotAllowed('GET, POST'));
  app.all('/api/v1/webhook-endpoints/:endpointId/replays/:replayId', methodNotAllowed('GET'));
  app.all('/api/v1/events/:eventId/resend', methodNotAllowed('POST'));
  app.all('/api/v1/routing/summary', methodNotAllowed('GET'));

  // After the API: an API request never walks the console's routes.
  app.use(consoleRoutes(deps.consoleDirectory));
  for (const router of deps.extraRoutes ?? []) app.use(router);

  app.use(notFoundProblem);
  app.use(problemHandler(deps.logger));
  return app;
}
