import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ErrorCode, problem } from '@checkout/contracts';
import { handleHealthRequest, notFoundProblem, type Health, type Logger, type MetricsEndpoint } from '@checkout/platform';
import { Scopes } from '../auth/caller';
import type { JwtVerifier } from '../auth/jwt-verifier';
import type { GatewayTelemetry } from '../gateway-telemetry';
import type { CreateSession } from '../sessions/create-session';
import type { ExpireSession } from '../sessions/expire-session';
import type { GetSession } from '../sessions/get-session';
import type { RateLimits } from '../rate-limits/rate-limits';
import { apiDocs } from './api-docs';
import { authenticate, callerOf } from './authenticate';
import { replyFor } from './create-session-reply';
import { rateLimit } from './rate-limit';
import { ProblemError } from './problem-error';
import { problemHandler, sendProblem } from './problem-handler';

export interface AppDependencies {
  verifier: JwtVerifier;
  createSession: CreateSession;
  getSession: GetSession;
  expireSession: ExpireSession;
  rateLimits: RateLimits;
  health: Health;
  metrics?: MetricsEndpoint;
  telemetry: GatewayTelemetry;
  bodyLimitBytes: number;
  logger: Logger;
  /** Routes of other services served on this port in the embedded mode (webhooks, sandbox pages). */
  extraRoutes?: Router[];
}

function requireJson(request: Request, _response: Response, next: NextFunction): void {
  if (!request.is('application/json')) {
    throw ProblemError.of(415, ErrorCode.UnsupportedMediaType, 'Unsupported media type', 'Send the body as Content-Type: application/json.');
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

  app.use(apiDocs());

  app.post(
    '/api/v1/sessions',
    authenticate(deps.verifier, Scopes.writeSessions),
    rateLimit(deps.rateLimits, 'writes', deps.telemetry),
    requireJson,
    express.json({ limit: deps.bodyLimitBytes, strict: true, type: () => true }),
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

  app.all('/api/v1/sessions', (_request, response) => {
    sendProblem(response, problem(405, ErrorCode.MethodNotAllowed, 'Method not allowed', 'Use POST to create a session.'), { Allow: 'POST' });
  });

  for (const router of deps.extraRoutes ?? []) app.use(router);

  app.use(notFoundProblem);
  app.use(problemHandler(deps.logger));
  return app;
}
