import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Json } from '../core/json.js';
import { explainVerb } from '../explain/drivers/explain-verbs.js';
import type { Explanation } from '../explain/drivers/explain-types.js';
import { num, pText } from '../explain/drivers/sentence.js';
import { verbCommand } from './verb-command.js';

/** `causeway explain TARGET`: ranked drivers of a quality attribute, with evidence. */
export function register(program: Command): void {
  verbCommand({
    verb: explainVerb, parent: program,
    options: [
      new Option('--all', '[boolean] also list every screened candidate (default: false)'),
      new Option('--svg <file>', "[string] write the top drivers' scatter or box plots to an SVG file (asks for plots)"),
    ],
    // --svg asks the verb for its plots; they go to the file, not to the output.
    request: (raw, flags) => (flags.svg ? { ...raw, plots: true } : raw),
    after: async ({ result, flags }) => {
      if (flags.svg && result.plots) writeFileSync(String(flags.svg), result.plots);
      return {};
    },
    json: (r, _x, flags) => (flags.svg ? withoutPlots(r) : r),
    text: (r, _x, flags) => render(r, Boolean(flags.all)),
  });
}

function withoutPlots<T extends { plots?: unknown }>(r: T): Omit<T, 'plots'> {
  const { plots: _plots, ...rest } = r;
  return rest;
}

function render(e: Json<Explanation>, all: boolean): string {
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
