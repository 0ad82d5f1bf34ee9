import type { ProviderAttempt } from '@checkout/contracts';
import { platformAccountId } from '@checkout/provider-accounts';

/** Signals are kept per provider account; an attempt recorded before accounts existed was at the platform's. */
export function signalKeyOf(attempt: ProviderAttempt): string {
  return attempt.account ?? platformAccountId(attempt.provider);
}

/** What recent real traffic says about one provider account. */
export interface ProviderSignal {
  /** The newest attempts (at most RECENT_WINDOW), and how many of them succeeded. */
  attempts: number;
  successes: number;
  /** Median latency over the whole window (at most WINDOW_SIZE attempts); null without data. */
  medianLatencyMs: number | null;
  /** open: it keeps failing, so it is demoted (still probed with a small share of traffic). */
  circuit: 'closed' | 'open';
}

export const WINDOW_SIZE = 50;
/** Success rate and circuit look at the newest attempts only, so that they react and recover quickly. */
export const RECENT_WINDOW = 20;
export const CIRCUIT_MIN_ATTEMPTS = 10;
export const CIRCUIT_FAILURE_RATE = 0.4;

/** Where routing keeps its live signals. */
export interface ProviderSignals {
  /** Records every attempt of one session once, however often its outcome is delivered. */
  record(sessionId: string, attempts: readonly ProviderAttempt[]): Promise<void>;
  /** By account id. */
  snapshot(accounts: readonly string[]): Promise<Map<string, ProviderSignal>>;
}

/** One attempt as stored in a window: "1:230" is a success that took 230 ms. */
export function encodeAttempt(attempt: ProviderAttempt): string {
  return `${attempt.outcome === 'succeeded' ? 1 : 0}:${Math.round(attempt.latencyMs)}`;
}

/** Newest first, as LPUSH leaves them. */
export function signalFrom(window: readonly string[]): ProviderSignal {
  const entries = window.map((entry) => {
    const [ok, latency] = entry.split(':');
    return { ok: ok === '1', latencyMs: Number(latency) };
  });
  const latencies = entries.map((entry) => entry.latencyMs).sort((a, b) => a - b);
  const medianLatencyMs = latencies.length === 0 ? null : latencies[Math.floor((latencies.length - 1) / 2)]!;
  const recent = entries.slice(0, RECENT_WINDOW);
  const successes = recent.filter((entry) => entry.ok).length;
  const open = recent.length >= CIRCUIT_MIN_ATTEMPTS && (recent.length - successes) / recent.length >= CIRCUIT_FAILURE_RATE;
  return { attempts: recent.length, successes, medianLatencyMs, circuit: open ? 'open' : 'closed' };
}
