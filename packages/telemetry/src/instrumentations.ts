import type { IncomingMessage, RequestOptions } from 'node:http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** Probes and scrapes: frequent, uninteresting, and they would drown the traces of real work. */
const UNTRACED_PATHS = new Set(['/livez', '/readyz', '/metrics']);

/** The OTLP exporters' own requests: telemetry about sending telemetry is noise. */
const OTLP_PATHS = new Set(['/v1/traces', '/v1/metrics', '/v1/logs']);

function isOperationalProbe(request: IncomingMessage): boolean {
  return UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? '');
}

function isTelemetryExport(request: RequestOptions): boolean {
  return OTLP_PATHS.has((request.path ?? '').split('?')[0] ?? '');
}

/**
 * Redis statements name the command and, except for scripts, the key; never the values
 * (idempotency records and stored responses are written as values).
 */
export function redisStatement(command: string, args: ReadonlyArray<unknown>): string {
  if (/^(EVAL|EVALSHA|FCALL)/i.test(command) || args.length === 0) return command;
  return `${command} ${String(args[0])}`;
}

/**
 * http (server and client, so the provider SDKs' calls appear); express, only for the route: it
 * names the request's span and metrics, while its layers get no spans of their own (they would
 * repeat the request's span on the hottest path); ioredis; mongodb (statements with their values
 * scrubbed); kafkajs (W3C trace context injected into and extracted from the message headers).
 */
export function checkoutInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: isOperationalProbe, ignoreOutgoingRequestHook: isTelemetryExport }),
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER] }),
    new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
    new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    new KafkaJsInstrumentation(),
  ];
}
