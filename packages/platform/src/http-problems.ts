import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, ErrorCode, problem, PROBLEM_CONTENT_TYPE, type Problem } from '@checkout/contracts';
import { recordFailureOnActiveSpan } from '@checkout/telemetry';
import { DependencyUnavailable } from './dependency-unavailable';
import type { Logger } from './logger';

export function writeProblem(response: ServerResponse, body: Problem, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(body.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(body));
}

interface BodyParserError {
  type?: string;
  limit?: number;
}

/** An error raised while reading a request body (express.json/raw) as the API's refusal, if it is one. */
function bodyError(error: unknown): ApiError | undefined {
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new ApiError(ErrorCode.PayloadTooLarge, `The request body exceeds ${parserError.limit} bytes.`);
    case 'entity.parse.failed':
      return new ApiError(ErrorCode.MalformedJson, 'The request body is not valid JSON.', { errors: [{ pointer: '/', detail: 'is not valid JSON' }] });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(ErrorCode.UnsupportedMediaType, 'Send the body as UTF-8 JSON.');
    default:
      return undefined;
  }
}

/** The one place an ApiError becomes an answer: its problem (status and title from the error table), its headers, Retry-After. */
export function problemAnswer(error: ApiError, instance?: string): { problem: Problem; headers: Record<string, string> } {
  const headers: Record<string, string> = { ...error.headers };
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
  return { problem: { ...error.problem, ...(instance ? { instance } : {}) }, headers };
}

function writeApiError(response: ServerResponse, error: ApiError, instance: string | undefined): void {
  const answer = problemAnswer(error, instance);
  writeProblem(response, answer.problem, answer.headers);
}

/**
 * The last error handler of every HTTP service: the API's refusals (ApiError, request-body errors)
 * with their problem, a server we need that cannot be reached a 503 with Retry-After, anything
 * else is our fault, logged and answered 500 — always problem+json, never a framework's HTML page.
 */
export function problemHandler(logger: Logger) {
  return (error: unknown, request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, _next: (error?: unknown) => void): void => {
    if (response.headersSent) {
      logger.error({ err: error, method: request.method, url: request.url?.split('?')[0] }, 'error after the answer started');
      recordFailureOnActiveSpan(error);
      response.destroy();
      return;
    }
    const instance = request.originalUrl ?? request.url;
    const refusal = error instanceof ApiError ? error : bodyError(error);
    if (refusal) {
      writeApiError(response, refusal, instance);
      return;
    }
    if (error instanceof DependencyUnavailable) {
      logger.warn({ err: error, dependency: error.dependency, url: request.url?.split('?')[0] }, 'a dependency is unreachable; answered 503');
      writeApiError(response, new ApiError(ErrorCode.ServiceUnavailable, `${error.dependency} cannot be reached just now; retry.`, { retryAfterSeconds: 1 }), instance);
      return;
    }
    logger.error({ err: error, method: request.method, url: request.url?.split('?')[0] }, 'unhandled error');
    recordFailureOnActiveSpan(error);
    writeProblem(response, problem(ErrorCode.Internal, 'Something went wrong on our side; it has been logged.'));
  };
}

/** For a route nothing serves: 404 as problem+json. */
export function notFoundProblem(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url?.split('?')[0] ?? '/';
  writeProblem(response, problem(ErrorCode.NotFound, `Nothing is served at ${request.method} ${path}.`));
}
