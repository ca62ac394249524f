import { Option, type Command } from 'commander';
import { writeChart } from '../chart/files.js';
import type { Json } from '../core/json.js';
import type { ParameterComparison } from '../compare/compare-parameter.js';
import { compareFigureVerb, compareVerb } from '../compare/compare-verbs.js';
import { fmtNum, table } from './common.js';
import { verbCommand } from './verb-command.js';

/** The result for --json: sorted group values are left out (they are the lots' data, not results). */
function forJson(r: Json<ParameterComparison>): unknown {
  return { ...r, comparison: { ...r.comparison, groups: r.comparison.groups.map(({ values: _values, ...g }) => g) } };
}

function text(r: Json<ParameterComparison>): string {
  const c = r.comparison;
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
  verbCommand({
    verb: compareVerb, parent: program,
    options: [
      new Option('--svg <file>', '[string] write box plots per group as SVG'),
      new Option('--png <file>', '[string] write box plots per group as PNG'),
    ],
    after: async ({ conn, raw, flags }) => {
      if (flags.svg || flags.png) await writeChart(await conn.call(compareFigureVerb, raw), flags as { svg?: string; png?: string });
      return {};
    },
    json: (r) => forJson(r),
    text: (r) => text(r),
  });
}
