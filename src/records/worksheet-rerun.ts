import type { Logger } from '../core/logger.js';
import { SOFTWARE } from '../core/version.js';
import type { Actor, Store } from '../store/store.js';
import { contentSha256 } from './canonical.js';
import { sameDataState, type DataState } from './data-state.js';
import { computeView, getWorksheet } from './worksheets.js';

/** What a re-run found: does the saved result come out again? */
export interface Rerun {
  worksheet: number;
  version: number;
  /** The new result has the same canonical content (SHA-256) as the saved one. */
  reproduced: boolean;
  /** The store holds the same imports as when the version was saved. */
  sameDataState: boolean;
  saved: { dataState: DataState; resultSha256: string; software: string };
  now: { dataState: DataState; resultSha256: string; software: string };
  /** One sentence for a person (and for an inspector). */
  verdict: string;
  /** The result computed now. */
  result: unknown;
}

/**
 * Runs a saved version again with its inputs on the store as it is now, and says whether the
 * result reproduces and whether the data state is the one it saw. Stores nothing.
 *
 * @example const r = await rerunWorksheet(store, 12); r.reproduced // true on the same data
 */
export async function rerunWorksheet(store: Store, id: number, version: number | undefined, o: { logger?: Logger; signal?: AbortSignal; actor: Actor }): Promise<Rerun> {
  const saved = await getWorksheet(store, id, version);
  const { result, dataState } = await computeView(store, saved.view, saved.inputs, o);
  const resultSha256 = contentSha256(result);
  const reproduced = resultSha256 === saved.resultSha256;
  const same = sameDataState(saved.dataState, dataState);
  const verdict = reproduced
    ? same ? 'the result reproduces exactly on the same data' : 'the result reproduces exactly although the data changed since it was saved'
    : same ? 'the result DIFFERS on the same data: the software or its settings changed (see software)' : 'the result differs: the data changed since it was saved (new imports)';
  return {
    worksheet: saved.worksheet, version: saved.version, reproduced, sameDataState: same,
    saved: { dataState: saved.dataState, resultSha256: saved.resultSha256, software: saved.software },
    now: { dataState, resultSha256, software: SOFTWARE }, verdict, result,
  };
}
