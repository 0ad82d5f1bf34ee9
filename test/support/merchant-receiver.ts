import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A merchant's webhook receiver on a real socket: records every request, and answers each path with
 * the statuses it was told to, in turn (200 once they run out). GET /success and /failure are the
 * shopper's landing pages.
 */
export class MerchantReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, number[]>();
  private decider: ((request: ReceivedWebhook) => number) | undefined;
  private server!: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        if (request.method === 'GET') {
          response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Merchant</title><h1 id="landing">${path.startsWith('/success') ? 'Thank you for your order' : 'Payment not completed'}</h1>`);
          return;
        }
        const received = { path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(received);
        const status = this.scripts.get(path)?.shift() ?? this.decider?.(received) ?? 200;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `failing on purpose with ${status}`);
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests to `path` get these statuses, in order. */
  answer(path: string, statuses: number[]): void {
    this.scripts.set(path, [...statuses]);
  }

  /** Every request without a scripted status gets the status `decide` gives it. */
  decide(decide: (request: ReceivedWebhook) => number): void {
    this.decider = decide;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}
