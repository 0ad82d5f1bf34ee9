import { PublishInDoubt, PublishNotSent, type OutgoingMessage } from '../bus/event-bus';

export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

/** One produce request carrying every topic's messages (kafkajs `sendBatch`), acknowledged as a whole. */
export type SendBatch = (batch: TopicMessages[]) => Promise<void>;

interface Waiting {
  topic: string;
  messages: readonly OutgoingMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
  /** On its way: taken into a request. */
  sending: boolean;
  /** Answered already (its deadline passed): the request's own answer is ignored. */
  settled: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Coalesces concurrent publishes into as few produce requests as possible, without a linger: while
 * one request is in flight, every publish that arrives waits and joins the next one, which is sent
 * as soon as the first is acknowledged. The idempotent kafkajs producer allows one request in flight
 * per broker, so awaiting one `send` per event would cap the whole pipeline at one event per round
 * trip; this makes it one batch per round trip. A publish resolves only once the request that
 * carried its messages was acknowledged, and rejects if that request failed; messages of one key
 * keep their order, since batches are sent one after the other and each keeps arrival order.
 *
 * Bounded: past `maxWaitingMessages` waiting, a publish is refused at once (PublishNotSent), and a
 * publish with a deadline is answered by it: still waiting, it is withdrawn (PublishNotSent); on its
 * way, PublishInDoubt.
 */
export class CoalescingSender {
  private waiting: Waiting[] = [];
  private waitingMessages = 0;
  private sending = false;

  constructor(
    private readonly send: SendBatch,
    /** A batch this large is sent without taking more, so that one request stays a sensible size. */
    private readonly maxMessagesPerRequest = 2000,
    private readonly maxWaitingMessages = 10_000,
  ) {}

  publish(topic: string, messages: readonly OutgoingMessage[], deadlineMs?: number): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.waitingMessages + messages.length > this.maxWaitingMessages) {
      return Promise.reject(new PublishNotSent(`the publish queue is full (${this.waitingMessages} messages waiting for Kafka)`));
    }
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = { topic, messages, resolve, reject, sending: false, settled: false };
      if (deadlineMs !== undefined) entry.timer = setTimeout(() => this.expire(entry, deadlineMs), deadlineMs);
      this.waiting.push(entry);
      this.waitingMessages += messages.length;
      if (!this.sending) void this.drain();
    });
  }

  private expire(entry: Waiting, deadlineMs: number): void {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.sending) {
      entry.reject(new PublishInDoubt(`Kafka did not acknowledge within ${deadlineMs} ms; the messages may still arrive`));
      return;
    }
    this.waiting.splice(this.waiting.indexOf(entry), 1);
    this.waitingMessages -= entry.messages.length;
    entry.reject(new PublishNotSent(`Kafka could not take the messages within ${deadlineMs} ms; they were not sent`));
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.take();
        let failure: unknown;
        try {
          await this.send(group(batch));
        } catch (error) {
          failure = error instanceof PublishNotSent || error instanceof PublishInDoubt ? error : new PublishNotSent(`Kafka refused the messages: ${(error as Error).message}`, { cause: error });
        }
        for (const entry of batch) {
          clearTimeout(entry.timer);
          if (entry.settled) continue;
          entry.settled = true;
          if (failure) entry.reject(failure);
          else entry.resolve();
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private take(): Waiting[] {
    let count = 0;
    let taken = 0;
    while (taken < this.waiting.length && (taken === 0 || count + this.waiting[taken]!.messages.length <= this.maxMessagesPerRequest)) {
      count += this.waiting[taken]!.messages.length;
      taken += 1;
    }
    const batch = this.waiting.splice(0, taken);
    this.waitingMessages -= count;
    for (const entry of batch) entry.sending = true;
    return batch;
  }
}

function group(batch: readonly Waiting[]): TopicMessages[] {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const entry of batch) {
    const messages = byTopic.get(entry.topic) ?? [];
    messages.push(...entry.messages);
    byTopic.set(entry.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
