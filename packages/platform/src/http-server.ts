import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, problem, PROBLEM_CONTENT_TYPE } from '@checkout/contracts';

/** How long a client may take over each part of a request, so that a slow or idle one cannot hold a socket. */
export interface HttpTimeouts {
  /** The request line and every header must have arrived within this (a slow-loris client is cut off). */
  headersTimeoutMs: number;
  /** The whole request, body included. */
  requestTimeoutMs: number;
  /**
   * An idle keep-alive connection is closed after this. Longer than a load balancer's idle timeout
   * (commonly 60 s), so that the balancer, not us, closes a connection it may be reusing.
   */
  keepAliveTimeoutMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 };

/**
 * Starts an HTTP server with those timeouts, checked every second (Node checks every 30 s by
 * default, which would let a slow client keep its socket that much longer). Every service's HTTP
 * surface starts here.
 */
export async function listenHttp(handler: RequestListener, port: number, host?: string, timeouts: HttpTimeouts = HTTP_TIMEOUTS): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
    },
    handler,
  );
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * A request Node cannot parse (a malformed line or header, headers over its 16 KiB, too slow) never
 * reaches the handler: answered here, as every other refusal, with problem+json, then closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code = error.code === 'HPE_HEADER_OVERFLOW' ? ErrorCode.RequestHeadersTooLarge : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? ErrorCode.RequestTimeout : ErrorCode.MalformedRequest;
  const body = JSON.stringify(problem(code, 'The request could not be read; the connection is closed.'));
  const { status, title } = problem(code, '');
  socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
