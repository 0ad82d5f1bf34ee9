import path from 'node:path';
import { startTelemetry } from '@checkout/telemetry/sdk';

/**
 * Imported first by main.ts: the OpenTelemetry SDK has to patch http, express, ioredis, mongodb
 * and kafkajs before anything requires them. The one module with a side effect on import.
 * `npm start` sends telemetry only when an OTEL_* variable names where to.
 */
export const telemetry = startTelemetry({ serviceName: 'checkout-embedded', serviceDirectory: path.join(__dirname, '..'), exportByDefault: false });
