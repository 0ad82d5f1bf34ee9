import type { Server } from 'node:http';

/**
 * Stops accepting connections and lets requests in flight finish. Keep-alive connections are
 * closed as soon as they fall idle (not only those idle at the start), and any still open after
 * `graceMs` are cut, so that a shutdown never waits for a client's keep-alive timeout.
 */
export function closeServer(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
