import { expect } from 'chai';
import { connectRedis, createLogger, type Redis } from '@checkout/platform';
import { RedisOutcomeBroadcast } from '../../src/outcomes/outcome-broadcast';
import { OutcomeWaiters } from '../../src/sessions/outcome-waiters';
import { infra, uniqueName } from '../../../../test/support/infra';

describe('RedisOutcomeBroadcast on real Redis', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const connections: Redis[] = [];
  const connect = async () => {
    const redis = await connectRedis(infra.redisUrl);
    connections.push(redis);
    return redis;
  };
  after(() => Promise.all(connections.map((redis) => redis.quit())));

  it("should reach another replica's waiters through Redis, and this replica's own without a subscriber", async () => {
    const channel = uniqueName('outcomes');
    const here = new OutcomeWaiters();
    const there = new OutcomeWaiters();
    const publishing = new RedisOutcomeBroadcast(await connect(), here, channel);
    // The other replica listens; this one's subscriber is not (yet) subscribed, as after a reconnection.
    await new RedisOutcomeBroadcast(await connect(), there, channel).listen(await connect(), there, logger);

    const local = here.wait('s-local', 2000);
    const remote = there.wait('s-remote', 2000);
    await publishing.publish('s-local', { status: 201, body: { sessionId: 's-local' } });
    await publishing.publish('s-remote', { status: 201, body: { sessionId: 's-remote' } });
    expect(await local).to.deep.equal({ status: 201, body: { sessionId: 's-local' } });
    expect(await remote).to.deep.equal({ status: 201, body: { sessionId: 's-remote' } });
  });
});
