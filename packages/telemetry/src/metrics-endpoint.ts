import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers GET /metrics in the Prometheus text format. */
export type MetricsEndpoint = (request: IncomingMessage, response: ServerResponse) => void;
