import type { RoutingSummary } from '@checkout/client';
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api';
import { LineChart, type LineSeries } from '../chart';
import { Empty, Id, Loading, PageHeader, Problem } from '../components';
import { dateTime, milliseconds, percent } from '../format';
import { useLoad } from '../load';

const RANGES = [
  { label: 'Last 24 hours', days: 1 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 90 days', days: 90 },
];
const asPercent = (value: number) => `${Math.round(value * 100)} %`;
const WHOLE: [number, number] = [0, 1];

/** How routing shared the sessions among the provider accounts: a table, and share and success rate over time. */
export function RoutingPage() {
  const api = useApi();
  const [days, setDays] = useState(7);
  const summary = useLoad(() => {
    const to = new Date();
    return api.routing.summary({ from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() });
  }, [days]);
  return (
    <section>
      <PageHeader title="Routing">
        <label class="inline">
          Range{' '}
          <select value={String(days)} onChange={(event) => setDays(Number((event.currentTarget as HTMLSelectElement).value))}>
            {RANGES.map((range) => (
              <option value={String(range.days)}>{range.label}</option>
            ))}
          </select>
        </label>
      </PageHeader>
      <Problem text={summary.error} />
      <Loading when={summary.loading && !summary.data} />
      {summary.data ? <Summary summary={summary.data} /> : null}
    </section>
  );
}

function Summary({ summary }: { summary: RoutingSummary }) {
  const charts = useMemo(() => {
    const times = summary.buckets.map((bucket) => Date.parse(bucket.start));
    const share: LineSeries[] = summary.accounts.map(({ account }) => ({
      label: account,
      values: summary.buckets.map((bucket) => {
        const total = bucket.accounts.reduce((sum, cell) => sum + cell.sessions, 0);
        const mine = bucket.accounts.find((cell) => cell.account === account)?.sessions ?? 0;
        return total === 0 ? null : mine / total;
      }),
    }));
    const success: LineSeries[] = summary.accounts.map(({ account }) => ({
      label: account,
      values: summary.buckets.map((bucket) => {
        const cell = bucket.accounts.find((entry) => entry.account === account);
        return cell && cell.sessions > 0 ? cell.completed / cell.sessions : null;
      }),
    }));
    return { times, share, success };
  }, [summary]);
  if (summary.routed === 0) return <Empty>No session was routed between {dateTime(summary.from)} and {dateTime(summary.to)}.</Empty>;
  return (
    <>
      <p class="lede">
        {summary.routed} of {summary.sessions} sessions routed between {dateTime(summary.from)} and {dateTime(summary.to)}
        {summary.truncated ? ' (the newest 5,000 of the range: choose a shorter one for all of it)' : ''}.
      </p>
      <div class="table-scroll">
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Provider</th>
              <th scope="col" class="number">Sessions</th>
              <th scope="col" class="number">Share</th>
              <th scope="col" class="number">Completed</th>
              <th scope="col" class="number">Success rate</th>
              <th scope="col" class="number">Median create latency</th>
              <th scope="col" class="number">Average score</th>
              <th scope="col" class="number">Failovers</th>
            </tr>
          </thead>
          <tbody>
            {summary.accounts.map((account) => (
              <tr>
                <td>
                  <Id value={account.account} />
                </td>
                <td>{account.provider}</td>
                <td class="number">{account.sessions}</td>
                <td class="number">{percent(account.share)}</td>
                <td class="number">{account.completed}</td>
                <td class="number">{percent(account.successRate)}</td>
                <td class="number">{milliseconds(account.medianCreateLatencyMs)}</td>
                <td class="number">{account.averageScore === null ? '—' : account.averageScore.toFixed(1)}</td>
                <td class="number">{account.failovers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="grid-2">
        <LineChart title={`Share of sessions per ${summary.bucket}`} times={charts.times} series={charts.share} unit={asPercent} range={WHOLE} />
        <LineChart title={`Success rate per ${summary.bucket} (completed of created)`} times={charts.times} series={charts.success} unit={asPercent} range={WHOLE} />
      </div>
    </>
  );
}
