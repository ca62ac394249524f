/**
 * Running sources: each on a store handle of its own, in a loop of its own, so a source that
 * fails — cannot connect, sends garbage, loses its server — is recorded with the reason and
 * retried with back-off while every other source goes on.
 *
 * - live sources (`schedule: live`): `start`, then run until the connector reports a failure
 *   (`context.fail`) or the runner stops; after a failure: stop, wait, start again;
 * - polled sources (`every 5m`): `sync`, wait the interval, again; after a failure: wait, retry;
 * - `manual` sources run only through {@link syncSource}.
 *
 * The waits after failures double from 1 s up to 60 s and start again at 1 s after a success.
 */
import { AppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import type { Connector, SyncReport, TestReport } from './connector-types.js';
import { createContext } from './context.js';
import { recordAttempt, recordError, recordStopped, recordSuccess } from './health.js';
import { getSource, openSource, scheduleMillis } from './sources.js';

/** Options of the runner. */
export interface RunnerOptions {
  logger?: Logger;
  /** First and longest wait after a failure, ms. Default 1 000 and 60 000. */
  backoff?: { first: number; max: number };
}

/** What one running source is doing. */
export interface RunState {
  source: string;
  state: 'starting' | 'running' | 'waiting' | 'stopped';
  /** When it tries again (while waiting after a failure or between polls). */
  next?: Date;
}

/** The runner of this process's server, if it runs sources (see {@link setActiveRunner}). */
let active: SourceRunner | undefined;

/** The runner the server started, so that sources added or changed over the API start at once. */
export function activeRunner(): SourceRunner | undefined {
  return active;
}

/** Makes `runner` the one {@link activeRunner} returns (undefined: none). */
export function setActiveRunner(runner: SourceRunner | undefined): void {
  active = runner;
}

/**
 * Tests a source: connects and reads what it can, storing nothing.
 *
 * @example
 * const r = await testSource(store, 'lims'); // { ok: true, notes: ['connected to …', '3 tables readable'] }
 */
export async function testSource(store: Store, name: string, options: { logger?: Logger; signal?: AbortSignal } = {}): Promise<TestReport> {
  const source = await openSource(store, name);
  const connector = source.kind.create(createContext(store, source, { readOnly: true, ...(options.logger ? { logger: options.logger } : {}) }));
  try {
    return await connector.test(options.signal ?? new AbortController().signal);
  } catch (e) {
    return { ok: false, notes: [e instanceof Error ? e.message : String(e)] };
  } finally {
    await connector.stop();
  }
}

/**
 * One pass of a source: reads what is new since its watermark and stores it. Recorded in the
 * source's health (success, or the error with its reason).
 *
 * @throws AppError `no_sync` for a kind that only runs live; the connector's own errors.
 */
export async function syncSource(store: Store, name: string, options: { logger?: Logger; signal?: AbortSignal } = {}): Promise<SyncReport> {
  const source = await openSource(store, name);
  const connector = source.kind.create(createContext(store, source, options.logger ? { logger: options.logger } : {}));
  if (!connector.sync) {
    await connector.stop();
    throw new AppError('no_sync', `a ${source.kind.kind} source runs live; it has no single pass to sync`, `run it with \`causeway sources run ${name}\` (or in the server)`);
  }
  await recordAttempt(store, name);
  try {
    const report = await connector.sync(options.signal ?? new AbortController().signal);
    await store.transaction(() => recordSuccess(store, name));
    return report;
  } catch (e) {
    await recordError(store, name, e);
    throw e;
  } finally {
    await connector.stop();
  }
}

/**
 * Runs sources until stopped (see the module doc).
 *
 * @example
 * const runner = new SourceRunner(store, { logger });
 * await runner.start();          // every enabled source not scheduled manual
 * …
 * await runner.stop();
 */
export class SourceRunner {
  private readonly loops = new Map<string, { abort: AbortController; done: Promise<void>; state: RunState }>();
  private readonly log: Logger;
  private readonly backoff: { first: number; max: number };

  constructor(private readonly store: Store, options: RunnerOptions = {}) {
    this.log = options.logger ?? silentLogger;
    this.backoff = options.backoff ?? { first: 1_000, max: 60_000 };
  }

  /**
   * Starts the named sources, or every enabled source whose schedule is not manual. A source
   * already running is left as it is. Returns the names started.
   */
  async start(names?: readonly string[]): Promise<string[]> {
    const list = names ?? (await this.store.all<{ source: string }>(`SELECT source FROM sources WHERE enabled AND schedule <> 'manual' ORDER BY source`)).map((r) => r.source);
    const started: string[] = [];
    for (const name of list) {
      if (this.loops.has(name)) continue;
      await getSource(this.store, name);
      const abort = new AbortController();
      const state: RunState = { source: name, state: 'starting' };
      const done = this.loop(name, abort.signal, state);
      this.loops.set(name, { abort, done, state });
      started.push(name);
    }
    return started;
  }

  /** Stops the named sources (default: all) and waits until they have flushed and closed. */
  async stop(names?: readonly string[]): Promise<void> {
    const chosen = [...this.loops.entries()].filter(([n]) => !names || names.includes(n));
    for (const [, l] of chosen) l.abort.abort();
    await Promise.all(chosen.map(([, l]) => l.done));
    for (const [n] of chosen) this.loops.delete(n);
  }

  /** What each running source is doing. */
  states(): RunState[] {
    return [...this.loops.values()].map((l) => ({ ...l.state }));
  }

  /** The loop of one source, on a handle of its own; ends when `signal` aborts. */
  private async loop(name: string, signal: AbortSignal, state: RunState): Promise<void> {
    const handle = await this.store.fork();
    let wait = this.backoff.first;
    try {
      while (!signal.aborted) {
        let connector: Connector | undefined;
        try {
          state.state = 'starting';
          const source = await openSource(handle, name);
          let failed!: (e: unknown) => void;
          const failure = new Promise<never>((_, reject) => { failed = reject; });
          failure.catch(() => undefined);
          connector = source.kind.create(createContext(handle, source, { logger: this.log, onFail: (e) => failed(e) }));
          await recordAttempt(handle, name);
          const every = scheduleMillis(source.schedule);
          if (source.schedule === 'live') {
            if (!connector.start) throw new AppError('no_live', `a ${source.kind.kind} source cannot run live`, "give it a schedule like 'every 5m'");
            await connector.start(signal);
            state.state = 'running';
            this.log.info(`source ${name}: running`);
            await Promise.race([failure, aborted(signal)]);
          } else {
            if (!connector.sync) throw new AppError('no_sync', `a ${source.kind.kind} source has no sync`, 'give it the schedule live');
            state.state = 'running';
            const r = await Promise.race([connector.sync(signal), failure]);
            await handle.transaction(() => recordSuccess(handle, name));
            this.log.info(`source ${name}: ${r.inserted} rows stored, ${r.unchanged} unchanged, ${r.replaced} corrected, ${r.dead} dead letters`);
            await connector.stop();
            connector = undefined;
            wait = this.backoff.first;
            state.state = 'waiting';
            state.next = new Date(Date.now() + (every ?? 60_000));
            await sleep(every ?? 60_000, signal);
          }
        } catch (e) {
          if (signal.aborted) break;
          const message = e instanceof Error ? e.message : String(e);
          this.log.warn(`source ${name}: ${message}; trying again in ${Math.round(wait / 1000)} s`);
          await recordError(handle, name, e).catch(() => undefined);
          await connector?.stop().catch(() => undefined);
          connector = undefined;
          state.state = 'waiting';
          state.next = new Date(Date.now() + wait);
          await sleep(wait, signal);
          wait = Math.min(wait * 2, this.backoff.max);
        } finally {
          if (connector) await connector.stop().catch((e: unknown) => this.log.warn(`source ${name}: stopping: ${(e as Error).message}`));
        }
      }
    } finally {
      state.state = 'stopped';
      await recordStopped(handle, name).catch(() => undefined);
      handle.close();
    }
  }
}

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
