import { Option, type Command } from 'commander';
import { chartName, renderControlChart } from '../chart/control-chart-svg.js';
import { writeChart } from '../chart/files.js';
import { AppError } from '../core/errors.js';
import { BY_FACTORS, type ByFactor } from '../spc/chart-data.js';
import { controlChart, type BaselineSpec, type ControlChartReport, type ControlChartRequest } from '../spc/control-chart.js';
import { proposeFromBaseline } from '../spc/limits-propose.js';
import { approveLimits, listLimits } from '../spc/limits-store.js';
import { parseRules } from '../spc/run-rules.js';
import { specificationAt } from '../spc/spec-store.js';
import { isChartKind, CHART_KINDS, type ChartKind } from '../spc/types.js';
import { action, actorOf, fmtNum, intFlag, listFlag, numFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface SpcFlags extends CommonOptions {
  material?: string;
  chart?: string;
  subgroup?: string;
  size?: string;
  baselineLots?: string;
  baselineFrom?: string;
  baselineTo?: string;
  stored?: boolean;
  rules?: string;
  by?: string;
  site?: string;
  from?: string;
  to?: string;
  nsigmas?: string;
  lambda?: string;
  k?: string;
  h?: string;
  svg?: string;
  png?: string;
  validFrom?: string;
  version?: string;
}

function chartOf(flags: SpcFlags): ChartKind {
  const c = flags.chart ?? 'imr';
  if (!isChartKind(c)) throw new AppError('bad_flag', `--chart '${c}' is not a chart`, `use one of ${CHART_KINDS.join(', ')}`);
  return c;
}

/** Turns flags into a library request (the CLI is a thin layer over `controlChart`). */
export function requestOf(parameter: string, flags: SpcFlags): ControlChartRequest {
  let baseline: BaselineSpec | undefined;
  if (flags.baselineLots) baseline = { lots: listFlag(flags.baselineLots)! };
  else if (flags.baselineFrom || flags.baselineTo) {
    if (!flags.baselineFrom || !flags.baselineTo) throw new AppError('bad_flag', 'a baseline date range needs both --baseline-from and --baseline-to', 'e.g. --baseline-from 2024-01-01 --baseline-to 2024-07-01');
    baseline = { from: flags.baselineFrom, to: flags.baselineTo };
  }
  if (baseline && flags.stored) throw new AppError('bad_flag', '--stored and a baseline exclude each other', 'judge by stored limits, or compute limits from a baseline');
  if (flags.by && !(BY_FACTORS as readonly string[]).includes(flags.by)) throw new AppError('bad_flag', `--by '${flags.by}' is not a factor`, `use one of ${BY_FACTORS.join(', ')}`);
  const size = flags.size === undefined ? undefined : Number.isFinite(Number(flags.size)) ? Number(flags.size) : flags.size;
  return {
    parameter, chart: chartOf(flags),
    ...(flags.material ? { material: flags.material } : {}),
    ...(flags.site ? { site: flags.site } : {}),
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(flags.by ? { by: flags.by as ByFactor } : {}),
    ...(flags.subgroup ? { subgroup: intFlag('subgroup', flags.subgroup) } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(baseline ? { baseline } : {}),
    ...(flags.stored ? { useStored: true } : {}),
    ...(flags.rules !== undefined ? { rules: parseRules(flags.rules) } : {}),
    ...(flags.nsigmas ? { nsigmas: numFlag('nsigmas', flags.nsigmas, '0.2') } : {}),
    ...(flags.lambda ? { lambda: numFlag('lambda', flags.lambda, '0.2') } : {}),
    ...(flags.k ? { k: numFlag('k', flags.k, '0.2') } : {}),
    ...(flags.h ? { h: numFlag('h', flags.h, '0.2') } : {}),
  };
}

function text(r: ControlChartReport, files: string[]): string {
  const out = [`${r.parameter} of ${r.material}: ${chartName(r.chart)}, rules ${r.rules.length ? r.rules.join(',') : 'none'}`];
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

const chartFlags = (cmd: Command): Command =>
  cmd
    .addOption(new Option('--material <m>', '[string] material the parameter belongs to (default: the only one that has it)'))
    .addOption(new Option('--chart <kind>', `[string] ${CHART_KINDS.join('|')} (default: imr)`))
    .addOption(new Option('--subgroup <n>', '[number] group n consecutive lots into one subgroup (default: replicates of each lot for xbar charts)'))
    .addOption(new Option('--size <n|param>', '[string] attribute charts: units inspected per lot, a number or a parameter holding it'))
    .addOption(new Option('--baseline-lots <a,b,…>', '[string] phase I lots the limits come from (default: all points)'))
    .addOption(new Option('--baseline-from <time>', '[string] phase I: lots starting at or after this time'))
    .addOption(new Option('--baseline-to <time>', '[string] phase I: lots starting before this time'))
    .addOption(new Option('--site <site>', '[string] only lots of this site'))
    .addOption(new Option('--from <time>', '[string] lots starting at or after, ISO 8601'))
    .addOption(new Option('--to <time>', '[string] lots starting before (exclusive), ISO 8601'))
    .addOption(new Option('--nsigmas <k>', '[number] width of the control limits in σ (default: 3; EWMA L)'))
    .addOption(new Option('--lambda <λ>', '[number] EWMA weight (default: 0.2)'))
    .addOption(new Option('--k <k>', '[number] CUSUM reference value in σ (default: 0.5)'))
    .addOption(new Option('--h <h>', '[number] CUSUM decision interval in σ (default: 5)'));

/** `causeway spc PARAM` and `causeway spc limits propose|approve|list`. */
export function register(program: Command): void {
  // Commander hands options written after `spc limits propose` to that subcommand only when the
  // root parses its own options positionally (the root has none but --version and --help).
  program.enablePositionalOptions();
  const spc = withCommon(chartFlags(
    program.command('spc').argument('<parameter>', 'parameter or feature name')
      .description('control chart of a parameter over lots in time order, judged by run rules; `spc limits` manages stored limits')
      // options after `spc limits …` belong to the subcommand, not to `spc`
      .enablePositionalOptions(),
  ))
    .addOption(new Option('--stored', '[boolean] judge each point by the approved stored limits valid at its time (default: false)'))
    .addOption(new Option('--rules <list>', '[string] we1,we2,…,nelson1…8 | we | nelson | all | none (default: we)'))
    .addOption(new Option('--by <factor>', `[string] one chart per ${BY_FACTORS.join('|')}`))
    .addOption(new Option('--svg <file>', '[string] write the chart as SVG (one file per --by value)'))
    .addOption(new Option('--png <file>', '[string] write the chart as PNG'))
    .action(action(async (parameter: string, flags: SpcFlags) => {
      await withStore(flags, async (store) => {
        const r = await controlChart(store, requestOf(parameter, flags));
        const files: string[] = [];
        if (flags.svg || flags.png) {
          const last = r.panels.flatMap((p) => p.points).reduce<string | null>((a, p) => (p.time && (!a || p.time > a) ? p.time : a), null);
          const spec = await specificationAt(store, r.material, parameter, last ? new Date(last) : new Date());
          for (const p of r.panels) {
            const svg = renderControlChart(p, { title: parameter, subtitle: [r.material, p.key].filter(Boolean).join(' · '), ...(spec ? { spec: spec.spec } : {}) });
            files.push(...(await writeChart(svg, flags, r.panels.length > 1 ? p.key : '')));
          }
        }
        output(flags, { ...r, files }, () => text(r, files));
      }, true);
    }));

  const limits = spc.command('limits').description('stored, versioned control limits: propose, approve (by a second person), list');
  withCommon(chartFlags(limits.command('propose').argument('<parameter>').description('compute limits from a baseline and store them as a new proposed version')))
    .addOption(new Option('--valid-from <time>', '[string] from when they judge points (default: start of the first baseline lot)'))
    .action(action(async (parameter: string, flags: SpcFlags) => {
      await withStore(flags, async (store) => {
        const stored = await proposeFromBaseline(store, requestOf(parameter, flags), actorOf(flags), flags.validFrom);
        const r = { material: stored.material, chart: stored.chart };
        output(flags, stored, () => `proposed version ${stored.version} of ${r.material}/${parameter} (${r.chart}): centre ${fmtNum(stored.center)}, σ ${fmtNum(stored.sigma)}, LCL ${fmtNum(stored.lcl)}, UCL ${fmtNum(stored.ucl)}, valid from ${stored.validFrom.toISOString()}; a second person approves it with \`causeway spc limits approve ${parameter} --material ${r.material} --chart ${r.chart} --version ${stored.version} --reason …\``);
      });
    }));
  withCommon(limits.command('approve').argument('<parameter>').description('approve a proposed version (the approver must differ from the proposer)'))
    .addOption(new Option('--material <m>', '[string] material').makeOptionMandatory())
    .addOption(new Option('--chart <kind>', '[string] chart kind (default: imr)'))
    .addOption(new Option('--version <n>', '[number] version to approve').makeOptionMandatory())
    .action(action(async (parameter: string, flags: SpcFlags) => {
      await withStore(flags, async (store) => {
        const v = await approveLimits(store, { material: flags.material!, parameter, chart: chartOf(flags), version: intFlag('version', flags.version!) }, actorOf(flags));
        output(flags, v, () => `approved version ${v.version} of ${v.material}/${parameter} (${v.chart}) by ${v.approvedBy}`);
      });
    }));
  withCommon(limits.command('list').argument('[parameter]').description('stored versions with who set and approved them'))
    .addOption(new Option('--material <m>', '[string] material'))
    .addOption(new Option('--chart <kind>', '[string] chart kind'))
    .action(action(async (parameter: string | undefined, flags: SpcFlags) => {
      await withStore(flags, async (store) => {
        const rows = await listLimits(store, { ...(parameter ? { parameter } : {}), ...(flags.material ? { material: flags.material } : {}), ...(flags.chart ? { chart: chartOf(flags) } : {}) });
        output(flags, rows, () => table(rows.map((l) => ({ material: l.material, parameter: l.parameter, chart: l.chart, version: l.version, valid_from: l.validFrom, center: l.center, lcl: l.lcl, ucl: l.ucl, status: l.status, set_by: l.setBy, approved_by: l.approvedBy ?? '', reason: l.reason }))));
      }, true);
    }));
}
