import type { ProviderAttempt } from '@checkout/contracts';
import { whileRedisReachable, type Redis } from '@checkout/platform';
import { encodeAttempt, signalFrom, signalKeyOf, WINDOW_SIZE, type ProviderSignal, type ProviderSignals } from './provider-signals';

/**
 * Records one session's attempts in one round trip, once: the session's marker (SET NX, kept a day,
 * since outcome events are delivered at least once), then each attempt pushed on its window, trimmed.
 * KEYS: the marker, then one window per attempt; ARGV: the window size, then the attempts in KEYS' order.
 */
const RECORD_ONCE = `
if not redis.call('SET', KEYS[1], '1', 'EX', 86400, 'NX') then return 0 end
local size = tonumber(ARGV[1])
for i = 2, #KEYS do
  redis.call('LPUSH', KEYS[i], ARGV[i])
  redis.call('LTRIM', KEYS[i], 0, size - 1)
end
return 1
`;

const RECORD_COMMAND = 'checkoutRecordAttempts';

/** Rolling windows in Redis lists, shared by every routing replica. Redis errors are RedisUnavailable (transient). */
export class RedisProviderSignals implements ProviderSignals {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'checkout:routing:',
  ) {
    // ioredis sends it by EVALSHA, and the script itself only when the server does not have it yet.
    redis.defineCommand(RECORD_COMMAND, { lua: RECORD_ONCE });
  }

  record(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void> {
    return whileRedisReachable(() => this.recordOnce(sessionId, attempts));
  }

  snapshot(providers: readonly string[]): Promise<Map<string, ProviderSignal>> {
    return whileRedisReachable(() => this.read(providers));
  }

  private async recordOnce(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    // Outcome events are delivered at least once: the script counts each session's attempts once.
    const keys = [`${this.prefix}recorded:${sessionId}`, ...attempts.map((attempt) => `${this.prefix}window:${signalKeyOf(attempt)}`)];
    const record = (this.redis as unknown as Record<typeof RECORD_COMMAND, (keyCount: number, ...keysThenArgs: string[]) => Promise<number>>)[RECORD_COMMAND];
    await record.call(this.redis, keys.length, ...keys, String(WINDOW_SIZE), ...attempts.map(encodeAttempt));
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
