import { Option, type Command } from 'commander';
import { boxPlotSvg } from '../compare/box-plot-svg.js';
import type { GroupComparison } from '../compare/compare-groups.js';
import { compareParameter, type CompareParameterOptions, type ParameterComparison } from '../compare/compare-parameter.js';
import { writeChart } from '../chart/files.js';
import { action, cliLogger, fmtNum, numFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface CompareFlags extends CommonOptions {
  by?: string;
  material?: string;
  site?: string;
  from?: string;
  to?: string;
  margin?: string;
  reference?: string;
  alpha?: string;
  lsl?: string;
  usl?: string;
  target?: string;
  svg?: string;
  png?: string;
}

const num = (name: string, v: string): number => numFlag(name, v, '2.5');

/** The library options a set of flags asks for, validated. */
export function compareOptions(parameter: string, f: CompareFlags): CompareParameterOptions {
  const o: CompareParameterOptions = { parameter, by: f.by ?? 'site' };
  for (const k of ['material', 'site', 'from', 'to', 'reference'] as const) if (f[k] !== undefined) o[k] = f[k];
  if (f.margin !== undefined) o.margin = num('margin', f.margin);
  if (f.alpha !== undefined) o.alpha = num('alpha', f.alpha);
  if (f.lsl !== undefined || f.usl !== undefined) {
    o.spec = {};
    if (f.lsl !== undefined) o.spec.lsl = num('lsl', f.lsl);
    if (f.usl !== undefined) o.spec.usl = num('usl', f.usl);
    if (f.target !== undefined) o.spec.target = num('target', f.target);
  }
  return o;
}

/** The result for --json: sorted group values are left out (they are the lots' data, not results). */
function forJson(r: ParameterComparison): unknown {
  return { ...r, comparison: { ...r.comparison, groups: r.comparison.groups.map(({ values: _values, ...g }) => g) } };
}

function text(r: ParameterComparison): string {
  const c: GroupComparison = r.comparison;
  const head = `${r.parameter} of ${r.material} by ${r.by}: ${c.groups.reduce((s, g) => s + g.n, 0)} lots in ${c.groups.length} groups` +
    (r.dropped.missingValue + r.dropped.missingFactor > 0 ? ` (left out: ${r.dropped.missingValue} without a value, ${r.dropped.missingFactor} without a ${r.by})` : '');
  const spec = r.spec ? `specification (${r.spec.source}): ${[r.spec.lsl !== undefined ? `LSL ${r.spec.lsl}` : '', r.spec.usl !== undefined ? `USL ${r.spec.usl}` : ''].filter(Boolean).join(', ')}` : 'no specification: capability not shown';
  const rows = c.groups.map((g) => {
    const row: Record<string, unknown> = { group: g.group, n: g.n, mean: g.mean, sd: g.sd ?? '—', median: g.median, min: g.min, max: g.max };
    if (g.capability) {
      const cap = g.capability;
      row.ppk = cap.status === 'done' ? fmtNum(cap.result.indices.ppk?.value ?? cap.result.indices.ppl?.value ?? cap.result.indices.ppu?.value ?? NaN) || '—' : `— (${cap.code})`;
    }
    return row;
  });
  const parts = [head, spec, '', table(rows)];
  if (c.tukey.status === 'done') {
    parts.push('', 'Tukey HSD (difference b − a, family-wise ' + Math.round((1 - c.alpha) * 100) + ' % interval):');
    parts.push(table(c.tukey.result.map((t) => ({ a: t.a, b: t.b, diff: t.diff, lower: t.lower, upper: t.upper, p: t.p }))));
  }
  parts.push('', ...c.summary, ...r.notes.map((n) => `note: ${n}`));
  return parts.join('\n');
}

/** `causeway compare PARAM --by site`: site-to-site (or any factor) comparison of a parameter. */
export function register(program: Command): void {
  withCommon(
    program
      .command('compare')
      .description('compare a parameter across sites, equipment, suppliers, campaigns or any factor: group statistics, ANOVA, Welch, Tukey, Kruskal–Wallis, Levene, TOST equivalence')
      .argument('<parameter>', 'parameter or feature name'),
  )
    .addOption(new Option('--by <factor>', '[string] site, equipment, supplier, campaign, status, <step>.equipment or a lot attribute (default: site)'))
    .addOption(new Option('--material <m>', '[string] material whose lots are compared (default: the one that has the parameter)'))
    .addOption(new Option('--site <site>', '[string] only lots made at this site'))
    .addOption(new Option('--from <time>', '[string] only lots started at or after (ISO 8601)'))
    .addOption(new Option('--to <time>', '[string] only lots started before (ISO 8601)'))
    .addOption(new Option('--margin <x>', '[number] equivalence margin for TOST, in the unit of the parameter (default: no equivalence test)'))
    .addOption(new Option('--reference <group>', '[string] reference group for equivalence (default: the first group)'))
    .addOption(new Option('--alpha <a>', '[number] significance level (default: 0.05)'))
    .addOption(new Option('--lsl <x>', '[number] lower specification limit (default: the stored specification)'))
    .addOption(new Option('--usl <x>', '[number] upper specification limit (default: the stored specification)'))
    .addOption(new Option('--target <x>', '[number] target (default: midpoint of the limits)'))
    .addOption(new Option('--svg <file>', '[string] write box plots per group as SVG'))
    .addOption(new Option('--png <file>', '[string] write box plots per group as PNG'))
    .action(
      action(async (parameter: string, opts: CompareFlags) => {
        const options = { ...compareOptions(parameter, opts), logger: cliLogger(opts) };
        await withStore(opts, async (store) => {
          const r = await compareParameter(store, options);
          if (opts.svg || opts.png) {
            await writeChart(boxPlotSvg(r.comparison.groups, { title: `${r.parameter} by ${r.by}`, yLabel: r.parameter, ...(r.spec ? { spec: r.spec } : {}) }), opts);
          }
          output(opts, forJson(r), () => text(r));
        }, true);
      }),
    );
}
