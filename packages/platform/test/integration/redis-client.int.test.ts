import { expect } from 'chai';
import { connectRedis, type Redis } from '@checkout/platform';
import { infra, uniqueName } from '../../../../test/support/infra';

describe('connectRedis (real Redis)', function () {
  this.timeout(10_000);
  let redis: Redis;
  before(async () => {
    redis = await connectRedis(infra.redisUrl);
  });
  after(() => redis.quit());

  it('should reserve a key once with SET NX PX and let it expire', async () => {
    const key = uniqueName('idem');
    expect(await redis.set(key, 'first', 'PX', 200, 'NX')).to.equal('OK');
    expect(await redis.set(key, 'second', 'PX', 200, 'NX')).to.equal(null);
    expect(await redis.get(key)).to.equal('first');
    const ttl = await redis.pttl(key);
    expect(ttl).to.be.greaterThan(0).and.at.most(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.get(key)).to.equal(null);
  });

  it('should fail fast with the URL when Redis is not there', async () => {
    let caught: unknown;
    try {
      await connectRedis('redis://127.0.0.1:1');
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.match(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
