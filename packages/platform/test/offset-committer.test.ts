import { expect } from 'chai';
import { createLogger } from '@checkout/platform';
import { OffsetCommitter, type TopicPartitionOffset } from '../src/kafka/offset-committer';

describe('OffsetCommitter', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const recorder = () => {
    const commits: TopicPartitionOffset[][] = [];
    let failing = false;
    const committer = new OffsetCommitter(
      async (offsets) => {
        if (failing) throw new Error('REBALANCE_IN_PROGRESS');
        commits.push(offsets);
      },
      60_000,
      logger,
      'group',
    );
    return { committer, commits, fail: (value: boolean) => void (failing = value) };
  };

  it("should commit, at a flush, the offset after each partition's newest finished message, once", async () => {
    const { committer, commits } = recorder();
    committer.finished('t', 0, '41');
    committer.finished('t', 0, '42');
    committer.finished('t', 1, '7');
    await committer.flush();
    expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '43' }, { topic: 't', partition: 1, offset: '8' }]]);
    await committer.flush();
    expect(commits, 'nothing new: no request').to.have.length(1);
  });

  it('should never move a pending offset backwards when an older message finishes again after a newer one', async () => {
    const { committer, commits } = recorder();
    committer.finished('t', 0, '42');
    committer.finished('t', 0, '40');
    await committer.flush();
    expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '43' }]]);
    // Committed already: a message delivered again and finished later does not commit below it.
    committer.finished('t', 0, '41');
    await committer.flush();
    expect(commits).to.have.length(1);
  });

  it('should keep what a failed commit carried for the next flush, unless a newer offset finished meanwhile', async () => {
    const { committer, commits, fail } = recorder();
    committer.finished('t', 0, '9');
    committer.finished('t', 1, '3');
    fail(true);
    await committer.flush();
    expect(committer.pending).to.equal(2);
    committer.finished('t', 0, '10');
    fail(false);
    await committer.flush();
    expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '11' }, { topic: 't', partition: 1, offset: '4' }]]);
  });

  it('should leave partitions this member lost after a rebalance to their new owner', async () => {
    const { committer, commits } = recorder();
    committer.finished('t', 0, '1');
    committer.finished('t', 1, '1');
    committer.finished('u', 0, '5');
    committer.assigned({ t: [1], u: [0] });
    await committer.flush();
    expect(commits).to.deep.equal([[{ topic: 't', partition: 1, offset: '2' }, { topic: 'u', partition: 0, offset: '6' }]]);
  });

  it('should commit what finished when stopped, and on its timer', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(async (offsets) => void commits.push(offsets), 20, logger, 'group');
    committer.start();
    committer.finished('t', 0, '1');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '2' }]]);
    committer.finished('t', 0, '2');
    await committer.stop();
    expect(commits.at(-1)).to.deep.equal([{ topic: 't', partition: 0, offset: '3' }]);
  });

  it('should keep no timer while nothing waits to be committed: an idle consumer does not wake', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(async (offsets) => void commits.push(offsets), 20, logger, 'group');
    // The timer is unref'd (it must not hold a stopping process), so Node's active resources do not list it.
    const armed = () => (committer as unknown as { timer?: NodeJS.Timeout }).timer !== undefined;
    committer.start();
    expect(armed(), 'a timer with nothing to commit').to.equal(false);
    committer.finished('t', 0, '1');
    expect(armed()).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(commits).to.have.length(1);
    expect(armed(), 'the timer stayed after its commit').to.equal(false);
    await committer.stop();
  });

  it('should retry a failed commit on its timer', async () => {
    let failures = 1;
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(
      async (offsets) => {
        if (failures-- > 0) throw new Error('coordinator moved');
        commits.push(offsets);
      },
      20,
      logger,
      'group',
    );
    committer.start();
    committer.finished('t', 0, '4');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '5' }]]);
    await committer.stop();
  });
});
