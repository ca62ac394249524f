import { Option, type Command } from 'commander';
import { chartName } from '../chart/control-chart-svg.js';
import { writeChart } from '../chart/files.js';
import type { Json } from '../core/json.js';
import type { ControlChartReport } from '../spc/control-chart.js';
import type { StoredLimits } from '../spc/limits-store.js';
import { limitsApproveVerb, limitsListVerb, limitsProposeVerb, spcFigureVerb, spcVerb } from '../spc/spc-verbs.js';
import { fmtNum, table } from './common.js';
import { verbCommand } from './verb-command.js';

/** A control chart report as text a quality person reads. */
export function spcText(r: Json<ControlChartReport>, files: string[]): string {
  const out = [`${r.parameter} of ${r.material}: ${chartName(r.chart)}, rules ${r.rules.length ? r.rules.join(',') : 'none'}`, `chart: ${r.choice}`];
  for (const p of r.panels) {
    const c = p.chart;
    out.push('', `${p.key ? p.key + ': ' : ''}${p.points.length} points, centre ${fmtNum(c.center)}, σ ${fmtNum(c.sigma)} (${c.estimator}), ` +
      (p.limits.source === 'stored' ? `stored limits v${p.limits.versions.join(', v')}` : `limits from ${p.limits.points} baseline points`));
    const first = c.primary;
    out.push(`  ${first.name}: LCL ${fmtNum(first.lcl[0]!)}  CL ${fmtNum(first.center[0]!)}  UCL ${fmtNum(first.ucl[0]!)}${first.ucl.some((u) => u !== first.ucl[0]) ? ' (first point; limits step)' : ''}`);
    if (c.secondary && c.kind !== 'ewma') out.push(`  ${c.secondary.name}: LCL ${fmtNum(c.secondary.lcl[0]!)}  CL ${fmtNum(c.secondary.center[0]!)}  UCL ${fmtNum(c.secondary.ucl[0]!)}`);
    for (const n of c.notes) out.push(`  note: ${n}`);
    out.push(p.violations.length ? `  ${p.violations.length} signal${p.violations.length === 1 ? '' : 's'}:` : '  no signals');
    for (const v of p.violations) out.push(`  - ${v.sentence}`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  for (const f of files) out.push(`chart written to ${f}`);
  return out.join('\n');
}

function limitsRow(l: Json<StoredLimits>) {
  return { material: l.material, parameter: l.parameter, chart: l.chart, version: l.version, valid_from: l.validFrom, center: l.center, lcl: l.lcl, ucl: l.ucl, status: l.status, set_by: l.setBy, approved_by: l.approvedBy ?? '', reason: l.reason };
}

/** `causeway spc PARAM` and `causeway spc limits propose|approve|list`: thin renamings of the spc verbs. */
export function register(program: Command): void {
  // Commander hands options written after `spc limits propose` to that subcommand only when the
  // root parses its own options positionally (the root has none but --version and --help).
  program.enablePositionalOptions();
  const spc = verbCommand({
    verb: spcVerb, parent: program,
    description: 'control chart of a parameter over lots in time order, judged by run rules; `spc limits` manages stored limits',
    options: [
      new Option('--svg <file>', '[string] write the chart as SVG (one file per --by value)'),
      new Option('--png <file>', '[string] write the chart as PNG (one file per --by value)'),
    ],
    after: async ({ conn, raw, result, flags }) => {
      const files: string[] = [];
      if (flags.svg || flags.png) {
        for (const p of result.panels) {
          const svg = await conn.call(spcFigureVerb, { ...raw, ...(p.key ? { panel: p.key } : {}) });
          files.push(...(await writeChart(svg, flags as { svg?: string; png?: string }, result.panels.length > 1 ? p.key : '')));
        }
      }
      return { files };
    },
    text: (r, { files }) => spcText(r, files),
  });
  // options after `spc limits …` belong to the subcommand, not to `spc`
  spc.enablePositionalOptions();

  const limits = spc.command('limits').description('stored, versioned control limits: propose, approve (by a second person), list');
  verbCommand({
    verb: limitsProposeVerb, parent: limits,
    text: (v) => `proposed version ${v.version} of ${v.material}/${v.parameter} (${v.chart}): centre ${fmtNum(v.center)}, σ ${fmtNum(v.sigma)}, LCL ${fmtNum(v.lcl)}, UCL ${fmtNum(v.ucl)}, valid from ${v.validFrom}; ` +
      `a second person approves it with \`causeway spc limits approve ${v.parameter} --material ${v.material} --chart ${v.chart} --version ${v.version} --reason …\``,
  });
  verbCommand({
    verb: limitsApproveVerb, parent: limits,
    text: (v) => `approved version ${v.version} of ${v.material}/${v.parameter} (${v.chart}) by ${v.approvedBy}`,
  });
  verbCommand({
    verb: limitsListVerb, parent: limits,
    text: (r) => table(r.limits.map(limitsRow)),
  });
}
