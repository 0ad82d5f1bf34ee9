import { errorAnswer } from './error-answers';
import { ErrorCode } from './error-codes';

/** A field-level problem: an RFC 6901 JSON Pointer into the request and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** An RFC 9457 problem details document, with our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
}

/** The problem page of each code: `/problems/<code with hyphens>`. */
const PROBLEM_TYPE_PREFIX = '/problems/';

/** Problem types are relative references, resolved against the API's own base URL, where the gateway serves each as a page. */
export function problemType(code: ErrorCode): string {
  return `${PROBLEM_TYPE_PREFIX}${code.replace(/_/g, '-')}`;
}

/** The code a problem type's last segment (`amount-mismatch`) names, if any. */
export function codeOfProblemType(slug: string): ErrorCode | undefined {
  return Object.values(ErrorCode).find((code) => problemType(code) === `${PROBLEM_TYPE_PREFIX}${slug}`);
}

/** The RFC 9457 answer of a code: its status and title from ERROR_ANSWERS, with this occurrence's detail. */
export function problem(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = errorAnswer(code);
  return { type: problemType(code), title, status, detail, code, ...(errors && errors.length > 0 ? { errors } : {}) };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Why the API refused a request, thrown by use cases and HTTP middleware alike: a stable code (its
 * status and title come from ERROR_ANSWERS), the detail for this occurrence, the fields concerned,
 * when a retry may succeed, and, from the HTTP layer only, headers its answer carries
 * (`WWW-Authenticate`, `Allow`, the RateLimit fields). Rendered in one place: problemHandler.
 */
export class ApiError extends Error {
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; retryAfterSeconds?: number; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    if (options.errors) this.errors = options.errors;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  get problem(): Problem {
    return problem(this.code, this.message, this.errors);
  }
}
