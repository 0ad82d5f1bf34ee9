import { context, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';
import { scrubPersonalData } from './scrub-personal-data';

export interface SpanPlacement {
  /** INTERNAL unless said otherwise (a consumer's span says CONSUMER). */
  kind?: SpanKind;
  /** The context the span continues; the active one unless given (e.g. extracted from a message). */
  parent?: Context;
}

/**
 * Runs `work` inside a new active span: children (Redis, MongoDB, Kafka, HTTP) attach to it,
 * a failure is recorded on it with error status and rethrown, and it always ends.
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  placement: SpanPlacement = {},
): Promise<T> {
  const options = placement.kind === undefined ? { attributes } : { attributes, kind: placement.kind };
  return tracer.startActiveSpan(name, options, placement.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Error status and an exception event, its message and stack scrubbed of personal data. */
export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  const message = scrubPersonalData(failure.message);
  span.recordException({ name: failure.name, message, ...(failure.stack ? { stack: scrubPersonalData(failure.stack) } : {}) });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** recordFailure on whatever span is active (an HTTP request's, when an error handler runs), if any. */
export function recordFailureOnActiveSpan(error: unknown): void {
  const span = trace.getActiveSpan();
  if (span) recordFailure(span, error);
}
