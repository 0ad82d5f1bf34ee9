import type { CreateWebhookEndpointRequest, WebhookEndpoint } from '@checkout/client';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import { Empty, Loading, PageHeader, Problem, Status } from '../components';
import { dateTime } from '../format';
import { collect, useAction, useLoad } from '../load';
import { hrefOf } from '../route';

type Subscribable = Exclude<CreateWebhookEndpointRequest['enabledEvents'][number], '*'>;
/** Every event type an endpoint can subscribe to: a Record over the API's own type, so a type the API adds and this page lacks does not compile. */
const SUBSCRIBABLE: Record<Subscribable, true> = {
  'checkout.session.completed': true,
  'checkout.session.failed': true,
  'checkout.session.expired': true,
  'checkout.session.customer_erased': true,
  'provider_account.credentials_rejected': true,
};
const EVENT_TYPES = Object.keys(SUBSCRIBABLE) as Subscribable[];

/** The endpoints of this application and mode, and a form to add one (its secret shown this once). */
export function WebhooksPage() {
  const api = useApi();
  const endpoints = useLoad(() => collect(api.webhookEndpoints.list({ limit: 100 })), []);
  return (
    <section>
      <PageHeader title="Webhooks" />
      <Problem text={endpoints.error} />
      <Loading when={endpoints.loading && !endpoints.data} />
      {endpoints.data && endpoints.data.length === 0 ? <Empty>No endpoint yet: add one below to receive signed events.</Empty> : null}
      {endpoints.data && endpoints.data.length > 0 ? (
        <div class="table-scroll">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data.map((endpoint) => (
                <tr>
                  <td>
                    <a href={hrefOf('webhooks', endpoint.id)}>{endpoint.url}</a>
                    {endpoint.description ? <small class="block">{endpoint.description}</small> : null}
                  </td>
                  <td>{endpoint.enabledEvents.join(', ')}</td>
                  <td>
                    <Status value={endpoint.status} />
                  </td>
                  <td>{dateTime(endpoint.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewEndpoint created={endpoints.reload} />
    </section>
  );
}

export function EventChoice({ chosen, onChange }: { chosen: string[]; onChange: (events: string[]) => void }) {
  const toggle = (type: string) => onChange(chosen.includes(type) ? chosen.filter((item) => item !== type) : [...chosen.filter((item) => item !== '*'), type]);
  return (
    <fieldset>
      <legend>Events</legend>
      <label>
        <input type="checkbox" checked={chosen.includes('*')} onChange={() => onChange(chosen.includes('*') ? [] : ['*'])} />
        Every event, present and future
      </label>
      {EVENT_TYPES.map((type) => (
        <label>
          <input type="checkbox" checked={chosen.includes(type) || chosen.includes('*')} disabled={chosen.includes('*')} onChange={() => toggle(type)} />
          <code>{type}</code>
        </label>
      ))}
    </fieldset>
  );
}

function NewEndpoint({ created }: { created: () => void }) {
  const api = useApi();
  const action = useAction();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ endpoint: WebhookEndpoint; secret: string }>();
  const submit = async (event: Event) => {
    event.preventDefault();
    await action.run(async () => {
      const endpoint = await api.webhookEndpoints.create({ url, enabledEvents: events as CreateWebhookEndpointRequest['enabledEvents'], ...(description ? { description } : {}) });
      setSecret({ endpoint, secret: endpoint.secret });
      setUrl('');
      setDescription('');
      created();
    });
  };
  return (
    <article>
      <h2>Add an endpoint</h2>
      {secret ? (
        <div class="secret" role="status">
          <p>
            Endpoint <a href={hrefOf('webhooks', secret.endpoint.id)}>{secret.endpoint.url}</a> added. Its signing secret, shown this once: store it now.
          </p>
          <code class="id">{secret.secret}</code>
          <button class="secondary" onClick={() => setSecret(undefined)}>
            I have stored it
          </button>
        </div>
      ) : null}
      <form onSubmit={submit} aria-label="Add a webhook endpoint">
        <label>
          URL
          <input name="url" type="url" required placeholder="https://merchant.example/webhooks/checkout" value={url} onInput={(event) => setUrl(event.currentTarget.value)} />
        </label>
        <label>
          Description
          <input name="description" type="text" maxLength={500} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        </label>
        <EventChoice chosen={events} onChange={setEvents} />
        <Problem text={action.error} />
        <button type="submit" disabled={action.busy || events.length === 0} aria-busy={action.busy}>
          Add endpoint
        </button>
      </form>
    </article>
  );
}
