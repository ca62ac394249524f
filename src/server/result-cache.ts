/**
 * A small cache of serialised answers for read routes whose work is heavy and whose answer
 * depends only on the request and the stored data (the trend: M4 over millions of samples).
 *
 * Why: a link to a trend is opened by many people at once (a shift meeting, a dashboard); every
 * request on the store's one connection waits for the ones before it, so fifty identical M4
 * queries take fifty times one. Here identical requests share one computation while it runs
 * (single flight) and its JSON afterwards, until the data changes.
 *
 * "The data changes" is read from the audit trail: every change is audited in the same
 * transaction as the change (store/audit.ts), so the largest audit id is a version of the whole
 * store that moves with every committed write and costs one index lookup to read.
 */
import type { Store } from '../store/store.js';

/** Default number of answers kept per store (least recently used are dropped first). */
export const CACHE_ENTRIES = 64;

/**
 * Answers keyed by request, each valid for one data version. Failed computations are not kept.
 *
 * @param maxEntries - answers kept (default {@link CACHE_ENTRIES}).
 * @example
 * const cache = new ResultCache();
 * const json = await cache.get('tags=TT101&width=1600', await dataVersion(store), async () => toJson(await trend(store, opts)));
 * @see {@link cacheOf} for the per-store cache of encoded answers the trend route uses.
 */
export class ResultCache<T = string> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();

  constructor(readonly maxEntries = CACHE_ENTRIES) {}

  /** The answer for `key` at `version`: shared with a running or finished computation, else computed. */
  get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version) {
      this.entries.set(key, hit); // most recently used goes last
      return hit.value;
    }
    const value = compute();
    const entry = { version, value };
    this.entries.set(key, entry);
    // A failure (unknown tag, bad range) is answered as an error each time, never remembered.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Number of answers held. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * A read that is never older than the request asking for it, shared between concurrent requests:
 * a request joins the next read to start, never one already running (which began before the
 * request came, and may not see a write committed since). So under load there are at most two
 * reads in the queue instead of one per request.
 *
 * @param read - the read (e.g. {@link dataVersion} of a store).
 * @example
 * const version = new FreshRead(() => dataVersion(store));
 * const v = await version.get();
 */
export class FreshRead<T> {
  private running: Promise<T> | undefined;
  private next: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  /** A value read after this call. */
  get(): Promise<T> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<T> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<T> {
    const p = this.read();
    this.running = p;
    const clear = () => {
      if (this.running === p) this.running = undefined;
    };
    p.then(clear, clear);
    return p;
  }
}

/** The serialised answers and data version reader of one store. */
export interface StoreCache {
  answers: ResultCache<Uint8Array>;
  version: FreshRead<string>;
}

const CACHE = Symbol('result cache');

/**
 * The cache of one database, shared by all its handles: the server forks a handle for every
 * request, so a cache per handle was never hit twice (an app serves one store; tests open many).
 */
export function cacheOf(store: Store): StoreCache {
  return store.shared(CACHE, () => {
    // The version is read on a handle of its own (one read at a time, FreshRead): the request's
    // handle that made the cache is closed when that request ends. Closing the database closes it.
    let reader: Promise<Store> | undefined;
    return { answers: new ResultCache<Uint8Array>(), version: new FreshRead(async () => dataVersion(await (reader ??= store.fork()))) };
  });
}

/**
 * The store's data version: the largest audit id ('0' for a store without audit entries).
 * Changes with every committed, audited write.
 */
export async function dataVersion(store: Store): Promise<string> {
  return String(await store.value('SELECT coalesce(max(audit_id), 0) FROM audit'));
}
