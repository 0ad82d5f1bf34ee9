import { problem, type ErrorCode, type FieldError, type Problem } from '@checkout/contracts';

/** A failure with its RFC 9457 answer; thrown by use cases and the HTTP layer, rendered in one place. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(
    status: number,
    code: ErrorCode,
    title: string,
    detail: string,
    errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.problem = problem(status, code, title, detail, errors);
  }
}
