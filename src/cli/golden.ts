import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { buildGolden, goldenDeviation, type GoldenOptions } from '../explain/golden/golden.js';
import { goldenSvg } from '../explain/golden/golden-svg.js';
import type { EnvelopeMethod } from '../explain/golden/golden-types.js';
import { loadModelOfKind, saveModel } from '../explain/mspc/mspc-store.js';
import { action, actorOf, cliLogger, fmtNum, intFlag, listFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface BuildFlags extends CommonOptions {
  name?: string;
  signal: string;
  phase: string;
  material: string;
  lots?: string;
  status?: string;
  k?: string;
  percentiles?: string;
  step?: string;
  dtw?: boolean;
  band?: string;
  reference?: string;
  minLots?: string;
}

interface CheckFlags extends CommonOptions {
  name: string;
  modelVersion?: string;
  lot: string;
  svg?: string;
}

function methodOf(f: BuildFlags): EnvelopeMethod {
  if (f.percentiles) {
    const [low, high] = f.percentiles.split(',').map(Number);
    if (!(low !== undefined && high !== undefined && low >= 0 && low < high && high <= 1)) {
      throw new AppError('bad_flag', `--percentiles '${f.percentiles}' is not two probabilities low,high`, 'e.g. --percentiles 0.05,0.95');
    }
    return { kind: 'percentile', low, high };
  }
  const k = Number(f.k ?? '3');
  if (!(k > 0)) throw new AppError('bad_flag', `--k '${f.k}' is not a positive number`, 'e.g. --k 3');
  return { kind: 'sd', k };
}

async function build(f: BuildFlags): Promise<void> {
  const log = cliLogger(f);
  const o: GoldenOptions = { signal: f.signal, phase: f.phase, material: f.material, method: methodOf(f), logger: log, minLots: intFlag('min-lots', f.minLots ?? '2') };
  if (f.lots) o.lots = listFlag(f.lots)!;
  else if (f.status) o.status = f.status;
  else throw new AppError('bad_flag', 'no good lots: give --lots L1,L2,… or --status released', 'the envelope is built from lots you trust');
  if (f.step !== undefined) o.step = Number(f.step);
  if (f.dtw) o.dtw = true;
  if (f.band !== undefined) o.band = intFlag('band', f.band);
  if (f.reference) o.reference = f.reference;
  const name = f.name ?? `${f.material}.${f.signal}.${f.phase}`;
  await withStore(f, async (store) => {
    const { model, training } = await buildGolden(store, o);
    const spec = { method: model.method, step: model.step, alignment: model.alignment, minLots: model.minLots };
    const version = await saveModel(store, actorOf(f), { name, model, spec, training });
    const covered = model.envelope.low.filter((v) => v !== null).length;
    output(f, { name, version, ...spec, lots: model.lots, gridPoints: model.envelope.t.length, withEnvelope: covered }, () =>
      `${name} v${version}: golden envelope of ${f.signal} in ${f.phase} from ${model.lots.length} lots of ${f.material}\n` +
      `${model.method.kind === 'sd' ? `mean ± ${model.method.k}·sd` : `percentiles ${model.method.low}–${model.method.high}`}, grid ${model.step} s, ` +
      `${model.alignment.kind === 'dtw' ? `aligned by DTW to lot ${model.alignment.reference} (band ${model.alignment.band} points)` : 'aligned on time since phase start'}; ` +
      `${covered} of ${model.envelope.t.length} grid points have an envelope (≥ ${model.minLots} lots)`,
    );
  });
}

async function check(f: CheckFlags): Promise<void> {
  await withStore(f, async (store) => {
    const m = await loadModelOfKind(store, f.name, ['golden'], f.modelVersion !== undefined ? intFlag('model-version', f.modelVersion) : undefined);
    const d = await goldenDeviation(store, m.model, f.lot);
    if (f.svg) writeFileSync(f.svg, goldenSvg(d));
    output(f, { model: m.name, version: m.version, ...d }, () => {
      const head = `lot ${d.lot}, ${d.signal} in ${d.phase}, against ${m.name} v${m.version}: ${d.outside} of ${d.compared} grid points outside` +
        (d.withoutEnvelope ? `; ${d.withoutEnvelope} points without envelope (beyond the good lots or too few of them)` : '');
      const spans = d.spans.length
        ? table(d.spans.map((s) => ({ 'from (min)': s.from / 60, 'to (min)': s.to / 60, points: s.points, direction: s.direction, 'max dev (sd)': s.maxZ === null ? 'sd = 0' : fmtNum(s.maxZ) })))
        : 'inside the envelope throughout';
      return `${head}\n\n${spans}${f.svg ? `\nchart written to ${f.svg}` : ''}`;
    });
  }, true);
}

/** `causeway golden build|check`: golden batch envelopes of a signal through a phase, and a lot against one. */
export function register(program: Command): void {
  const golden = program.command('golden').description('golden batch: envelope of a signal through a phase from good lots, and a lot against it');
  withCommon(golden.command('build').description('build an envelope from good lots and store it as a model (kind golden)'))
    .addOption(new Option('--name <name>', '[string] model name (default: material.signal.phase)'))
    .requiredOption('--signal <s>', '[string] signal (tags.signal) or tag name')
    .requiredOption('--phase <p>', '[string] phase name')
    .requiredOption('--material <m>', '[string] material of the lots')
    .addOption(new Option('--lots <list>', '[string] good lots (comma-separated)'))
    .addOption(new Option('--status <s>', '[string] or every lot of the material with this status, e.g. released'))
    .addOption(new Option('--k <k>', '[number] envelope mean ± k·sd (default: 3)'))
    .addOption(new Option('--percentiles <lo,hi>', '[string] envelope between two percentiles instead, e.g. 0.05,0.95'))
    .addOption(new Option('--step <s>', '[number] grid step in seconds (default: the median sampling interval)'))
    .addOption(new Option('--dtw', '[boolean] align lots by dynamic time warping to a reference lot (default: false)'))
    .addOption(new Option('--reference <lot>', '[string] DTW reference lot (default: the good lot of median duration)'))
    .addOption(new Option('--band <n>', '[number] DTW Sakoe–Chiba band in grid points (default: 10 % of the reference length)'))
    .addOption(new Option('--min-lots <n>', '[number] fewest lots for a grid point to have an envelope (default: 2)'))
    .action(action(build));
  withCommon(golden.command('check').description("a lot's deviation from a stored envelope over time"))
    .requiredOption('--name <name>', '[string] golden model name')
    .addOption(new Option('--model-version <n>', '[number] model version (default: the latest; --version is the program version)'))
    .requiredOption('--lot <lot>', '[string] the lot to check')
    .addOption(new Option('--svg <file>', '[string] write the chart to this SVG file'))
    .action(action(check));
}
