import { readFileSync } from 'node:fs';

/**
 * The version of causeway that runs, from its package.json (the same file for `src/` under a
 * test runner and for the built `dist/`). Saved analyses and reports record it, so that an
 * inspector knows which software produced a result.
 */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** `causeway 0.1.0`: name and version as records and reports print them. */
export const SOFTWARE = `causeway ${VERSION}`;
