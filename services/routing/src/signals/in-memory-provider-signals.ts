import type { ProviderAttempt } from '@checkout/contracts';
import { encodeAttempt, signalFrom, signalKeyOf, WINDOW_SIZE, type ProviderSignal, type ProviderSignals } from './provider-signals';

/** The same windows in process memory (embedded mode, tests). */
export class InMemoryProviderSignals implements ProviderSignals {
  private readonly windows = new Map<string, string[]>();
  private readonly recorded = new Set<string>();

  async record(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void> {
    if (attempts.length === 0 || this.recorded.has(sessionId)) return;
    this.recorded.add(sessionId);
    for (const attempt of attempts) {
      const key = signalKeyOf(attempt);
      const window = this.windows.get(key) ?? [];
      window.unshift(encodeAttempt(attempt));
      window.length = Math.min(window.length, WINDOW_SIZE);
      this.windows.set(key, window);
    }
  }

  async snapshot(providers: readonly string[]): Promise<Map<string, ProviderSignal>> {
    return new Map(providers.map((provider) => [provider, signalFrom(this.windows.get(provider) ?? [])]));
  }
}
