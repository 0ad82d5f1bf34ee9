import path from 'node:path';
import { startTelemetry } from '@checkout/telemetry/sdk';

/**
 * Imported first by main.ts: the OpenTelemetry SDK has to patch http, mongodb and kafkajs before
 * anything requires them. The one module with a side effect on import.
 */
export const telemetry = startTelemetry({ serviceName: 'checkout-notifications', serviceDirectory: path.join(__dirname, '..') });
