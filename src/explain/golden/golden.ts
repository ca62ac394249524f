/**
 * Golden batch: the envelope of one signal through one phase from good lots, and a lot's
 * deviation from it over time.
 *
 * Phases, in order: resolve the good lots → choose the grid step → read each lot's series on the
 * grid (SQL) → align (time since phase start, or DTW to a reference lot) → envelope.
 */
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import type { Store } from '../../store/store.js';
import { warpTo } from './golden-dtw.js';
import { buildEnvelope, compareToEnvelope, fillGaps } from './golden-envelope.js';
import { medianSampleInterval, phaseSeries, resolveLots } from './golden-data.js';
import type { Alignment, EnvelopeMethod, GoldenDeviation, GoldenModel } from './golden-types.js';
import { loadModelOfKind, type TrainingRef } from '../mspc/mspc-store.js';

/** Options of {@link buildGolden}. */
export interface GoldenOptions {
  /** Signal (tags.signal, shared across equipment) or a tag name. */
  signal: string;
  /** Phase name (events of type 'phase'). */
  phase: string;
  /** Material of the lots. */
  material: string;
  /** Good lots, or… */
  lots?: string[];
  /** …every lot of the material with this status (e.g. 'released'). */
  status?: string;
  /** Envelope method (default mean ± 3·sd). */
  method?: EnvelopeMethod;
  /** Grid step in seconds (default: the median sampling interval). */
  step?: number;
  /** Align by dynamic time warping to a reference lot (default false: time since phase start). */
  dtw?: boolean;
  /** DTW reference lot (default: the good lot of median duration). */
  reference?: string;
  /** DTW Sakoe–Chiba band in grid points (default 10 % of the reference length, at least 1). */
  band?: number;
  /** Fewest lots with a value for a grid point to have an envelope (default 2). */
  minLots?: number;
  logger?: Logger;
}

/**
 * Builds a golden envelope from good lots (see the module doc for the phases).
 *
 * @param store - the store
 * @param options - signal, phase, material, lots or status; method (default mean ± 3 sd), step, dtw
 * @returns the model and its training reference (save both with `saveModel`)
 * @example
 * const { model, training } = await buildGolden(store, { signal: 'product_temp', phase: 'drying', material: 'granulate', status: 'released' });
 * @see Nomikos & MacGregor, AIChE J. 40 (1994) 1361–1375; Sakoe & Chiba, IEEE Trans. ASSP 26 (1978) 43–49
 */
export async function buildGolden(store: Store, options: GoldenOptions): Promise<{ model: GoldenModel; training: TrainingRef }> {
  const log = options.logger ?? silentLogger;
  const method = options.method ?? { kind: 'sd', k: 3 };
  const chosen = await resolveLots(store, options.material, options);
  const q = { signal: options.signal, phase: options.phase, lots: chosen };
  const step = options.step ?? (await medianSampleInterval(store, q));
  if (!(step > 0)) throw new AppError('bad_step', `grid step ${step} s is not positive`, 'give a step in seconds, e.g. 60');
  const series = await phaseSeries(store, { ...q, step });
  const lots = chosen.filter((l) => series.has(l));
  const missing = chosen.filter((l) => !series.has(l));
  if (missing.length) log.warn(`${missing.length} of ${chosen.length} lots have no samples of '${options.signal}' in phase '${options.phase}' and are left out: ${missing.slice(0, 10).join(', ')}`);
  if (lots.length < 2) {
    throw new AppError('too_few_lots', `only ${lots.length} of the ${chosen.length} chosen lots have samples of '${options.signal}' in phase '${options.phase}'`, 'a golden envelope needs at least 2 good lots with data');
  }
  let aligned = lots.map((l) => series.get(l)!.values);
  let alignment: Alignment = { kind: 'time' };
  let reference: number[] | undefined;
  if (options.dtw) {
    const byLength = [...lots].sort((a, b) => series.get(a)!.values.length - series.get(b)!.values.length);
    const ref = options.reference ?? byLength[Math.floor((byLength.length - 1) / 2)]!;
    if (!series.has(ref)) throw new AppError('bad_reference', `reference lot '${ref}' is not one of the good lots with data`, 'choose one of the good lots');
    const refSeries = fillGaps(series.get(ref)!.values);
    const band = options.band ?? Math.max(1, Math.ceil(0.1 * refSeries.length));
    aligned = lots.map((l) => (l === ref ? refSeries : warpTo(refSeries, fillGaps(series.get(l)!.values), band).values));
    alignment = { kind: 'dtw', reference: ref, band };
    reference = Array.from(refSeries);
  }
  const minLots = options.minLots ?? 2;
  const envelope = buildEnvelope(aligned, step, method, minLots);
  const model: GoldenModel = { kind: 'golden', signal: options.signal, phase: options.phase, material: options.material, method, step, minLots, alignment, lots, envelope };
  if (reference) model.reference = reference;
  const training: TrainingRef = {
    source: 'lots',
    material: options.material,
    lots,
    signal: options.signal,
    phase: options.phase,
    columns: [options.signal],
    rows: lots.length,
    excluded: missing.length,
    scaling: 'none (engineering units)',
  };
  return { model, training };
}

/**
 * A lot's deviation from a golden envelope over time: per grid point its value, the envelope
 * and whether it is outside; the spans of consecutive points outside with their largest
 * deviation in sd units. With a DTW model the lot is first warped to the reference lot.
 *
 * @param store - the store
 * @param golden - a golden model, or the name of a stored one (its latest version)
 * @param lot - the lot to check
 * @example const d = await goldenDeviation(store, 'granulate.product_temp.drying', 'L0042'); d.spans[0]?.maxZ
 */
export async function goldenDeviation(store: Store, golden: GoldenModel | string, lot: string): Promise<GoldenDeviation> {
  const model = typeof golden === 'string' ? (await loadModelOfKind(store, golden, ['golden'])).model : golden;
  const known = await store.value<string>('SELECT material FROM lots WHERE lot = $1', [lot]);
  if (known === undefined) throw new AppError('unknown_lot', `lot '${lot}' is not in the store`, 'check the lot id');
  const s = (await phaseSeries(store, { signal: model.signal, phase: model.phase, lots: [lot], step: model.step })).get(lot);
  if (!s) throw new AppError('no_data', `lot '${lot}' has no samples of '${model.signal}' in phase '${model.phase}'`, 'check that the lot ran this phase and its tag has samples then');
  const cmp =
    model.alignment.kind === 'dtw' && model.reference
      ? (() => {
          const w = warpTo(model.reference!, fillGaps(s.values), model.alignment.kind === 'dtw' ? model.alignment.band : undefined);
          return compareToEnvelope(model.envelope, w.values, model.step, w.lotIndex);
        })()
      : compareToEnvelope(model.envelope, s.values, model.step);
  return { lot, signal: model.signal, phase: model.phase, ...cmp, duration: s.values.length * model.step };
}
