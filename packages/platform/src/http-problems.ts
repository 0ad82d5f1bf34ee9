import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, problem, PROBLEM_CONTENT_TYPE, type Problem } from '@checkout/contracts';
import { recordFailureOnActiveSpan } from '@checkout/telemetry';
import { DependencyUnavailable } from './dependency-unavailable';
import type { Logger } from './logger';

export function writeProblem(response: ServerResponse, body: Problem, headers: Record<string, string> = {}): void {
  response.writeHead(body.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(body));
}

interface BodyParserError {
  type?: string;
  limit?: number;
}

/** The problem for an error raised while reading a request body (express.json/raw), if it is one. */
function bodyProblem(error: unknown): Problem | undefined {
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return problem(413, ErrorCode.PayloadTooLarge, 'Payload too large', `The request body exceeds ${parserError.limit} bytes.`);
    case 'entity.parse.failed':
      return problem(400, ErrorCode.MalformedJson, 'Malformed JSON', 'The request body is not valid JSON.', [{ pointer: '/', detail: 'is not valid JSON' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, ErrorCode.UnsupportedMediaType, 'Unsupported media type', 'Send the body as UTF-8 JSON.');
    default:
      return undefined;
  }
}

/**
 * The last error handler of every HTTP service: a request-body error gets its 4xx, a server we need
 * that cannot be reached a 503 with Retry-After, anything else is our fault, logged and answered
 * 500 — always problem+json, never a framework's HTML page.
 */
export function problemFallback(logger: Logger) {
  return (error: unknown, request: IncomingMessage, response: ServerResponse, _next: (error?: unknown) => void): void => {
    if (response.headersSent) {
      logger.error({ err: error, method: request.method, url: request.url }, 'error after the answer started');
      recordFailureOnActiveSpan(error);
      response.destroy();
      return;
    }
    const known = bodyProblem(error);
    if (known) {
      writeProblem(response, known);
      return;
    }
    if (error instanceof DependencyUnavailable) {
      logger.warn({ err: error, dependency: error.dependency, url: request.url?.split('?')[0] }, 'a dependency is unreachable; answered 503');
      writeProblem(response, problem(503, ErrorCode.ServiceUnavailable, 'Service unavailable', `${error.dependency} cannot be reached just now; retry.`), { 'Retry-After': '1' });
      return;
    }
    logger.error({ err: error, method: request.method, url: request.url?.split('?')[0] }, 'unhandled error');
    recordFailureOnActiveSpan(error);
    writeProblem(response, problem(500, ErrorCode.Internal, 'Internal error', 'Something went wrong on our side; it has been logged.'));
  };
}

/** For a route nothing serves: 404 as problem+json. */
export function notFoundProblem(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url?.split('?')[0] ?? '/';
  writeProblem(response, problem(404, ErrorCode.NotFound, 'Not found', `Nothing is served at ${request.method} ${path}.`));
}
