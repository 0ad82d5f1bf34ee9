import { expect } from 'chai';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { closeServer, HTTP_TIMEOUTS, listenHttp } from '@checkout/platform';

/** Everything the server sends until it closes the connection, and when it closed it. */
function until(socket: Socket): Promise<{ received: string; closedAt: number }> {
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve({ received, closedAt: Date.now() })));
}

describe('listenHttp', () => {
  const timeouts = { headersTimeoutMs: 600, requestTimeoutMs: 1500, keepAliveTimeoutMs: 400 };
  const ok = (_request: unknown, response: { end: (body: string) => void }) => response.end('ok');

  it('should cut off a slow-loris client that never finishes its headers', async function () {
    this.timeout(10_000);
    const server = await listenHttp(ok as never, 0, '127.0.0.1', timeouts);
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const closed = until(socket);
    const started = Date.now();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    // One more header byte every 100 ms: always sending, never done.
    const drip = setInterval(() => socket.writable && socket.write('X'), 100);
    const { received, closedAt } = await closed;
    clearInterval(drip);
    await closeServer(server);
    expect(received === '' || received.startsWith('HTTP/1.1 408'), received).to.equal(true);
    // Cut off once the headers timeout passed, checked every second: not kept for Node's default 60 s.
    expect(closedAt - started).to.be.at.least(timeouts.headersTimeoutMs).and.below(5000);
  });

  it('should close an idle keep-alive connection, and answer a prompt client', async function () {
    this.timeout(10_000);
    const server = await listenHttp(ok as never, 0, '127.0.0.1', timeouts);
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const closed = until(socket);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const { received } = await closed;
    await closeServer(server);
    expect(received).to.match(/^HTTP\/1\.1 200 OK/).and.to.match(/\r\n\r\nok$/);
  });

  it('should use the hardened defaults unless told otherwise', async () => {
    const server = await listenHttp(ok as never, 0, '127.0.0.1');
    expect({ headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout, keepAliveTimeout: server.keepAliveTimeout }).to.deep.equal({
      headersTimeout: HTTP_TIMEOUTS.headersTimeoutMs,
      requestTimeout: HTTP_TIMEOUTS.requestTimeoutMs,
      keepAliveTimeout: HTTP_TIMEOUTS.keepAliveTimeoutMs,
    });
    await closeServer(server);
  });
});
