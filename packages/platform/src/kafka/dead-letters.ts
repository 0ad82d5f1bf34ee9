import type { Kafka } from 'kafkajs';
import type { OutgoingMessage } from '../bus/event-bus';

/** One message of a `<topic>.dlq`, with why and from where (the `dlq_*` headers validatedConsumer writes). */
export interface DeadLetter {
  offset: string;
  key: string;
  reason: string;
  cause: string;
  attempts: string;
  group: string;
  source: { topic: string; partition: string; offset: string };
  time: string;
  message: OutgoingMessage;
}

const DLQ_HEADER = /^dlq_/;

/** Every dead letter of `deadLetterTopic` (one partition), oldest first: read from the start up to the current end. */
export async function readDeadLetters(kafka: Kafka, deadLetterTopic: string, timeoutMs = 30_000): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(deadLetterTopic).finally(() => admin.disconnect());
  const high = Number(ends.find((end) => end.partition === 0)?.high ?? 0);
  const low = Number(ends.find((end) => end.partition === 0)?.low ?? 0);
  if (high <= low) return [];
  // A group of its own, never committed: reading changes nothing for anyone else.
  const consumer = kafka.consumer({ groupId: `dead-letters-reader-${process.pid}-${Date.now()}` });
  const letters: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not read ${deadLetterTopic} up to offset ${high} within ${timeoutMs} ms`)), timeoutMs);
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value.at(-1) : value)]));
            letters.push({
              offset: message.offset,
              key: message.key?.toString() ?? '',
              reason: headers.dlq_reason ?? '',
              cause: headers.dlq_cause ?? 'invalid',
              attempts: headers.dlq_attempts ?? '0',
              group: headers.dlq_group ?? '',
              source: { topic: headers.dlq_source_topic ?? '', partition: headers.dlq_source_partition ?? '', offset: headers.dlq_source_offset ?? '' },
              time: headers.dlq_time ?? '',
              message: { key: message.key?.toString() ?? '', value: message.value ?? Buffer.alloc(0), headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !DLQ_HEADER.test(name))) },
            });
            if (Number(message.offset) + 1 >= high) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters;
}

/**
 * Publishes dead letters back to the topics they came from, as they were first sent (the `dlq_*`
 * headers left out), for their consumers to handle again once the cause is fixed. Every handler is
 * idempotent, so a letter whose work was done meanwhile changes nothing. How many were redriven.
 */
export async function redriveDeadLetters(kafka: Kafka, letters: readonly DeadLetter[]): Promise<number> {
  const bySource = new Map<string, OutgoingMessage[]>();
  for (const letter of letters) {
    if (!letter.source.topic) throw new Error(`dead letter at offset ${letter.offset} does not say where it came from (dlq_source_topic)`);
    bySource.set(letter.source.topic, [...(bySource.get(letter.source.topic) ?? []), letter.message]);
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.sendBatch({ acks: -1, topicMessages: [...bySource].map(([topic, messages]) => ({ topic, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) })) });
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}
