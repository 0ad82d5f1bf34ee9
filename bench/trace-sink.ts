import { once } from 'node:events';
import { createServer } from 'node:http';

export interface TraceSink {
  /** The OTLP endpoint to give the services (OTEL_EXPORTER_OTLP_ENDPOINT). */
  url: string;
  /** Export requests and bytes received so far. */
  received: () => { requests: number; bytes: number };
  stop: () => Promise<void>;
}

/**
 * Where the benchmarked services send their spans: an OTLP/HTTP endpoint that answers 200 and
 * throws the data away, so the services pay the full cost of tracing and exporting (as they
 * would with a collector) while the benchmark spends next to nothing on receiving it.
 */
export async function startTraceSink(): Promise<TraceSink> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    received: () => ({ requests, bytes }),
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
