import type { Store } from '../store/store.js';

/**
 * The data a saved analysis saw: how many imports the store held and the latest of them.
 * Every value in the store arrives through an import (files, mapped exports, live batches), so
 * two equal data states mean the analysis ran on the same data; a re-run on an equal data state
 * must reproduce the saved result.
 */
export interface DataState {
  /** Imports held (each is one delivery of data, with provenance). */
  imports: number;
  /** The id of the latest import, or null for an empty store. */
  latestImport: string | null;
  /** When the latest import started (ISO 8601, UTC). */
  latestImportAt: string | null;
}

/**
 * Reads the store's data state.
 *
 * @example await dataState(store) // { imports: 3, latestImport: 'imp-…', latestImportAt: '2026-12-04T10:00:00.000Z' }
 */
export async function dataState(store: Store): Promise<DataState> {
  const r = await store.one<{ n: bigint; latest: string | null; at: Date | null }>(
    'SELECT count(*) AS n, arg_max(import_id, started_at) AS latest, max(started_at) AS at FROM imports',
  );
  return { imports: Number(r?.n ?? 0), latestImport: r?.latest ?? null, latestImportAt: r?.at ? r.at.toISOString() : null };
}

/** True when two data states name the same imports. */
export function sameDataState(a: DataState, b: DataState): boolean {
  return a.imports === b.imports && a.latestImport === b.latestImport && a.latestImportAt === b.latestImportAt;
}
