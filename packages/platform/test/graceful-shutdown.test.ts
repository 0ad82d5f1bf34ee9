import { expect } from 'chai';
import { createLogger, GracefulShutdown } from '@checkout/platform';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('GracefulShutdown', () => {
  it('should run the steps once, in order, then exit 0', async () => {
    const calls: string[] = [];
    const exits: number[] = [];
    const shutdown = new GracefulShutdown(logger, 1000, (code) => exits.push(code))
      .add('http', async () => void calls.push('http'))
      .add('consumers', async () => void calls.push('consumers'))
      .add('clients', async () => void calls.push('clients'));
    await Promise.all([shutdown.shutdown('SIGTERM'), shutdown.shutdown('SIGINT')]);
    expect(calls).to.deep.equal(['http', 'consumers', 'clients']);
    expect(exits).to.deep.equal([0]);
  });

  it('should run the remaining steps and exit 1 when one step fails', async () => {
    const calls: string[] = [];
    const exits: number[] = [];
    await new GracefulShutdown(logger, 1000, (code) => exits.push(code))
      .add('broken', async () => {
        throw new Error('boom');
      })
      .add('clients', async () => void calls.push('clients'))
      .shutdown('test');
    expect(calls).to.deep.equal(['clients']);
    expect(exits).to.deep.equal([1]);
  });

  it('should exit 1 when the steps outlast the deadline', async () => {
    const exits: number[] = [];
    const shutdown = new GracefulShutdown(logger, 20, (code) => exits.push(code)).add(
      'stuck',
      () => new Promise((resolve) => setTimeout(resolve, 100)),
    );
    await shutdown.shutdown('test');
    expect(exits[0]).to.equal(1);
  });
});
