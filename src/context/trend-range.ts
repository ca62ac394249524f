/**
 * The time span of a lot, for trends and overlays limited to one lot.
 */
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';

/**
 * The span of a lot: its start and end from `lots`, else the first start and last end of its
 * events (phases). Throws when the lot is unknown or has no times.
 *
 * @param store - the store.
 * @param lot - the lot.
 * @example
 * const { from, to } = await lotSpan(store, 'L001');
 */
export async function lotSpan(store: Store, lot: string): Promise<{ from: Date; to: Date }> {
  const row = await store.one<{ known: boolean; from: Date | null; to: Date | null }>(
    `SELECT EXISTS (SELECT 1 FROM lots WHERE lot = $1) OR EXISTS (SELECT 1 FROM events WHERE lot = $1) AS known,
       coalesce((SELECT start_time FROM lots WHERE lot = $1), (SELECT min(start_time) FROM events WHERE lot = $1)) AS "from",
       coalesce((SELECT end_time FROM lots WHERE lot = $1), (SELECT max(coalesce(end_time, start_time)) FROM events WHERE lot = $1)) AS "to"`,
    [lot],
  );
  if (!row?.known) throw new AppError('unknown_lot', `lot '${lot}' is not in the store`, 'check the lot name (the lots list names them)');
  if (!row.from || !row.to) {
    throw new AppError('lot_without_times', `lot '${lot}' has no start and end time, and no events that give one`, `give ${field('from')} and ${field('to')} instead of ${field('lot')}`);
  }
  return { from: row.from, to: row.to };
}
