/** The workbench's client of the causeway API: cookies for the session, CSRF header on writes. */
import { spellForWeb } from './labels.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly hint: string) {
    super(message);
  }
}

let csrf = '';

/** Remembers the CSRF token returned at login or by GET /api/session. */
export function setCsrf(token: string): void {
  csrf = token;
}

function url(path: string, query?: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  const s = q.toString();
  return '/api' + path + (s ? '?' + s : '');
}

async function handle<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const e = body.error ?? {};
    // Fields named in the message are spelled as the form labels them ("Units inspected").
    const message = e.template ? spellForWeb(e.template.message) : e.message;
    const hint = e.template ? spellForWeb(e.template.hint) : e.hint;
    throw new ApiError(res.status, e.code ?? 'error', message ?? res.statusText, hint ?? '');
  }
  return body as T;
}

export const api = {
  get: async <T = any>(path: string, query?: Record<string, unknown>, signal?: AbortSignal): Promise<T> =>
    handle<T>(await fetch(url(path, query), { credentials: 'same-origin', ...(signal ? { signal } : {}) })),
  send: async <T = any>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> =>
    handle<T>(
      await fetch(url(path), {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    ),
};
