import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, problem, PROBLEM_CONTENT_TYPE, type Problem } from '@checkout/contracts';
import type { Logger } from '@checkout/platform';
import { ProblemError } from './problem-error';

export function sendProblem(response: Response, body: Problem, headers: Record<string, string> = {}): void {
  response.status(body.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** The one place an error becomes an HTTP answer: problem+json always, 500 only for our own faults. */
export function problemHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, _next: NextFunction): void => {
    if (error instanceof ProblemError) {
      sendProblem(response, { ...error.problem, instance: request.originalUrl }, error.headers);
      return;
    }
    const parserError = error as BodyParserError;
    switch (parserError.type) {
      case 'entity.too.large':
        sendProblem(response, problem(413, ErrorCode.PayloadTooLarge, 'Payload too large', `The request body exceeds ${parserError.limit} bytes.`));
        return;
      case 'entity.parse.failed':
        sendProblem(response, problem(400, ErrorCode.MalformedJson, 'Malformed JSON', 'The request body is not valid JSON.', [{ pointer: '/', detail: 'is not valid JSON' }]));
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        sendProblem(response, problem(415, ErrorCode.UnsupportedMediaType, 'Unsupported media type', 'Send the body as UTF-8 JSON.'));
        return;
      default:
        break;
    }
    logger.error({ err: error, method: request.method, path: request.path }, 'unhandled error');
    sendProblem(response, problem(500, ErrorCode.Internal, 'Internal error', 'Something went wrong on our side; it has been logged.'));
  };
}
