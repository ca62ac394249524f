/**
 * Dead letters: what a source delivered that could not be stored, kept with the reason, so a
 * bad row never blocks the good ones beside it and is never dropped silently. Written in the
 * same transaction as the batch it came with.
 */
import type { Store } from '../../store/store.js';
import type { DeadLetter } from './batch-types.js';

/** A stored dead letter. */
export interface StoredDeadLetter extends DeadLetter {
  id: number;
  source: string;
  batchId: string | null;
  recordedAt: Date;
}

/**
 * Writes dead letters of one batch. Call inside the batch's transaction. A letter the source sent
 * before in the last week — the same kind, item, reason and payload (a row re-read in a SQL
 * source's overlap, refused again) — is not written again.
 *
 * @param store - the store (in a transaction).
 * @param source - the source that delivered them.
 * @param batchId - the batch they came with (null for input that never became a batch).
 * @param letters - the dead letters.
 */
export async function writeDeadLetters(store: Store, source: string, batchId: string | null, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await store.run(
    `INSERT INTO dead_letters (source, batch_id, recorded_at, kind, item, code, reason, hint, payload)
     SELECT $1, $2, now(), l.kind, l.item, l.code, l.reason, l.hint, l.payload
     FROM (SELECT unnest(from_json($3, '[{"kind":"VARCHAR","item":"VARCHAR","code":"VARCHAR","reason":"VARCHAR","hint":"VARCHAR","payload":"JSON"}]'), recursive := true)) l
     WHERE NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.recorded_at >= now() - INTERVAL 7 DAY AND d.source = $1 AND d.kind = l.kind
       AND d.item IS NOT DISTINCT FROM l.item AND d.reason = l.reason AND CAST(d.payload AS VARCHAR) IS NOT DISTINCT FROM CAST(l.payload AS VARCHAR))`,
    [source, batchId, JSON.stringify(letters.map((l) => ({ ...l, payload: l.payload ?? null })))],
  );
}

/**
 * Reads dead letters, newest first.
 *
 * @param store - the store.
 * @param filter - `source` (default all), `limit` (default 100).
 * @example
 * const letters = await readDeadLetters(store, { source: 'lims', limit: 20 });
 */
export async function readDeadLetters(store: Store, filter: { source?: string; limit?: number } = {}): Promise<StoredDeadLetter[]> {
  const rows = await store.all<{ id: bigint; source: string; batch_id: string | null; recorded_at: Date; kind: string; item: string | null; code: string; reason: string; hint: string | null; payload: string | null }>(
    `SELECT dead_letter_id AS id, source, batch_id, recorded_at, kind, item, code, reason, hint, CAST(payload AS VARCHAR) AS payload
     FROM dead_letters WHERE $1::VARCHAR IS NULL OR source = $1 ORDER BY dead_letter_id DESC LIMIT $2`,
    [filter.source ?? null, filter.limit ?? 100],
  );
  return rows.map((r) => ({
    id: Number(r.id), source: r.source, batchId: r.batch_id, recordedAt: r.recorded_at, kind: r.kind, item: r.item,
    code: r.code, reason: r.reason, hint: r.hint ?? '', payload: r.payload === null ? null : JSON.parse(r.payload),
  }));
}
