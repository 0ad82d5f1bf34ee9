import { SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

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

export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}
