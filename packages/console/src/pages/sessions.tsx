import type { Session, SessionStatus } from '@checkout/client';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import { Empty, Loading, PageHeader, Problem, Status } from '../components';
import { dateTime, fromLocalInput, money } from '../format';
import { useLoad } from '../load';
import { hrefOf } from '../route';

/** Every status, in the order a session goes through them: a Record over the API's own type, so a status it adds does not compile until listed here. */
const STATUS_ORDER: Record<SessionStatus, number> = { PROCESSING: 0, PENDING: 1, COMPLETED: 2, FAILED: 3, EXPIRED: 4 };
const STATUSES = (Object.keys(STATUS_ORDER) as SessionStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);
const PAGE_SIZE = 20;

interface Filters {
  status: string;
  orderReference: string;
  createdAfter: string;
  createdBefore: string;
}

const NO_FILTERS: Filters = { status: '', orderReference: '', createdAfter: '', createdBefore: '' };

/** The sessions, newest first, filtered, a page at a time (the API's cursor: Next goes on from the last one shown). */
export function SessionsPage() {
  const api = useApi();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // The cursors of the pages before this one: Previous pops one.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () =>
      api.sessions.page({
        limit: PAGE_SIZE,
        startingAfter: cursor,
        status: (filters.status || undefined) as SessionStatus | undefined,
        orderReference: filters.orderReference.trim() || undefined,
        createdAfter: fromLocalInput(filters.createdAfter),
        createdBefore: fromLocalInput(filters.createdBefore),
      }),
    [filters, cursor],
  );
  const apply = (event: Event) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  const sessions = page.data?.data ?? [];
  return (
    <section>
      <PageHeader title="Sessions" />
      <form class="filters" onSubmit={apply} aria-label="Filter sessions">
        <label>
          Order reference
          <input name="orderReference" type="search" placeholder="ORD-2024-001" {...field('orderReference')} />
        </label>
        <label>
          Status
          <select name="status" {...field('status')}>
            <option value="">Any</option>
            {STATUSES.map((status) => (
              <option value={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          Created from
          <input name="createdAfter" type="datetime-local" {...field('createdAfter')} />
        </label>
        <label>
          Created before
          <input name="createdBefore" type="datetime-local" {...field('createdBefore')} />
        </label>
        <button type="submit">Search</button>
      </form>
      <Problem text={page.error} />
      <Loading when={page.loading && !page.data} />
      {page.data && sessions.length === 0 ? <Empty>No sessions match.</Empty> : null}
      {sessions.length > 0 ? (
        <div class="table-scroll">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Order reference</th>
                <th scope="col" class="number">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Provider</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <SessionRow session={session} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav class="pager" aria-label="Pages">
        <button class="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button class="secondary" disabled={!page.data?.hasMore} onClick={() => setCursors([...cursors, sessions.at(-1)?.sessionId])}>
          Next
        </button>
      </nav>
    </section>
  );
}

function SessionRow({ session }: { session: Session }) {
  return (
    <tr>
      <td>{dateTime(session.createdAt)}</td>
      <td>
        <a href={hrefOf('sessions', session.sessionId)}>{session.orderReference}</a>
      </td>
      <td class="number">{money(session.amount.total, session.currency)}</td>
      <td>
        <Status value={session.status} />
      </td>
      <td>{session.provider ? `${session.provider.name}${session.provider.accountId ? ` · ${session.provider.accountId}` : ''}` : '—'}</td>
    </tr>
  );
}
