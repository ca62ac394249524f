import { useEffect, useState } from 'react';
import { api, ApiError } from './api.js';

/** The state of one API read: loading, its data, or its error. */
export type Loadable<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: ApiError };

/**
 * Reads `path` with `query` and re-reads when either changes; aborts a stale request so a
 * fast user never sees an older answer replace a newer one. `path` null means "not yet".
 */
export function useApi<T = any>(path: string | null, query?: Record<string, unknown>): Loadable<T> {
  const key = path === null ? null : path + JSON.stringify(query ?? {});
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState({ status: 'loading' });
    api.get<T>(path, query, ctl.signal).then(
      (data) => setState({ status: 'ready', data }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network', String((e as Error)?.message ?? e), 'check that the causeway server is running') });
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
