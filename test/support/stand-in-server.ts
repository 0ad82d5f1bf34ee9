import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** How a stand-in answers the next requests: normally, or like a provider having a bad day. */
export type Failure = 'http500' | 'http429' | 'http400' | 'http401' | 'timeout' | 'reset';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type StandInAnswer = { status: number; body: unknown } | { status: number; html: string } | { status: 303; location: string };

/** The plumbing every provider stand-in shares: a loopback server, a request log, scripted failures. */
export abstract class StandInServer {
  readonly requests: RecordedRequest[] = [];
  private failures: Failure[] = [];
  private failAlways: Failure | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Where it listens, once started. */
  protected baseUrl = '';
  /** API keys refused from now on (401), as a provider refuses a key its merchant revoked or rolled. */
  private readonly revoked = new Set<string>();

  revoke(apiKey: string): void {
    this.revoked.add(apiKey);
  }

  protected isRevoked(apiKey: string): boolean {
    return this.revoked.has(apiKey);
  }

  /** The next `times` requests fail this way (or every request, with times = Infinity). */
  fail(failure: Failure, times = 1): void {
    if (times === Infinity) this.failAlways = failure;
    else this.failures.push(...Array<Failure>(times).fill(failure));
  }

  recover(): void {
    this.failures = [];
    this.failAlways = undefined;
  }

  async start(tls?: { key: string; cert: string }): Promise<string> {
    const handler = (request: IncomingMessage, response: ServerResponse) => void this.receive(request, response);
    this.server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.baseUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The answer to a request: JSON, or (for the pages a shopper sees) HTML or a redirect. */
  protected abstract handle(request: RecordedRequest): StandInAnswer;
  protected abstract failureBody(failure: Exclude<Failure, 'timeout' | 'reset'>): { status: number; body: unknown };

  protected id(prefix: string): string {
    return `${prefix}${randomBytes(12).toString('hex')}`;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const recorded = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(recorded);
    const failure = this.failures.shift() ?? this.failAlways;
    if (failure === 'timeout') return; // never answer
    if (failure === 'reset') {
      request.socket.destroy();
      return;
    }
    const answer = failure ? this.failureBody(failure) : this.handle(recorded);
    if ('location' in answer) response.writeHead(answer.status, { location: answer.location }).end();
    else if ('html' in answer) response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
    else response.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': this.id('req_') }).end(JSON.stringify(answer.body));
  }
}
