import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor ?? -1,
      })),
    });
    return missing.map((spec) => spec.topic);
  } catch (error) {
    // Another replica may have created them between our list and create.
    if ((error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return [];
    throw error;
  } finally {
    await admin.disconnect();
  }
}
