import { expect } from 'chai';
import { runEvery } from '@checkout/platform';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runEvery', () => {
  it('should run the job on every tick, one run at a time, and go on after a failed run', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const errors: unknown[] = [];
    const job = runEvery(
      5,
      async () => {
        runs += 1;
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(12);
        running -= 1;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
    );
    await sleep(100);
    await job.stop();
    expect(mostAtOnce).to.equal(1);
    expect(runs).to.be.greaterThan(2);
    expect(errors.map((error) => (error as Error).message)).to.deep.equal(['first run fails']);
  });

  it('should wait for the run under way when stopped, and start none after', async () => {
    let finished = false;
    let runs = 0;
    const job = runEvery(
      5,
      async () => {
        runs += 1;
        await sleep(30);
        finished = true;
      },
      () => undefined,
    );
    await sleep(8);
    await job.stop();
    expect(finished).to.equal(true);
    const after = runs;
    await sleep(20);
    expect(runs).to.equal(after);
  });
});
