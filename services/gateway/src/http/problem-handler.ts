import type { NextFunction, Request, Response } from 'express';
import { type Problem } from '@checkout/contracts';
import { problemFallback, writeProblem, type Logger } from '@checkout/platform';
import { ProblemError } from './problem-error';

export function sendProblem(response: Response, body: Problem, headers: Record<string, string> = {}): void {
  writeProblem(response, body, headers);
}

/** The one place an error becomes an HTTP answer: our ProblemErrors as they are, the rest by the platform's fallback. */
export function problemHandler(logger: Logger) {
  const fallback = problemFallback(logger);
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (error instanceof ProblemError && !response.headersSent) {
      sendProblem(response, { ...error.problem, instance: request.originalUrl }, error.headers);
      return;
    }
    fallback(error, request, response, next);
  };
}
