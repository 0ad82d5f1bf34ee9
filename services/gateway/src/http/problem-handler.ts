import type { NextFunction, Request, Response } from 'express';
import { type Problem } from '@checkout/contracts';
import { problemFallback, writeProblem, type Logger } from '@checkout/platform';
import { SessionError } from '../sessions/session-errors';
import { ProblemError } from './problem-error';
import { problemForSessionError } from './session-problems';
import { MerchantApiError } from '../merchant-api/merchant-api-error';
import { problemForMerchantApiError } from './merchant-api-problems';

export function sendProblem(response: Response, body: Problem, headers: Record<string, string> = {}): void {
  writeProblem(response, body, headers);
}

/**
 * The one place an error becomes an HTTP answer: the HTTP layer's ProblemErrors as they are, the
 * use cases' SessionErrors and MerchantApiErrors by their code, the rest by the platform's fallback.
 */
export function problemHandler(logger: Logger) {
  const fallback = problemFallback(logger);
  return (thrown: unknown, request: Request, response: Response, next: NextFunction): void => {
    const error = thrown instanceof SessionError ? problemForSessionError(thrown) : thrown instanceof MerchantApiError ? problemForMerchantApiError(thrown) : thrown;
    if (error instanceof ProblemError && !response.headersSent) {
      sendProblem(response, { ...error.problem, instance: request.originalUrl }, error.headers);
      return;
    }
    fallback(thrown, request, response, next);
  };
}
