import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';

/** The state of long work (an import, an explain over thousands of candidates). */
export interface JobState {
  id: string;
  kind: string;
  owner: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  label: string;
  done: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  result?: unknown;
  error?: { code: string; message: string; hint: string };
  /** What the job computes and the data it saw, so its result can be saved as a record (a worksheet). */
  record?: JobRecord;
}

/** The request a job runs and the data state it saw (set by the work when it starts reading). */
export interface JobRecord {
  request: Record<string, unknown>;
  dataState?: unknown;
}

/** How long a finished job is kept in memory; a result worth keeping is saved as a worksheet. */
export const JOB_KEEP_MS = 3600_000;

/**
 * Long work runs as a job: the request that starts it returns at once with the job id; the
 * client polls `GET /api/jobs/:id` for progress and may cancel with `DELETE /api/jobs/:id`.
 * Work receives a Logger (progress), an AbortSignal it must check between units of work, and
 * a store handle of its own (released when the work ends), so a job outlives the request that
 * started it and never shares a connection with another request.
 */
export class Jobs {
  private readonly jobs = new Map<string, { state: JobState; abort: AbortController }>();

  /**
   * @param store - the server's store; each job forks its own handle from it.
   * @param clock - the time in ms (tests move it to see a job expire without waiting).
   */
  constructor(private readonly store: Store, private readonly clock: () => number = Date.now) {}

  /**
   * Starts `work` and returns its id at once. Finished jobs are kept for an hour
   * ({@link JOB_KEEP_MS}); `record` (the request, and the data state the work sets) stays with the job.
   */
  start(kind: string, owner: string, work: (log: Logger, signal: AbortSignal, store: Store) => Promise<unknown>, record?: JobRecord): JobState {
    const id = randomUUID();
    const abort = new AbortController();
    const now = () => new Date(this.clock()).toISOString();
    const state: JobState = { id, kind, owner, status: 'running', label: kind, done: 0, total: null, startedAt: now(), finishedAt: null, ...(record ? { record } : {}) };
    this.jobs.set(id, { state, abort });
    const log: Logger = {
      info: (m) => (state.label = m),
      warn: () => {},
      progress: (label, done, total) => {
        state.label = label;
        state.done = done;
        state.total = total ?? null;
      },
    };
    const run = async (): Promise<unknown> => {
      const store = await this.store.fork();
      try {
        return await work(log, abort.signal, store);
      } finally {
        store.close();
      }
    };
    void run().then(
      (result) => {
        if (state.status === 'running') Object.assign(state, { status: 'done', result, finishedAt: now() });
      },
      (e: unknown) => {
        if (state.status !== 'running') return;
        const err = e instanceof AppError ? e : new AppError('internal', String((e as Error)?.message ?? e), 'report this as a bug');
        Object.assign(state, { status: abort.signal.aborted ? 'cancelled' : 'failed', error: { code: err.code, message: err.message, hint: err.hint }, finishedAt: now() });
      },
    );
    this.prune();
    return state;
  }

  /** The state of a job, visible to its owner (or anyone when `owner` is undefined). */
  get(id: string, owner?: string): JobState {
    this.prune();
    const j = this.jobs.get(id);
    if (!j || (owner !== undefined && j.state.owner !== owner)) throw new AppError('not_found', `job '${id}' not found`, 'jobs are kept for an hour after they finish');
    return j.state;
  }

  /** Cancels a running job. */
  cancel(id: string, owner?: string): JobState {
    const state = this.get(id, owner);
    const j = this.jobs.get(id)!;
    if (state.status === 'running') {
      j.abort.abort();
      Object.assign(state, { status: 'cancelled', finishedAt: new Date(this.clock()).toISOString() });
    }
    return state;
  }

  private prune(): void {
    const cutoff = this.clock() - JOB_KEEP_MS;
    for (const [id, j] of this.jobs) if (j.state.finishedAt && Date.parse(j.state.finishedAt) < cutoff) this.jobs.delete(id);
  }
}
