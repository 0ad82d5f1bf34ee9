import type { AccountRoutingSummary, RoutingSummary } from '@checkout/contracts';
import type { RoutingRow } from '@checkout/sessions';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Ranges up to this long are bucketed by the hour, longer ones by the day. */
const HOURLY_UP_TO_MS = 2 * DAY_MS;
const CLOSED = new Set(['COMPLETED', 'FAILED', 'EXPIRED']);

/** The account a session's checkout was opened with: its own id, or `platform:<provider>` for sessions from before accounts. */
function accountOf(row: RoutingRow): { account: string; provider: string } | null {
  if (!row.provider) return null;
  return { account: row.provider.accountId ?? `platform:${row.provider.name}`, provider: row.provider.name };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

/**
 * How routing shared these sessions among the accounts that opened their checkouts: per account its
 * sessions, share, completions, success rate (completed of closed), the median time of its successful
 * checkout creations, the average score it won with and its failovers (sessions it took after another
 * account failed); and per bucket of time, each account's sessions and completions.
 */
export function summarizeRouting(rows: RoutingRow[], range: { from: Date; to: Date }, options: { livemode: boolean; truncated: boolean }): RoutingSummary {
  const bucketMs = range.to.getTime() - range.from.getTime() <= HOURLY_UP_TO_MS ? HOUR_MS : DAY_MS;
  const firstBucket = Math.floor(range.from.getTime() / bucketMs) * bucketMs;
  const bucketCount = Math.max(1, Math.ceil((range.to.getTime() - firstBucket) / bucketMs));
  const perAccount = new Map<string, { provider: string; sessions: number; completed: number; closed: number; latencies: number[]; scores: number[]; failovers: number }>();
  const perBucket = Array.from({ length: bucketCount }, () => new Map<string, { sessions: number; completed: number }>());
  let routed = 0;
  for (const row of rows) {
    const opened = accountOf(row);
    if (!opened) continue;
    routed += 1;
    const stats = perAccount.get(opened.account) ?? { provider: opened.provider, sessions: 0, completed: 0, closed: 0, latencies: [], scores: [], failovers: 0 };
    perAccount.set(opened.account, stats);
    const completed = row.status === 'COMPLETED';
    stats.sessions += 1;
    if (completed) stats.completed += 1;
    if (CLOSED.has(row.status)) stats.closed += 1;
    const success = row.attempts.find((attempt) => attempt.outcome === 'succeeded' && (attempt.account ?? `platform:${attempt.provider}`) === opened.account);
    if (success) stats.latencies.push(success.latencyMs);
    if (row.attempts.some((attempt) => attempt.outcome === 'failed')) stats.failovers += 1;
    const candidate = row.routing?.candidates.find((entry) => (entry.account ?? `platform:${entry.provider}`) === opened.account);
    if (candidate) stats.scores.push(candidate.score);
    const index = Math.min(bucketCount - 1, Math.floor((row.createdAt.getTime() - firstBucket) / bucketMs));
    const bucket = perBucket[index]!;
    const cell = bucket.get(opened.account) ?? { sessions: 0, completed: 0 };
    cell.sessions += 1;
    if (completed) cell.completed += 1;
    bucket.set(opened.account, cell);
  }
  const accounts = [...perAccount.entries()]
    .map(([account, stats]): AccountRoutingSummary => ({
      account,
      provider: stats.provider,
      sessions: stats.sessions,
      share: round(routed === 0 ? null : stats.sessions / routed, 4),
      completed: stats.completed,
      closed: stats.closed,
      successRate: round(stats.closed === 0 ? null : stats.completed / stats.closed, 4),
      medianCreateLatencyMs: round(median(stats.latencies), 1),
      averageScore: round(mean(stats.scores), 4),
      failovers: stats.failovers,
    }))
    .sort((a, b) => b.sessions - a.sessions || a.account.localeCompare(b.account));
  return {
    livemode: options.livemode,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    sessions: rows.length,
    routed,
    truncated: options.truncated,
    bucket: bucketMs === HOUR_MS ? 'hour' : 'day',
    accounts,
    buckets: perBucket.map((bucket, index) => ({
      start: new Date(firstBucket + index * bucketMs).toISOString(),
      accounts: accounts.map(({ account }) => ({ account, ...(bucket.get(account) ?? { sessions: 0, completed: 0 }) })),
    })),
  };
}
