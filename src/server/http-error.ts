import { AppError } from '../core/errors.js';

/** Convenience constructors for the errors the edge raises itself. */
export const httpErrors = {
  unauthenticated: () => new AppError('unauthenticated', 'you are not logged in', 'log in with POST /api/session'),
  forbidden: (permission: string, role: string) =>
    new AppError('forbidden', `the role '${role}' may not do '${permission}'`, 'ask an administrator for a role that has this permission (docs/security.md)'),
  csrf: () => new AppError('csrf_failed', 'missing or wrong CSRF token', "send the token from GET /api/session in the 'X-CSRF-Token' header"),
  notFound: (what: string) => new AppError('not_found', `${what} not found`, 'check the name; lists are under /api'),
};
