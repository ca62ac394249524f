import { useEffect, useState } from 'react';

/**
 * Every view's state lives in its URL (path + query), so a link opens the same view for a
 * colleague. `useRoute` re-renders on navigation; `navigate` pushes a new entry.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    window.addEventListener('popstate', on);
    window.addEventListener('causeway:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('causeway:navigate', on);
    };
  }, []);
  return route;
}

/** Goes to `path` with `params` (undefined/empty values dropped). `replace` keeps history short for slider-like changes. */
export function navigate(path: string, params: Record<string, string | number | undefined | null> = {}, replace = false): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const href = path + (q.toString() ? '?' + q.toString() : '');
  if (href === window.location.pathname + window.location.search) return;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', href);
  window.dispatchEvent(new Event('causeway:navigate'));
}

/** Updates some query parameters of the current view. */
export function setParams(change: Record<string, string | number | undefined | null>, replace = false): void {
  const p = Object.fromEntries(new URLSearchParams(window.location.search));
  navigate(window.location.pathname, { ...p, ...change }, replace);
}

/** A link that navigates without reloading. */
export function hrefOf(path: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return path + (q.toString() ? '?' + q.toString() : '');
}
