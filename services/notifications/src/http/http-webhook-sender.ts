import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress, WEBHOOK_PORTS, type AttemptResult } from '@checkout/webhooks';
import type { WebhookRequest, WebhookSender } from '../webhook-sender';

export interface HttpWebhookSenderOptions {
  /** The whole attempt, connecting included. */
  timeoutMs: number;
  /** Development only: deliver to loopback and private addresses (local receivers). */
  allowPrivateNetworks: boolean;
  /** How much of an answer is kept for the merchant to read. */
  responseBodyLimitBytes?: number;
}

class RefusedAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * dns.lookup that fails for a name resolving to any non-public address. Given to the socket as its
 * lookup, it checks the very addresses the connection will use, so a name cannot pass a check and
 * then resolve elsewhere (DNS rebinding).
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    // The merchant hears that it is refused, never which of our addresses a name led to.
    if (refused) return callback(new RefusedAddressError(`${hostname} does not resolve to public addresses only`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/**
 * Webhook POSTs over node:http(s): a deadline on the whole attempt, redirects never followed (a 3xx
 * is an answer like any other, and retried), only the first KiB of an answer read, and, outside
 * development, no connection to anything but a public address.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };
  private readonly bodyLimit: number;

  constructor(private readonly options: HttpWebhookSenderOptions) {
    this.bodyLimit = options.responseBodyLimitBytes ?? 1024;
  }

  async send(request: WebhookRequest): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!this.options.allowPrivateNetworks && isIP(host) && !isPublicAddress(host)) {
      return { statusCode: null, latencyMs: 0, error: `refused: ${host} is not a public address`, responseBody: null };
    }
    // An endpoint registered before ports were checked, or any URL in production, goes to 443 only.
    if (!this.options.allowPrivateNetworks && (url.protocol !== 'https:' || (url.port !== '' && url.port !== WEBHOOK_PORTS.https))) {
      return { statusCode: null, latencyMs: 0, error: `refused: only https on port ${WEBHOOK_PORTS.https} is delivered to`, responseBody: null };
    }
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<AttemptResult, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, latencyMs: elapsed() });
      };
      const outgoing = client.request(url, {
        method: 'POST',
        agent: url.protocol === 'https:' ? this.agents.https : this.agents.http,
        headers: { 'content-type': 'application/json', 'user-agent': 'Checkout-Webhooks/1.0', ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        ...(this.options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup as never }),
      });
      const timer = setTimeout(() => {
        finish({ statusCode: null, error: `timeout: no answer within ${this.options.timeoutMs} ms`, responseBody: null });
        outgoing.destroy();
      }, this.options.timeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const refused = error instanceof RefusedAddressError;
        finish({ statusCode: null, error: refused ? `refused: ${error.message}` : `connection error: ${error.code ?? error.message}`, responseBody: null });
      });
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          finish({ statusCode: response.statusCode ?? null, error: null, responseBody: Buffer.concat(chunks).toString('utf8') });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (kept < this.bodyLimit) {
            chunks.push(chunk.subarray(0, this.bodyLimit - kept));
            kept += Math.min(chunk.length, this.bodyLimit - kept);
          }
          if (kept >= this.bodyLimit) done();
        });
        response.on('end', done);
        response.on('error', done);
      });
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
