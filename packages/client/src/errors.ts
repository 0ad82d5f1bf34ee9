/** One field's problem, as the API's RFC 9457 answers carry it: a JSON Pointer and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/**
 * Every failure of a call, as one class: the API's problem+json fields when it answered one
 * (`status`, `code`, `title`, `detail`, `errors`), or, when no answer came, `status` 0 and the code
 * `network_error` (the retries ran out) or `timeout` (a 202 did not become a 201 before the deadline).
 */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly type: string | undefined;
  readonly instance: string | undefined;
  readonly errors: FieldError[];
  /** The session concerned, when the answer names one (a failed creation). */
  readonly sessionId: string | undefined;

  constructor(fields: { status: number; code: string; title: string; detail: string; type?: string; instance?: string; errors?: FieldError[]; sessionId?: string }, options?: { cause?: unknown }) {
    super(`${fields.status || 'no answer'} ${fields.code}: ${fields.detail}`, options);
    this.status = fields.status;
    this.code = fields.code;
    this.title = fields.title;
    this.detail = fields.detail;
    this.type = fields.type;
    this.instance = fields.instance;
    this.errors = fields.errors ?? [];
    this.sessionId = fields.sessionId;
  }
}

/** A webhook whose signature, timestamp or body does not hold: nothing in it may be trusted. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}
