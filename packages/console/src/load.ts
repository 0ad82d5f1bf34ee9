import { useCallback, useEffect, useState } from 'preact/hooks';
import { problemText } from './api';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/** The items of a list the client pages through for us, at most `max` of them. */
export async function collect<T>(items: AsyncIterable<T>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) {
    list.push(item);
    if (list.length >= max) break;
  }
  return list;
}

/** Runs `load` when its inputs change (and on reload): its answer, or the problem as text. */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: problemText(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...inputs, round]); // eslint-disable-line react-hooks/exhaustive-deps
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

/** Runs an action from a button: busy while it runs, its problem as text when it fails. */
export function useAction(): { busy: boolean; error: string | undefined; run: (action: () => Promise<unknown>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(problemText(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
