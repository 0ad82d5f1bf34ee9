import { Checkout, CheckoutError } from '@checkout/client';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Identity } from './auth';

/**
 * The API as the console calls it: the public client (the same calls a merchant's backend makes),
 * same origin, with the signed-in token; a 401 tells the shell, which sends the user back to sign in.
 */
export function apiFor(identity: Identity, unauthorized: () => void): Checkout {
  const watchful: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 401) unauthorized();
    return response;
  };
  return new Checkout({ baseUrl: window.location.origin, token: identity.token, fetch: watchful, retry: { maxAttempts: 3 } });
}

export const ApiContext = createContext<Checkout | null>(null);

export function useApi(): Checkout {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a signed-in console');
  return api;
}

/** A failed call as one line for the page: the problem's title and detail, and each field it points at. */
export function problemText(error: unknown): string {
  if (error instanceof CheckoutError) {
    const fields = (error.errors ?? []).map((field) => `${field.pointer} ${field.detail}`).join('; ');
    return [error.title, error.detail, fields].filter(Boolean).join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}
