import type { Logger } from '../logger';

/** One offset to commit: the next message the group should read on that partition. */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Commits a consumer's finished messages on a timer rather than after every batch (kafkajs commits
 * after each batch, and at low load a batch is one message: one OffsetCommit request per message).
 * A message counts once its handler resolved; each partition's messages finish in order, so the
 * newest finished offset is the partition's whole finished prefix. What is not committed yet when a
 * consumer dies or loses a partition is delivered again: at-least-once, as before, with effects that
 * are idempotent. `flush` runs on the timer, on a rebalance and before a stop. The timer is armed only
 * while something waits to be committed: an idle consumer wakes for nothing.
 */
export class OffsetCommitter {
  private readonly finishedOffsets = new Map<string, TopicPartitionOffset>();
  /** What this member last committed per partition, so that a message finishing again never commits backwards. */
  private readonly committedOffsets = new Map<string, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly commit: (offsets: TopicPartitionOffset[]) => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly groupId: string,
  ) {}

  start(): void {
    this.started = true;
    this.arm();
  }

  /** At most `intervalMs` after the first offset that waits, a flush; none while nothing waits. */
  private arm(): void {
    if (!this.started || this.timer || this.finishedOffsets.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed commit keeps its offsets: armed again for them.
      void this.flush().then(() => this.arm());
    }, this.intervalMs);
    this.timer.unref();
  }

  /**
   * The handler of `offset` on that partition resolved: commit up to and including it at the next
   * flush. Never backwards: a message delivered again (after a restart from an older commit) that
   * finishes after a newer one leaves the newer one to commit.
   */
  finished(topic: string, partition: number, offset: string): void {
    const key = `${topic}\0${partition}`;
    const next = BigInt(offset) + 1n;
    const pending = this.finishedOffsets.get(key);
    if (pending && BigInt(pending.offset) >= next) return;
    if ((this.committedOffsets.get(key) ?? -1n) >= next) return;
    this.finishedOffsets.set(key, { topic, partition, offset: next.toString() });
    this.arm();
  }

  /** Commits what finished since the last flush; one flush at a time, a failed commit kept for the next. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.finishedOffsets.size === 0) return;
      const offsets = [...this.finishedOffsets.values()];
      this.finishedOffsets.clear();
      try {
        await this.commit(offsets);
        for (const entry of offsets) this.committedOffsets.set(`${entry.topic}\0${entry.partition}`, BigInt(entry.offset));
      } catch (error) {
        // Kept for the next flush unless a newer offset finished meanwhile; a partition this member lost is dropped when the group says so (assigned).
        for (const entry of offsets) {
          const key = `${entry.topic}\0${entry.partition}`;
          if (!this.finishedOffsets.has(key)) this.finishedOffsets.set(key, entry);
        }
        this.logger.warn({ err: error, groupId: this.groupId }, 'could not commit consumed offsets; will retry');
      }
    });
    return this.flushing;
  }

  /** After a rebalance: partitions this member no longer has are another's to commit (what it finished of them may be delivered again there). */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    const kept = (key: string) => {
      const [topic, partition] = key.split('\0');
      return assignment[topic!]?.includes(Number(partition)) ?? false;
    };
    for (const key of this.finishedOffsets.keys()) if (!kept(key)) this.finishedOffsets.delete(key);
    for (const key of this.committedOffsets.keys()) if (!kept(key)) this.committedOffsets.delete(key);
  }

  /** Stops the timer after committing what finished. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** How many partitions have finished messages not committed yet. */
  get pending(): number {
    return this.finishedOffsets.size;
  }
}
