import type { ErrorCode } from './error-codes';

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

/** Problem types are relative references, resolved against the API's own base URL. */
export function problemType(code: ErrorCode): string {
  return `/problems/${code.replace(/_/g, '-')}`;
}

export function problem(
  status: number,
  code: ErrorCode,
  title: string,
  detail: string,
  errors?: FieldError[],
): Problem {
  return { type: problemType(code), title, status, detail, code, ...(errors && errors.length > 0 ? { errors } : {}) };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
