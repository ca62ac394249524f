import { AppError } from '../core/errors.js';

/** HTTP status for an AppError code; the one place codes meet HTTP. Unknown codes are 400. */
const STATUS: Record<string, number> = {
  unauthenticated: 401,
  login_failed: 401,
  account_locked: 423,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  unknown_lot: 404,
  unknown_parameter: 404,
  unknown_tag: 404,
  unknown_material: 404,
  user_exists: 409,
  conflict: 409,
  value_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  cancelled: 499,
  store_open_failed: 503,
  internal: 500,
};

/** The HTTP status of an error. */
export function statusOf(e: AppError): number {
  return STATUS[e.code] ?? 400;
}

/** Convenience constructors for the errors the edge raises itself. */
export const httpErrors = {
  unauthenticated: () => new AppError('unauthenticated', 'you are not logged in', 'log in with POST /api/session'),
  forbidden: (permission: string, role: string) =>
    new AppError('forbidden', `the role '${role}' may not do '${permission}'`, 'ask an administrator for a role that has this permission (docs/security.md)'),
  csrf: () => new AppError('csrf_failed', 'missing or wrong CSRF token', "send the token from GET /api/session in the 'X-CSRF-Token' header"),
  notFound: (what: string) => new AppError('not_found', `${what} not found`, 'check the name; lists are under /api'),
};
