/**
 * Health of sources: per source, when it last succeeded, how far behind it is (lag from source
 * time to queryable), how many rows a minute it stores, its errors with their reasons and its
 * dead letters. Kept in `source_state` (written with each batch, in its transaction) and read
 * together with the `batches` and `dead_letters` of the source.
 */
import { AppError, isAppError } from '../core/errors.js';
import type { Store } from '../store/store.js';

/** What a source's state says about it. */
export type SourceStatus = 'never run' | 'running' | 'ok' | 'error' | 'stopped';

/** The health of one source. */
export interface SourceHealth {
  source: string;
  kind: string;
  enabled: boolean;
  schedule: string;
  status: SourceStatus;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  /** The last error, with its reason; null when the last attempt succeeded. */
  lastError: { at: Date; code: string; message: string } | null;
  /** Errors since the last success. */
  errors: number;
  /**
   * Seconds from the newest source time of its last batch to the moment that batch was
   * queryable (committed); null when no batch with source times came in the last day.
   */
  lagSeconds: number | null;
  /** Rows stored per minute, over the last 5 minutes (n = the rows, not a rate estimate). */
  rowsPerMinute: number;
  /** Rows delivered in the last hour. */
  rowsLastHour: number;
  /** Batches applied in the last hour. */
  batchesLastHour: number;
  deadLetters: { total: number; lastDay: number };
  /** Where the source has got to (kind-specific). */
  watermark: unknown;
}

/**
 * Records that a source starts an attempt (a sync pass, a (re)start of its subscription).
 * Runs in a transaction of its own.
 */
export async function recordAttempt(store: Store, source: string): Promise<void> {
  await store.transaction(() => store.run(
    `UPDATE source_state SET status = 'running', last_attempt_at = now(), updated_at = now() WHERE source = $1`, [source]));
}

/**
 * Records a success of a source; inside a batch's transaction, with the watermark it reached.
 * `watermark` undefined keeps the stored one.
 */
export async function recordSuccess(store: Store, source: string, watermark?: unknown): Promise<void> {
  await store.run(
    `UPDATE source_state SET status = 'ok', last_success_at = now(), errors = 0, last_error_at = NULL, last_error_code = NULL, last_error = NULL,
       watermark = CASE WHEN $2 THEN CAST($3 AS JSON) ELSE watermark END, updated_at = now() WHERE source = $1`,
    [source, watermark !== undefined, watermark === undefined ? null : JSON.stringify(watermark)],
  );
}

/** Records a failure of a source with its reason. Runs in a transaction of its own. */
export async function recordError(store: Store, source: string, error: unknown): Promise<void> {
  const code = isAppError(error) ? error.code : 'source_failed';
  const message = error instanceof Error ? error.message : String(error);
  await store.transaction(() => store.run(
    `UPDATE source_state SET status = 'error', last_error_at = now(), last_error_code = $2, last_error = $3, errors = errors + 1, updated_at = now() WHERE source = $1`,
    [source, code, message.slice(0, 2000)]));
}

/** Records that a source was stopped (by a person or the end of `sources run`). */
export async function recordStopped(store: Store, source: string): Promise<void> {
  await store.transaction(() => store.run(
    `UPDATE source_state SET status = CASE WHEN status = 'error' THEN status ELSE 'stopped' END, updated_at = now() WHERE source = $1`, [source]));
}

/** The watermark kept for a source (undefined before the first). */
export async function readWatermark(store: Store, source: string): Promise<unknown> {
  const w = await store.value<string | null>('SELECT CAST(watermark AS VARCHAR) FROM source_state WHERE source = $1', [source]);
  return w === null || w === undefined ? undefined : JSON.parse(w);
}

/**
 * The health of every source (or of one), by name.
 *
 * @throws AppError `unknown_source` when `source` is given and not configured.
 * @example
 * for (const h of await sourceHealth(store)) console.log(h.source, h.status, h.lagSeconds);
 */
export async function sourceHealth(store: Store, source?: string): Promise<SourceHealth[]> {
  const rows = await store.all<{
    source: string; kind: string; enabled: boolean; schedule: string; status: string | null; last_attempt_at: Date | null; last_success_at: Date | null;
    last_error_at: Date | null; last_error_code: string | null; last_error: string | null; errors: bigint | null; watermark: string | null;
    lag: number | null; rows_5m: bigint | null; rows_1h: bigint | null; batches: bigint | null; dead: bigint | null; dead_day: bigint | null;
  }>(
    `WITH last AS (
       SELECT DISTINCT ON (source) source, epoch_ms(applied_at) - epoch_ms(source_last) AS lag_ms FROM batches
       WHERE applied_at >= now() - INTERVAL 1 DAY AND source_last IS NOT NULL ORDER BY source, applied_at DESC),
     recent AS (
       SELECT source, sum(rows) FILTER (WHERE applied_at >= now() - INTERVAL 5 MINUTE) AS rows_5m, sum(rows) AS rows_1h, count(*) AS batches FROM batches
       WHERE applied_at >= now() - INTERVAL 1 HOUR GROUP BY source),
     dead AS (
       SELECT source, count(*) AS dead, count(*) FILTER (WHERE recorded_at >= now() - INTERVAL 1 DAY) AS dead_day FROM dead_letters GROUP BY source)
     SELECT s.source, s.kind, s.enabled, s.schedule, st.status, st.last_attempt_at, st.last_success_at, st.last_error_at, st.last_error_code, st.last_error,
       st.errors, CAST(st.watermark AS VARCHAR) AS watermark, l.lag_ms / 1000.0 AS lag, r.rows_5m, r.rows_1h, r.batches, d.dead, d.dead_day
     FROM sources s LEFT JOIN source_state st USING (source) LEFT JOIN last l USING (source) LEFT JOIN recent r USING (source)
       LEFT JOIN dead d USING (source)
     WHERE $1::VARCHAR IS NULL OR s.source = $1 ORDER BY s.source`,
    [source ?? null],
  );
  if (source !== undefined && rows.length === 0) throw new AppError('unknown_source', `there is no source named '${source}'`, 'see `causeway sources list`');
  return rows.map((r) => ({
    source: r.source, kind: r.kind, enabled: r.enabled, schedule: r.schedule, status: (r.status ?? 'never run') as SourceStatus,
    lastAttemptAt: r.last_attempt_at, lastSuccessAt: r.last_success_at,
    lastError: r.last_error_at ? { at: r.last_error_at, code: r.last_error_code ?? 'source_failed', message: r.last_error ?? '' } : null,
    errors: Number(r.errors ?? 0), lagSeconds: r.lag === null ? null : Number(r.lag),
    rowsPerMinute: Number(r.rows_5m ?? 0) / 5, rowsLastHour: Number(r.rows_1h ?? 0), batchesLastHour: Number(r.batches ?? 0),
    deadLetters: { total: Number(r.dead ?? 0), lastDay: Number(r.dead_day ?? 0) },
    watermark: r.watermark === null ? undefined : JSON.parse(r.watermark),
  }));
}
