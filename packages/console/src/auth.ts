/** The merchant's tokens, one per mode, kept in this tab's sessionStorage only (never a cookie, never a URL sent anywhere). */

export type Mode = 'test' | 'live';

export interface Identity {
  token: string;
  applicationId: string;
  mode: Mode;
  scopes: string[];
  expiresAt: Date | null;
}

const tokenKey = (mode: Mode) => `checkout.console.token.${mode}`;
const MODE_KEY = 'checkout.console.mode';

function base64UrlDecode(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** What a token says about itself (not verified here: the API verifies every call); null when it is not a JWT. */
export function identityOf(token: string): Identity | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1]!)) as { sub?: unknown; mode?: unknown; scope?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string') return null;
    return {
      token: token.trim(),
      applicationId: claims.sub,
      // As the gateway reads it: a token without a mode claim is a live token.
      mode: claims.mode === 'test' ? 'test' : 'live',
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

/**
 * Tokens handed over in the fragment (`#token=…&token=…`, as `npm start` prints): kept, then the
 * fragment is cleared from the address bar and history. The fragment never leaves the browser.
 */
export function takeTokensFromFragment(): Identity[] {
  const fragment = window.location.hash.replace(/^#/, '');
  if (!fragment.includes('token=')) return [];
  const identities = new URLSearchParams(fragment)
    .getAll('token')
    .map(identityOf)
    .filter((identity): identity is Identity => identity !== null);
  for (const identity of identities) remember(identity);
  history.replaceState(null, '', `${window.location.pathname}#/sessions`);
  return identities;
}

export function remember(identity: Identity): void {
  sessionStorage.setItem(tokenKey(identity.mode), identity.token);
}

export function forget(mode: Mode): void {
  sessionStorage.removeItem(tokenKey(mode));
}

export function signedIn(mode: Mode): Identity | null {
  const token = sessionStorage.getItem(tokenKey(mode));
  return token ? identityOf(token) : null;
}

export function chosenMode(): Mode {
  return sessionStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'test';
}

export function chooseMode(mode: Mode): void {
  sessionStorage.setItem(MODE_KEY, mode);
}
