import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { explainWithSet } from '../explain/drivers/explain.js';
import type { Explanation, TargetMode } from '../explain/drivers/explain-types.js';
import { topPlots } from '../explain/drivers/plots.js';
import { num, pText } from '../explain/drivers/sentence.js';
import { action, cliLogger, intFlag, numFlag, output, withCommon, withStore, type CommonOptions } from './common.js';

interface Opts extends CommonOptions {
  material: string;
  site?: string;
  from?: string;
  to?: string;
  spec?: boolean;
  bad?: string;
  alpha: string;
  minN: string;
  maxDrivers: string;
  exclude?: string;
  includeOutcomes?: boolean;
  svg?: string;
  all?: boolean;
}

/** `causeway explain TARGET`: ranked drivers of a quality attribute, with evidence. */
export function register(program: Command): void {
  withCommon(program.command('explain').argument('<target>', 'a parameter or feature of the material\'s lots, e.g. dissolution'))
    .description('why does TARGET vary? screens every candidate (own and upstream parameters and features, factors), ranks drivers in a joint model, groups proxies, calls out confounding')
    .addOption(new Option('--material <m>', '[string] the material whose lots are compared (required)').makeOptionMandatory())
    .addOption(new Option('--site <s>', '[string] only lots of this site'))
    .addOption(new Option('--from <t>', '[ISO 8601] only lots that started at or after this time'))
    .addOption(new Option('--to <t>', '[ISO 8601] only lots that started before this time'))
    .addOption(new Option('--spec', '[boolean] explain pass/fail against the specification valid at each lot (default: the numeric value)'))
    .addOption(new Option('--bad <expr>', '[string] explain pass/fail by an expression, e.g. "dissolution < 85"'))
    .addOption(new Option('--alpha <q>', '[number] false discovery rate for drivers (default: 0.05)').default('0.05'))
    .addOption(new Option('--min-n <n>', '[number] fewest lots with both values for a candidate to be tested (default: 10)').default('10'))
    .addOption(new Option('--max-drivers <n>', '[number] largest joint model (default: 8)').default('8'))
    .addOption(new Option('--exclude <list>', '[string] comma-separated name fragments of candidates to leave out'))
    .addOption(new Option('--include-outcomes', '[boolean] keep other quality attributes (CQA) of the same lot as candidates (default: false)'))
    .addOption(new Option('--all', '[boolean] also list every screened candidate (default: false)'))
    .addOption(new Option('--svg <file>', '[string] write the top drivers\' scatter or box plots to an SVG file'))
    .action(
      action(async (target: string, opts: Opts) => {
        const mode: TargetMode = opts.bad ? { kind: 'expr', expr: opts.bad } : opts.spec ? { kind: 'spec' } : { kind: 'numeric' };
        const { explanation, set } = await withStore(opts, (store) =>
          explainWithSet(store, {
            target, material: opts.material, mode, logger: cliLogger(opts),
            ...(opts.site ? { site: opts.site } : {}), ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}),
            alpha: numFlag('alpha', opts.alpha, '0.05'), minN: intFlag('min-n', opts.minN), maxDrivers: intFlag('max-drivers', opts.maxDrivers),
            ...(opts.exclude ? { exclude: opts.exclude.split(',') } : {}), includeOutcomes: Boolean(opts.includeOutcomes),
          }),
        );
        if (opts.svg) writeFileSync(opts.svg, topPlots(explanation, set));
        output(opts, explanation, () => render(explanation, Boolean(opts.all)));
      }),
    );
}

function render(e: Explanation, all: boolean): string {
  const t = e.target;
  const lines = [
    `${t.name} of ${t.material} lots: n = ${t.n}` + (t.bad !== undefined ? `, ${t.bad} bad` : `, mean ${num(t.mean)}${t.unit ? ' ' + t.unit : ''}, sd ${num(t.sd)}`),
    `${e.screened.length} candidates tested, ${e.untestable.length} not testable; joint model R² = ${num(e.model.r2)} (${e.model.method})`,
    '',
  ];
  if (e.drivers.length === 0) lines.push('No driver found.');
  for (const d of e.drivers) {
    lines.push(`${d.rank}. ${d.name}  importance ${num(d.importance)}  ${d.direction}  n = ${d.n}${d.missing ? ` (${d.missing} missing)` : ''}  ${pText('p', d.p)}  ${pText('q', d.q)}`);
    lines.push(`   ${d.sentence}`);
    if (d.proxies.length) lines.push(`   proxies (same information): ${d.proxies.map((p) => `${p.name} (${num(p.correlation)})`).join(', ')}`);
    for (const c of d.confounded) lines.push(`   confounded with ${c.with} (${c.measure} = ${num(c.strength)})`);
  }
  if (e.alsoAssociated.length) {
    lines.push('', 'Also associated (not explained by the drivers above):');
    for (const s of e.alsoAssociated.slice(0, 10)) lines.push(`   ${s.name}  ${pText('q', s.q)}  n = ${s.n}`);
  }
  if (all) {
    lines.push('', 'All screened candidates:');
    for (const s of e.screened) lines.push(`   ${s.name}  ${s.test}  ${pText('p', s.p)}  ${pText('q', s.q)}  n = ${s.n}`);
  }
  lines.push('', ...e.caveats.map((c) => `Note: ${c}`));
  return lines.join('\n');
}
