import type { CreateWebhookEndpointRequest, WebhookDelivery, WebhookEndpoint } from '@checkout/client';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import { Empty, Id, Loading, Notice, PageHeader, Problem, Status } from '../components';
import { dateTime, fromLocalInput, milliseconds, toLocalInput } from '../format';
import { collect, useAction, useLoad } from '../load';
import { hrefOf } from '../route';
import { EventChoice } from './webhooks';

/** One endpoint: fix it (URL, events, description), enable or disable it, test it, resend, replay; its deliveries and replays. */
export function EndpointPage({ id }: { id: string }) {
  const api = useApi();
  const endpoint = useLoad(() => api.webhookEndpoints.retrieve(id), [id]);
  const [round, setRound] = useState(0);
  const refresh = () => {
    endpoint.reload();
    setRound(round + 1);
  };
  return (
    <section>
      <p class="breadcrumb">
        <a href={hrefOf('webhooks')}>Webhooks</a> /
      </p>
      <Problem text={endpoint.error} />
      <Loading when={endpoint.loading && !endpoint.data} />
      {endpoint.data ? (
        <>
          <PageHeader title={endpoint.data.url}>
            <Status value={endpoint.data.status} />
            <button class="secondary" onClick={refresh}>
              Refresh
            </button>
          </PageHeader>
          {endpoint.data.disabledReason ? (
            <p class="problem" role="status">
              Disabled: {endpoint.data.disabledReason}
            </p>
          ) : null}
          <div class="grid-2">
            <Settings endpoint={endpoint.data} changed={refresh} />
            <Repairs endpoint={endpoint.data} changed={refresh} />
          </div>
          <Deliveries endpoint={endpoint.data} round={round} changed={refresh} />
          <Replays endpoint={endpoint.data} round={round} />
        </>
      ) : null}
    </section>
  );
}

function Settings({ endpoint, changed }: { endpoint: WebhookEndpoint; changed: () => void }) {
  const api = useApi();
  const action = useAction();
  const [url, setUrl] = useState(endpoint.url);
  const [description, setDescription] = useState(endpoint.description ?? '');
  const [events, setEvents] = useState<string[]>(endpoint.enabledEvents);
  const save = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => api.webhookEndpoints.update(endpoint.id, { url, description: description || null, enabledEvents: events as CreateWebhookEndpointRequest['enabledEvents'] }))) changed();
  };
  return (
    <article>
      <h2>Settings</h2>
      <form onSubmit={save} aria-label="Endpoint settings">
        <label>
          URL
          <input name="url" type="url" required value={url} onInput={(event) => setUrl(event.currentTarget.value)} />
        </label>
        <label>
          Description
          <input name="description" type="text" maxLength={500} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        </label>
        <EventChoice chosen={events} onChange={setEvents} />
        <Problem text={action.error} />
        <button type="submit" disabled={action.busy || events.length === 0} aria-busy={action.busy}>
          Save
        </button>
      </form>
    </article>
  );
}

function Repairs({ endpoint, changed }: { endpoint: WebhookEndpoint; changed: () => void }) {
  const api = useApi();
  const action = useAction();
  const [notice, setNotice] = useState<string>();
  const now = new Date();
  const [from, setFrom] = useState(toLocalInput(new Date(now.getTime() - 86_400_000)));
  const [to, setTo] = useState(toLocalInput(new Date(now.getTime() + 60_000)));
  const act = async (work: () => Promise<string>) => {
    setNotice(undefined);
    let message = '';
    if (await action.run(async () => (message = await work()))) {
      setNotice(message);
      changed();
    }
  };
  const enabled = endpoint.status === 'enabled';
  return (
    <article>
      <h2>Repairs</h2>
      <div class="button-row">
        {enabled ? (
          <button class="secondary" onClick={() => act(async () => (await api.webhookEndpoints.update(endpoint.id, { status: 'disabled' }), 'Disabled: nothing is sent to it.'))}>
            Disable
          </button>
        ) : (
          <button onClick={() => act(async () => (await api.webhookEndpoints.enable(endpoint.id), 'Enabled again: new events reach it.'))}>Enable again</button>
        )}
        <button class="secondary" disabled={!enabled} onClick={() => act(async () => `Test event ${(await api.webhookEndpoints.sendTest(endpoint.id)).eventId} queued.`)}>
          Send a test event
        </button>
      </div>
      <form
        aria-label="Replay missed events"
        onSubmit={(event) => {
          event.preventDefault();
          void act(async () => {
            const replay = await api.webhookEndpoints.replay(endpoint.id, { from: fromLocalInput(from)!, to: fromLocalInput(to)! });
            return `Replay ${replay.id} started: what it missed, one event at a time, oldest first.`;
          });
        }}
      >
        <fieldset>
          <legend>Replay what it missed</legend>
          <div class="grid">
            <label>
              From
              <input name="from" type="datetime-local" required value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
            </label>
            <label>
              To
              <input name="to" type="datetime-local" required value={to} onInput={(event) => setTo(event.currentTarget.value)} />
            </label>
          </div>
        </fieldset>
        <button type="submit" class="secondary" disabled={!enabled}>
          Replay
        </button>
      </form>
      <Problem text={action.error} />
      <Notice text={notice} />
    </article>
  );
}

function Deliveries({ endpoint, round, changed }: { endpoint: WebhookEndpoint; round: number; changed: () => void }) {
  const api = useApi();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useLoad(() => api.webhookEndpoints.deliveryPage(endpoint.id, { limit: 20, startingAfter: cursors.at(-1) }), [endpoint.id, cursors, round]);
  const resend = useAction();
  const deliveries = page.data?.data ?? [];
  return (
    <article>
      <h2>Deliveries</h2>
      <Problem text={page.error ?? resend.error} />
      <Loading when={page.loading && !page.data} />
      {page.data && deliveries.length === 0 ? <Empty>Nothing was sent to this endpoint yet.</Empty> : null}
      {deliveries.map((delivery) => (
        <DeliveryItem delivery={delivery} canResend={endpoint.status === 'enabled'} resend={() => resend.run(() => api.events.resend(delivery.eventId, endpoint.id)).then(changed)} />
      ))}
      <nav class="pager" aria-label="Delivery pages">
        <button class="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button class="secondary" disabled={!page.data?.hasMore} onClick={() => setCursors([...cursors, deliveries.at(-1)?.id])}>
          Older
        </button>
      </nav>
    </article>
  );
}

function DeliveryItem({ delivery, canResend, resend }: { delivery: WebhookDelivery; canResend: boolean; resend: () => void }) {
  const last = delivery.attempts.at(-1);
  return (
    <details class="delivery" data-delivery={delivery.id}>
      <summary>
        <Status value={delivery.status} /> <code>{delivery.eventType}</code> <small>{dateTime(delivery.createdAt)}</small>
        <small>
          {' '}
          · {delivery.attempts.length} attempt(s){last ? ` · last ${last.statusCode ?? last.error ?? '—'}` : ''}
        </small>
      </summary>
      <p>
        Event <Id value={delivery.eventId} />
        {delivery.nextAttemptAt ? ` · next attempt ${dateTime(delivery.nextAttemptAt)}` : ''}
      </p>
      {delivery.attempts.length > 0 ? (
        <table class="attempts">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">At</th>
              <th scope="col">Answer</th>
              <th scope="col">Latency</th>
              <th scope="col">Body</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt) => (
              <tr>
                <td>{attempt.number}</td>
                <td>{dateTime(attempt.at)}</td>
                <td>{attempt.statusCode ?? attempt.error ?? '—'}</td>
                <td class="number">{milliseconds(attempt.latencyMs)}</td>
                <td>
                  <code class="body">{attempt.responseBody ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button class="secondary" disabled={!canResend} onClick={resend}>
        Resend
      </button>
    </details>
  );
}

function Replays({ endpoint, round }: { endpoint: WebhookEndpoint; round: number }) {
  const api = useApi();
  const replays = useLoad(() => collect(api.webhookEndpoints.replays(endpoint.id, { limit: 10 }), 10), [endpoint.id, round]);
  if (!replays.data || replays.data.length === 0) return null;
  return (
    <article>
      <h2>Replays</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Range</th>
            <th scope="col">Status</th>
            <th scope="col" class="number">Events sent</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {replays.data.map((replay) => (
            <tr>
              <td>
                {dateTime(replay.from)} – {dateTime(replay.to)}
              </td>
              <td>
                <Status value={replay.status} />
              </td>
              <td class="number">{replay.eventsSent}</td>
              <td>{replay.failure ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
