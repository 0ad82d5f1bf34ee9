import type { OutgoingMessage } from '../bus/event-bus';

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
}

/**
 * Coalesces concurrent publishes into as few produce requests as possible, without a linger: while
 * one request is in flight, every publish that arrives waits and joins the next one, which is sent
 * as soon as the first is acknowledged. The idempotent kafkajs producer allows one request in flight
 * per broker, so awaiting one `send` per event would cap the whole pipeline at one event per round
 * trip; this makes it one batch per round trip. A publish resolves only once the request that
 * carried its messages was acknowledged, and rejects if that request failed; messages of one key
 * keep their order, since batches are sent one after the other and each keeps arrival order.
 */
export class CoalescingSender {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly send: SendBatch,
    /** A batch this large is sent without taking more, so that one request stays a sensible size. */
    private readonly maxMessagesPerRequest = 2000,
  ) {}

  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ topic, messages, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.take();
        try {
          await this.send(group(batch));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
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
    return this.waiting.splice(0, taken);
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
