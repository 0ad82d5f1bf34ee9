import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpWebhookSender } from '../src/http/http-webhook-sender';

describe('HttpWebhookSender (real sockets)', () => {
  let server: Server;
  let base: string;
  const hits: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/ok': (response) => response.writeHead(200).end('thanks'),
    '/redirect': (response) => response.writeHead(302, { location: '/ok' }).end(),
    '/large': (response) => response.writeHead(200).end('x'.repeat(100_000)),
    '/slow': () => undefined, // never answers
  };

  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        hits.push({ path: request.url ?? '', headers: request.headers, body });
        routes[request.url ?? '']?.(response);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => (hits.length = 0));

  const development = new HttpWebhookSender({ timeoutMs: 500, allowPrivateNetworks: true });
  const production = new HttpWebhookSender({ timeoutMs: 500, allowPrivateNetworks: false });
  after(() => {
    development.close();
    production.close();
  });
  const send = (sender: HttpWebhookSender, url: string) => sender.send({ url, body: '{"id":"evt_1"}', headers: { 'webhook-id': 'evt_1' } });

  it('should POST the body with its headers and keep the answer', async () => {
    const result = await send(development, `${base}/ok`);
    expect(result).to.deep.include({ statusCode: 200, error: null, responseBody: 'thanks' });
    expect(result.latencyMs).to.be.a('number');
    expect(hits[0]).to.deep.include({ path: '/ok', body: '{"id":"evt_1"}' });
    expect(hits[0]!.headers).to.include({ 'webhook-id': 'evt_1', 'content-type': 'application/json' });
  });

  it('should not follow a redirect: the 3xx is the answer', async () => {
    const result = await send(development, `${base}/redirect`);
    expect(result.statusCode).to.equal(302);
    expect(hits.map((hit) => hit.path)).to.deep.equal(['/redirect']);
  });

  it('should keep only the first KiB of an answer', async () => {
    const result = await send(development, `${base}/large`);
    expect(result.statusCode).to.equal(200);
    expect(result.responseBody).to.have.length(1024);
  });

  it('should give up at its deadline and say so', async () => {
    const result = await send(development, `${base}/slow`);
    expect(result).to.deep.include({ statusCode: null, responseBody: null });
    expect(result.error).to.match(/^timeout/);
    expect(result.latencyMs).to.be.within(450, 2000);
  });

  it('should report a refused connection as an error, not throw', async () => {
    const result = await send(development, 'http://127.0.0.1:9/hooks');
    expect(result.statusCode).to.equal(null);
    expect(result.error).to.match(/^connection error: ECONNREFUSED/);
  });

  it('should refuse, in production, loopback and private addresses, also when a name resolves to one', async () => {
    for (const url of [`${base}/ok`, `${base.replace('127.0.0.1', 'localhost')}/ok`, 'http://10.0.0.1/hooks', 'http://[::1]/hooks', 'http://169.254.169.254/latest/meta-data']) {
      const result = await send(production, url);
      expect(result.statusCode, url).to.equal(null);
      expect(result.error, url).to.match(/^refused: /);
      expect(result.error, 'no resolved address is told').not.to.match(/resolves to \d|127\.0\.0\.1.*which/);
    }
    expect(hits, 'nothing reached our network').to.have.length(0);
    expect((await send(production, 'https://merchant.example:8443/hooks')).error).to.equal('refused: only https on port 443 is delivered to');
    // A name that resolves to our own network: refused at connect, without saying where it led.
    expect((await send(production, 'https://localhost/hooks')).error).to.equal('refused: localhost does not resolve to public addresses only');
  });
});
