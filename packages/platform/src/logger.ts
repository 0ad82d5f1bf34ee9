import { scrubPersonalData, traceLogFields } from '@checkout/telemetry';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino removes from every log line: customer PII, credentials and raw request bodies.
 * Payment data must never reach a log, whatever a caller passes in.
 */
export const REDACTED_PATHS = [
  'customer',
  '*.customer',
  '*.*.customer',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'firstName',
  '*.firstName',
  'lastName',
  '*.lastName',
  'billingAddress',
  '*.billingAddress',
  'shippingAddress',
  '*.shippingAddress',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'body',
  '*.body',
];

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where lines go; stdout when absent. Tests pass a stream to capture them. */
  destination?: DestinationStream;
}

function scrubbedError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    if (typeof serialized[field] === 'string') serialized[field] = scrubPersonalData(serialized[field] as string);
  }
  return serialized;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.service,
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // Errors carry text nobody vetted (a provider echoing what it was sent): scrub it.
      serializers: { err: scrubbedError },
      // Every line written inside a span carries its trace_id and span_id.
      mixin: traceLogFields,
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
