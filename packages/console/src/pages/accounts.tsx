import type { CreateProviderAccountRequest } from '@checkout/client';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import { Empty, Id, Loading, Notice, PageHeader, Problem, Status } from '../components';
import { dateTime } from '../format';
import { collect, useAction, useLoad } from '../load';

type Provider = CreateProviderAccountRequest['provider'];
type Credentials = NonNullable<CreateProviderAccountRequest['credentials']>;
interface CredentialField<C> {
  /** A field of the API's own credentials type: a rename there does not compile here. */
  name: keyof C & string;
  label: string;
  secret: boolean;
  optional?: boolean;
  hint?: string;
}

/** The credentials each provider takes: entered once, sent to the API, never shown again. */
const CREDENTIAL_FIELDS: { stripe: CredentialField<Extract<Credentials, { secretKey: string }>>[]; adyen: CredentialField<Extract<Credentials, { apiKey: string }>>[]; sandbox: [] } = {
  stripe: [
    { name: 'secretKey', label: 'Secret key', secret: true, hint: 'sk_test_… or sk_live_… (a restricted rk_ key works too)' },
    { name: 'webhookSecret', label: 'Webhook signing secret', secret: true, hint: 'whsec_… of the webhook you configure at Stripe' },
  ],
  adyen: [
    { name: 'apiKey', label: 'API key', secret: true },
    { name: 'merchantAccount', label: 'Merchant account', secret: false },
    { name: 'hmacKey', label: 'HMAC key', secret: true, hint: '64 hex characters' },
    { name: 'liveUrlPrefix', label: 'Live URL prefix', secret: false, optional: true, hint: 'LIVE accounts only' },
  ],
  sandbox: [],
};

/** The provider accounts of this application and mode: list, add (credentials checked by the provider first), disable, enable, delete. */
export function AccountsPage() {
  const api = useApi();
  const accounts = useLoad(() => collect(api.providerAccounts.list({ limit: 100 })), []);
  const action = useAction();
  const act = (work: () => Promise<unknown>) => action.run(work).then(accounts.reload);
  return (
    <section>
      <PageHeader title="Provider accounts" />
      <p class="lede">Your own accounts at the providers. Routing chooses among them; the platform's account for a provider is offered only while you have none of your own for it.</p>
      <Problem text={accounts.error ?? action.error} />
      <Loading when={accounts.loading && !accounts.data} />
      {accounts.data && accounts.data.length === 0 ? <Empty>No account of your own yet: sessions go to the platform's accounts.</Empty> : null}
      {accounts.data && accounts.data.length > 0 ? (
        <div class="table-scroll">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Provider</th>
                <th scope="col">Credentials</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <tr data-account={account.id}>
                  <td>
                    {account.label}
                    <small class="block">
                      <Id value={account.id} />
                    </small>
                  </td>
                  <td>
                    {account.provider} <small>({account.mode})</small>
                  </td>
                  <td>{account.credentialsHint ? `…${account.credentialsHint}` : '—'}</td>
                  <td>
                    <Status value={account.status} />
                    {account.statusReason ? <small class="block">{account.statusReason}</small> : null}
                  </td>
                  <td>{dateTime(account.createdAt)}</td>
                  <td class="button-row">
                    {account.status === 'enabled' ? (
                      <button class="secondary" disabled={action.busy} onClick={() => act(() => api.providerAccounts.disable(account.id))}>
                        Disable<span class="visually-hidden"> {account.label}</span>
                      </button>
                    ) : (
                      <>
                        {account.status === 'disabled' ? (
                          <button class="secondary" disabled={action.busy} onClick={() => act(() => api.providerAccounts.update(account.id, { status: 'enabled' }))}>
                            Enable<span class="visually-hidden"> {account.label}</span>
                          </button>
                        ) : null}
                        <button class="secondary outline" disabled={action.busy || account.status !== 'disabled'} onClick={() => act(() => api.providerAccounts.delete(account.id))}>
                          Delete<span class="visually-hidden"> {account.label}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewAccount added={accounts.reload} />
    </section>
  );
}

function NewAccount({ added }: { added: () => void }) {
  const api = useApi();
  const action = useAction();
  const [provider, setProvider] = useState<Provider>('stripe');
  const [label, setLabel] = useState('');
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const credentials: Record<string, string> = {};
    for (const field of CREDENTIAL_FIELDS[provider] as CredentialField<Credentials>[]) {
      const value = (form.elements.namedItem(field.name) as HTMLInputElement).value.trim();
      if (value) credentials[field.name] = value;
    }
    const body = { provider, label, ...(provider === 'sandbox' ? {} : { credentials }) } as CreateProviderAccountRequest;
    setNotice(undefined);
    if (
      await action.run(async () => {
        const account = await api.providerAccounts.create(body);
        setNotice(`${account.label} added (${account.mode} mode)${account.webhookUrl ? `: configure ${account.webhookUrl} under this deployment's public URL as its webhook at ${account.provider}` : ''}.`);
      })
    ) {
      // The credentials leave the page with the form: a new, empty one.
      setLabel('');
      setFormKey(formKey + 1);
      added();
    }
  };
  return (
    <article>
      <h2>Add an account</h2>
      <form key={formKey} onSubmit={submit} aria-label="Add a provider account" autocomplete="off">
        <div class="grid">
          <label>
            Provider
            <select name="provider" value={provider} onChange={(event) => setProvider((event.currentTarget as HTMLSelectElement).value as Provider)}>
              <option value="stripe">Stripe</option>
              <option value="adyen">Adyen</option>
              <option value="sandbox">Sandbox (test only)</option>
            </select>
          </label>
          <label>
            Label
            <input name="label" required maxLength={100} placeholder="Stripe AU entity" value={label} onInput={(event) => setLabel(event.currentTarget.value)} />
          </label>
        </div>
        {(CREDENTIAL_FIELDS[provider] as CredentialField<Credentials>[]).map((field) => (
          <label>
            {field.label}
            {field.optional ? ' (optional)' : ''}
            {field.secret ? (
              <input name={field.name} type="password" required={!field.optional} autocomplete="off" aria-describedby={field.hint ? `${field.name}-hint` : undefined} />
            ) : (
              <input name={field.name} type="text" required={!field.optional} autocomplete="off" spellcheck={false} aria-describedby={field.hint ? `${field.name}-hint` : undefined} />
            )}
            {field.hint ? <small id={`${field.name}-hint`}>{field.hint}</small> : null}
          </label>
        ))}
        <p class="hint">Credentials are checked with one call to the provider, sealed at rest, and never shown again (only their last 4 characters).</p>
        <Problem text={action.error} />
        <Notice text={notice} />
        <button type="submit" disabled={action.busy} aria-busy={action.busy}>
          Add account
        </button>
      </form>
    </article>
  );
}
