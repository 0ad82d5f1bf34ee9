import type { ProviderAttempt } from '@checkout/contracts';
import { whileRedisReachable, type Redis } from '@checkout/platform';
import { encodeAttempt, signalFrom, signalKeyOf, WINDOW_SIZE, type ProviderSignal, type ProviderSignals } from './provider-signals';

/** Rolling windows in Redis lists, shared by every routing replica. Redis errors are RedisUnavailable (transient). */
export class RedisProviderSignals implements ProviderSignals {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'checkout:routing:',
  ) {}

  record(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void> {
    return whileRedisReachable(() => this.recordOnce(sessionId, attempts));
  }

  snapshot(providers: readonly string[]): Promise<Map<string, ProviderSignal>> {
    return whileRedisReachable(() => this.read(providers));
  }

  private async recordOnce(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    // Outcome events are delivered at least once: count each session's attempts once.
    const first = await this.redis.set(`${this.prefix}recorded:${sessionId}`, '1', 'EX', 86_400, 'NX');
    if (first !== 'OK') return;
    const pipeline = this.redis.multi();
    for (const attempt of attempts) {
      const key = `${this.prefix}window:${signalKeyOf(attempt)}`;
      pipeline.lpush(key, encodeAttempt(attempt)).ltrim(key, 0, WINDOW_SIZE - 1);
    }
    await pipeline.exec();
  }

  private async read(providers: readonly string[]): Promise<Map<string, ProviderSignal>> {
    const pipeline = this.redis.pipeline();
    for (const provider of providers) pipeline.lrange(`${this.prefix}window:${provider}`, 0, WINDOW_SIZE - 1);
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      providers.map((provider, index) => {
        const [error, window] = results[index] ?? [null, []];
        if (error) throw error;
        return [provider, signalFrom(window as string[])];
      }),
    );
  }
}
