import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Health, startHealthServer } from '@checkout/platform';
import { testMeter } from '../../../test/support/test-meter';

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

  it('should stay ready, degraded, while only a dependency it can serve without is down, and say so per dependency in a metric', async () => {
    let redisUp = false;
    const health = new Health(
      [
        { name: 'redis', check: async () => { if (!redisUp) throw new Error('connection refused'); } },
        { name: 'mongodb', check: async () => undefined },
      ],
      { optional: ['redis'] },
    );
    expect(await health.readiness()).to.deep.equal({ status: 'degraded', checks: { redis: 'connection refused', mongodb: 'ok' } });
    const metered = testMeter();
    health.observe(metered.meter);
    expect(await metered.points('checkout.dependency.up')).to.deep.equal([
      { attributes: { 'checkout.dependency': 'redis' }, value: 0 },
      { attributes: { 'checkout.dependency': 'mongodb' }, value: 1 },
    ]);
    redisUp = true;
    expect((await health.readiness()).status).to.equal('ok');
    const server = await startHealthServer(new Health([{ name: 'redis', check: async () => { throw new Error('down'); } }], { optional: ['redis'] }), 0, '127.0.0.1');
    try {
      const ready = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.equal({ status: 'degraded', checks: { redis: 'down' } });
    } finally {
      server.close();
    }
  });

  it('should fail a check that does not answer in time', async () => {
    const health = new Health([{ name: 'mongo', check: () => new Promise(() => undefined) }], { timeoutMs: 20 });
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
