import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, OfflineError } from './api';
import { useApp } from './session';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | OfflineError | null;
  loading: boolean;
  reload(): void;
  /** Shows data the caller has just fetched itself, without asking again. */
  set(data: T): void;
}

/** Loads a GET resource; reloads when `path` or the language changes, or on `reload()`. `null` path: nothing to load. */
export function useApi<T = any>(path: string | null): Loaded<T> {
  // Labels come from the server in the user's language: a new language is a new answer.
  const { locale } = useApp();
  const [state, setState] = useState<{ data: T | null; error: ApiError | OfflineError | null; loading: boolean }>({ data: null, error: null, loading: !!path });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api<T>('GET', path, undefined, { signal: ctl.signal })
      .then((data) => setState({ data, error: null, loading: false }))
      .catch((error) => {
        if (error.name !== 'AbortError') setState({ data: null, error, loading: false });
      });
    return () => ctl.abort();
  }, [path, n, locale]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  // Between a new path and its effect starting the request, there is neither data nor error yet: loading.
  return { ...state, loading: state.loading || (!!path && state.data === null && state.error === null), reload, set };
}
