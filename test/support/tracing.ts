import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let exporter: InMemorySpanExporter | undefined;

/**
 * A real tracer provider (AsyncLocalStorage context, in-memory exporter) registered once for
 * the test process, so unit tests can read the spans and log fields our code produces.
 */
export function recordedSpans(): { spans: () => ReadableSpan[]; reset: () => void } {
  if (!exporter) {
    exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
  }
  const recorder = exporter;
  return { spans: () => recorder.getFinishedSpans(), reset: () => recorder.reset() };
}

export function testTracer() {
  recordedSpans();
  return trace.getTracer('checkout.test');
}
