/**
 * The names of the network's JetStream layout: one stream per site (its subjects
 * `causeway.site.<site>.<kind>`), one durable consumer of the hub on each, one stream of parked
 * batches (`causeway.dead.<site>`), heartbeats of the agents on plain subjects, and the hub's
 * health in a key-value bucket. docs/network.md draws it.
 */
import { AppError, field } from '../core/errors.js';

/** Prefix of every site stream's name. */
export const SITE_STREAM_PREFIX = 'CAUSEWAY_SITE_';
/** The stream of parked batches. */
export const DEAD_STREAM = 'CAUSEWAY_DEAD';
/** The hub's durable consumer on each site stream. */
export const HUB_CONSUMER = 'hub';
/** The key-value bucket the hub keeps its health in (read by `causeway hub status`). */
export const HEALTH_BUCKET = 'causeway_hub';

/**
 * Checks a site name: it becomes a subject token and part of a stream name, so letters, digits,
 * `_` and `-` only.
 *
 * @throws AppError `bad_site`
 */
export function checkSite(site: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(site))
    throw new AppError('bad_site', `site '${site}' cannot name a stream: use letters, digits, _ and - (at most 64)`, `give ${field('site')} as the site's short code, e.g. LJ`);
  return site;
}

/** The stream of one site. */
export function siteStream(site: string): string {
  return `${SITE_STREAM_PREFIX}${site}`;
}

/** The site of a site stream's name, or null for another stream. */
export function siteOfStream(stream: string): string | null {
  return stream.startsWith(SITE_STREAM_PREFIX) ? stream.slice(SITE_STREAM_PREFIX.length) : null;
}

/** The subject of a site's batches of one kind; `>` for all of them. */
export function siteSubject(site: string, kind: 'samples' | 'rows' | '>'): string {
  return `causeway.site.${site}.${kind}`;
}

/** The subject a parked batch of a site goes to. */
export function deadSubject(site: string): string {
  return `causeway.dead.${site}`;
}

/** The subject an agent's heartbeat goes to ('*' for every site's). */
export function statusSubject(site: string): string {
  return `causeway.status.${site}`;
}
