import { problem, type ErrorCode, type FieldError, type Problem } from '@checkout/contracts';

/** An HTTP failure with its RFC 9457 answer, thrown by the HTTP layer and rendered in one place. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }

  static of(status: number, code: ErrorCode, title: string, detail: string, errors?: FieldError[], headers: Record<string, string> = {}): ProblemError {
    return new ProblemError(problem(status, code, title, detail, errors), headers);
  }
}
