import { useEffect, useState } from 'preact/hooks';

/** The console's pages, addressed by the fragment (`#/sessions/<id>`): static files, no server routes. */
export type Route =
  | { page: 'sessions' }
  | { page: 'session'; id: string }
  | { page: 'routing' }
  | { page: 'webhooks' }
  | { page: 'endpoint'; id: string }
  | { page: 'accounts' };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  const id = second ? decodeURIComponent(second) : undefined;
  switch (first) {
    case 'sessions':
      return id ? { page: 'session', id } : { page: 'sessions' };
    case 'routing':
      return { page: 'routing' };
    case 'webhooks':
      return id ? { page: 'endpoint', id } : { page: 'webhooks' };
    case 'accounts':
      return { page: 'accounts' };
    default:
      return { page: 'sessions' };
  }
}

export const hrefOf = (...segments: string[]) => `#/${segments.map(encodeURIComponent).join('/')}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
