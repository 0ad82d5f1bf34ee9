import { CheckoutError, type FieldError } from './errors';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, maySendAgain, retryDelayMs, type RetryPolicy } from './retry-policy';

export interface TransportOptions {
  baseUrl: string;
  /** The merchant's bearer token (a JWT), or a function returning the current one. */
  token: string | (() => string | Promise<string>);
  retry?: Partial<RetryPolicy>;
  /** One attempt's deadline. */
  timeoutMs?: number;
  /** The platform fetch by default. */
  fetch?: typeof fetch;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** HTTP to the Checkout API: JSON in and out, problem+json as CheckoutError, retries with backoff. */
export class Transport {
  private readonly baseUrl: string;
  private readonly policy: RetryPolicy;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  get retryPolicy(): RetryPolicy {
    return this.policy;
  }

  /**
   * Sends the call, again on a network error or a retryable status (409 in flight, 429, 5xx) where that
   * is safe (maySendAgain: a POST only with an Idempotency-Key), up to the policy's attempts, waiting as the server's Retry-After says or with jittered backoff. The
   * request is the same each time: the same Idempotency-Key when it has one.
   */
  async send<T>(call: Call): Promise<Answer<T>> {
    const keyed = Object.keys(call.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key');
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.once(call);
      } catch (error) {
        if (attempt >= this.policy.maxAttempts || !maySendAgain(call.method, keyed, null)) {
          throw new CheckoutError({ status: 0, code: 'network_error', title: 'No answer', detail: `${call.method} ${call.path}: ${(error as Error).message}` }, { cause: error });
        }
        await sleep(retryDelayMs(this.policy, attempt, null));
        continue;
      }
      if (response.ok) return { status: response.status, headers: response.headers, body: (response.status === 204 ? undefined : await response.json()) as T };
      if (isRetryableStatus(response.status, response.headers.get('retry-after')) && maySendAgain(call.method, keyed, response.status) && attempt < this.policy.maxAttempts) {
        await response.body?.cancel();
        await sleep(retryDelayMs(this.policy, attempt, response.headers.get('retry-after')));
        continue;
      }
      throw await problemOf(response);
    }
  }

  /** Waits `ms`, for callers following a 202. */
  pause(ms: number): Promise<void> {
    return sleep(ms);
  }

  private async once(call: Call): Promise<Response> {
    const url = new URL(this.baseUrl + call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    return this.fetch(url, {
      method: call.method,
      headers: {
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${token}`,
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
  }
}

async function problemOf(response: Response): Promise<CheckoutError> {
  const text = await response.text();
  let problem: Partial<{ type: string; title: string; detail: string; code: string; instance: string; errors: FieldError[]; sessionId: string }> = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    // not JSON: a proxy's page, say
  }
  return new CheckoutError({
    status: response.status,
    code: problem.code ?? `http_${response.status}`,
    title: problem.title ?? response.statusText,
    detail: problem.detail ?? text.slice(0, 200),
    type: problem.type,
    instance: problem.instance,
    errors: problem.errors,
    sessionId: problem.sessionId,
  });
}
