import { expect } from 'chai';
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '../src/kafka/ensure-topics';

/** A KRaft broker's first answers about a topic it has just created. */
function freshCluster(unknownAnswers: number) {
  const created: Array<Record<string, unknown>> = [];
  let metadataCalls = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['existing'],
    createTopics: async (options: Record<string, unknown>) => {
      created.push(options);
      return true;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      metadataCalls += 1;
      if (metadataCalls <= unknownAnswers) throw Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) };
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, created, metadataCalls: () => metadataCalls };
}

describe('ensureTopics', () => {
  it("should turn kafkajs's own leader wait off: it gives up on UNKNOWN_TOPIC_OR_PARTITION (the CI failure of stop 33)", async () => {
    const cluster = freshCluster(0);
    await ensureTopics(cluster.kafka, [{ topic: 'new', partitions: 1 }]);
    expect(cluster.created).to.have.length(1);
    expect(cluster.created[0]).to.include({ waitForLeaders: false });
  });

  it('should wait through the moments a new topic is still unknown, and create only the missing ones', async () => {
    const cluster = freshCluster(2);
    const created = await ensureTopics(cluster.kafka, [{ topic: 'existing', partitions: 1 }, { topic: 'new', partitions: 3 }]);
    expect(created).to.deep.equal(['new']);
    expect(cluster.metadataCalls()).to.equal(3);
    expect((cluster.created[0]!.topics as unknown[])).to.deep.equal([{ topic: 'new', numPartitions: 3, replicationFactor: -1 }]);
  });

  it('should give up with a clear error when the leaders never come', async () => {
    const cluster = freshCluster(Number.POSITIVE_INFINITY);
    let failure: unknown;
    await ensureTopics(cluster.kafka, [{ topic: 'new', partitions: 1 }], 250).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/no leader for every partition of new within 250 ms/);
  });
});
