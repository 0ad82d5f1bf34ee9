/**
 * When a failed delivery is tried again: the delays after attempts 1, 2, … (the schedule Standard
 * Webhooks' reference implementation uses by default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h,
 * about 27 h in all), each spread by ±`jitter` so that an endpoint that comes back is not hit by
 * every retry at once. After the last delay's attempt fails, the delivery has failed.
 */
export class RetrySchedule {
  constructor(
    readonly delaysMs: readonly number[],
    private readonly jitter = 0.2,
    private readonly random: () => number = Math.random,
  ) {
    if (delaysMs.some((delay) => !Number.isFinite(delay) || delay < 0)) throw new Error('retry delays must be non-negative numbers');
  }

  /** Attempts in all: the first, then one per delay. */
  get maxAttempts(): number {
    return this.delaysMs.length + 1;
  }

  /** The delay after attempt `attempt` (1-based) failed; null when it was the last. */
  delayAfter(attempt: number): number | null {
    const base = this.delaysMs[attempt - 1];
    if (base === undefined) return null;
    return Math.round(base * (1 + this.jitter * (2 * this.random() - 1)));
  }
}

export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `5s,5m,30m,2h` (units ms, s, m, h, d) into milliseconds; throws on anything else. */
export function parseDurations(text: string): number[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h|d)\s*$/.exec(part);
    if (!match) throw new Error(`"${part.trim()}" is not a duration like 500ms, 5s, 5m, 2h or 1d`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
  });
}
