import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Health, startHealthServer } from '@checkout/platform';

describe('Health', () => {
  it('should be ready only when every check passes and it is not draining', async () => {
    let redisUp = true;
    const health = new Health([
      { name: 'redis', check: async () => { if (!redisUp) throw new Error('connection refused'); } },
      { name: 'kafka', check: async () => undefined },
    ]);
    expect(await health.readiness()).to.deep.equal({ status: 'ok', checks: { redis: 'ok', kafka: 'ok' } });
    redisUp = false;
    expect(await health.readiness()).to.deep.equal({
      status: 'unavailable',
      checks: { redis: 'connection refused', kafka: 'ok' },
    });
    redisUp = true;
    health.startDraining();
    expect((await health.readiness()).status).to.equal('unavailable');
  });

  it('should fail a check that does not answer in time', async () => {
    const health = new Health([{ name: 'mongo', check: () => new Promise(() => undefined) }], 20);
    expect((await health.readiness()).checks.mongo).to.match(/no answer within 20 ms/);
  });

  it('should serve /livez and /readyz over HTTP', async () => {
    const health = new Health([{ name: 'kafka', check: async () => { throw new Error('down'); } }]);
    const server = await startHealthServer(health, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const live = await fetch(`${base}/livez`);
      expect(live.status).to.equal(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).to.equal(503);
      expect(await ready.json()).to.deep.equal({ status: 'unavailable', checks: { kafka: 'down' } });
      expect((await fetch(`${base}/nope`)).status).to.equal(404);
    } finally {
      server.close();
    }
  });

  it('should serve /metrics from the telemetry endpoint it is given, and 404 it without one', async () => {
    const health = new Health([]);
    const metrics = (_request: unknown, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('checkout_sessions_total 3\n');
    };
    const withMetrics = await startHealthServer(health, 0, '127.0.0.1', metrics);
    const without = await startHealthServer(health, 0, '127.0.0.1');
    try {
      const scraped = await fetch(`http://127.0.0.1:${(withMetrics.address() as AddressInfo).port}/metrics`);
      expect(scraped.status).to.equal(200);
      expect(await scraped.text()).to.equal('checkout_sessions_total 3\n');
      expect((await fetch(`http://127.0.0.1:${(without.address() as AddressInfo).port}/metrics`)).status).to.equal(404);
    } finally {
      withMetrics.close();
      without.close();
    }
  });
});
