import type { EventPublisher, OutgoingMessage } from '@checkout/platform';

/** An EventPublisher that keeps what was published, and can be told to fail like a broker outage. */
export class RecordingPublisher implements EventPublisher {
  readonly published: { topic: string; message: OutgoingMessage }[] = [];
  failWith: Error | undefined;
  onPublish: ((topic: string, message: OutgoingMessage) => void) | undefined;

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    for (const message of messages) {
      this.published.push({ topic, message });
      this.onPublish?.(topic, message);
    }
  }

  payloads(topic: string): unknown[] {
    return this.published.filter((p) => p.topic === topic).map((p) => JSON.parse(p.message.value.toString()));
  }
}
