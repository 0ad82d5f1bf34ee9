import { SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { scrubPersonalData } from './scrub-personal-data';

/**
 * Runs `work` inside a new active span: children (Redis, MongoDB, Kafka, HTTP) attach to it,
 * a failure is recorded on it with error status and rethrown, and it always ends.
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
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
