import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ApiContext, apiFor } from './api';
import { chooseMode, chosenMode, forget, remember, signedIn, takeTokensFromFragment, type Identity, type Mode } from './auth';
import { AccountsPage } from './pages/accounts';
import { EndpointPage } from './pages/endpoint';
import { RoutingPage } from './pages/routing';
import { SessionPage } from './pages/session';
import { SessionsPage } from './pages/sessions';
import { WebhooksPage } from './pages/webhooks';
import { hrefOf, useRoute, type Route } from './route';
import { SignIn } from './sign-in';

const NAV: { page: Route['page']; label: string; href: string }[] = [
  { page: 'sessions', label: 'Sessions', href: hrefOf('sessions') },
  { page: 'routing', label: 'Routing', href: hrefOf('routing') },
  { page: 'webhooks', label: 'Webhooks', href: hrefOf('webhooks') },
  { page: 'accounts', label: 'Provider accounts', href: hrefOf('accounts') },
];
const SECTION_OF: Record<Route['page'], Route['page']> = { sessions: 'sessions', session: 'sessions', routing: 'routing', webhooks: 'webhooks', endpoint: 'webhooks', accounts: 'accounts' };

const handedOver = takeTokensFromFragment();

/** The console: one application in one mode at a time, every page built on the public API. */
function Console() {
  const [mode, setMode] = useState<Mode>(() => handedOver[0]?.mode ?? chosenMode());
  const [identity, setIdentity] = useState<Identity | null>(() => signedIn(mode));
  const [reason, setReason] = useState<string>();
  const route = useRoute();

  const switchTo = (next: Mode) => {
    chooseMode(next);
    setMode(next);
    setIdentity(signedIn(next));
    setReason(undefined);
  };
  const signOut = (why?: string) => {
    forget(mode);
    setIdentity(null);
    setReason(why);
  };
  const api = useMemo(() => (identity ? apiFor(identity, () => signOut('The API refused the token (expired or revoked): sign in again.')) : null), [identity]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
      <header class={`topbar mode-${mode}`}>
        <nav class="container-fluid" aria-label="Console">
          <ul>
            <li>
              <a class="brand" href={hrefOf('sessions')}>
                Checkout
              </a>
            </li>
            {identity
              ? NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={SECTION_OF[route.page] === item.page ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))
              : null}
          </ul>
          <ul>
            <li>
              <div role="group" aria-label="Mode" class="mode-switch">
                {(['test', 'live'] as const).map((option) => (
                  <button class={option === mode ? '' : 'outline'} aria-pressed={option === mode} onClick={() => switchTo(option)}>
                    {option === 'test' ? 'Test' : 'Live'}
                  </button>
                ))}
              </div>
            </li>
            {identity ? (
              <>
                <li class="who">
                  <small>{identity.applicationId}</small>
                </li>
                <li>
                  <button class="outline secondary" onClick={() => signOut()}>
                    Sign out
                  </button>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        {mode === 'test' ? (
          <p class="mode-banner" role="note">
            Test mode: test data, test accounts; nothing here moves money.
          </p>
        ) : null}
      </header>
      <main class="container">
        {identity && api ? (
          <ApiContext.Provider value={api}>
            <Page route={route} key={`${mode}:${identity.applicationId}`} />
          </ApiContext.Provider>
        ) : (
          <SignIn
            mode={mode}
            reason={reason}
            signIn={(next) => {
              remember(next);
              setIdentity(next);
              setReason(undefined);
            }}
          />
        )}
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'sessions':
      return <SessionsPage />;
    case 'session':
      return <SessionPage id={route.id} key={route.id} />;
    case 'routing':
      return <RoutingPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'endpoint':
      return <EndpointPage id={route.id} key={route.id} />;
    case 'accounts':
      return <AccountsPage />;
  }
}

render(<Console />, document.getElementById('app')!);
