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
    await publishing.publish('s-local', { status: 201, body: { sessionId: 's-local' } }, Promise.resolve());
    await publishing.publish('s-remote', { status: 201, body: { sessionId: 's-remote' } }, Promise.resolve());
    expect(await local).to.deep.equal({ status: 201, body: { sessionId: 's-local' } });
    expect(await remote).to.deep.equal({ status: 201, body: { sessionId: 's-remote' } });
  });

  it("should answer this replica's waiter only once the record is saved, tell the others at once, and not at all when the save fails", async () => {
    const channel = uniqueName('outcomes');
    const here = new OutcomeWaiters();
    const there = new OutcomeWaiters();
    const publishing = new RedisOutcomeBroadcast(await connect(), here, channel);
    await new RedisOutcomeBroadcast(await connect(), there, channel).listen(await connect(), there, logger);
    let save!: () => void;
    const saved = new Promise<void>((resolve) => (save = resolve));
    let heard = false;
    const local = here.wait('s-ordered', 3000).then((answer) => ((heard = true), answer));
    const remote = there.wait('s-ordered', 3000);
    const publishing1 = publishing.publish('s-ordered', { status: 201, body: {} }, saved);
    expect(await remote, 'the other replica hears without waiting for the save').to.deep.equal({ status: 201, body: {} });
    expect(heard, 'not before the record is saved').to.equal(false);
    save();
    await publishing1;
    expect(await local).to.deep.equal({ status: 201, body: {} });

    const failing = here.wait('s-unsaved', 300);
    const failed = await publishing.publish('s-unsaved', { status: 201, body: {} }, Promise.reject(new Error('Redis: lost'))).catch((error: Error) => error.message);
    expect(failed).to.equal('Redis: lost');
    expect(await failing, 'no answer from an unsaved record: the outcome is finalised again on redelivery').to.equal(undefined);
  });
});
