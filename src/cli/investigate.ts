import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Json } from '../core/json.js';
import { num } from '../explain/drivers/sentence.js';
import { investigateHtmlVerb, investigateVerb } from '../explain/investigate/investigate-verbs.js';
import type { Investigation } from '../explain/investigate/investigate-types.js';
import { verbCommand } from './verb-command.js';

/** `causeway investigate LOT`: everything unusual about one lot, most unusual first. */
export function register(program: Command): void {
  verbCommand({
    verb: investigateVerb, parent: program,
    options: [new Option('--html <file>', '[string] also write a one-page HTML summary to forward')],
    after: async ({ conn, raw, flags }) => {
      if (flags.html) writeFileSync(String(flags.html), await conn.call(investigateHtmlVerb, raw));
      return {};
    },
    text: (inv) => render(inv),
  });
}

function render(inv: Json<Investigation>): string {
  const l = inv.lot;
  const out = [`Lot ${l.lot} (${l.material}, site ${l.site}${l.start ? ', ' + l.start.slice(0, 10) : ''}${l.status ? ', ' + l.status : ''})`, ''];
  if (inv.findings.length === 0) out.push('Nothing unusual found in what was checked.');
  inv.findings.forEach((f, i) => out.push(`${String(i + 1).padStart(2)}. [${f.kind.replace(/_/g, ' ')}] ${f.sentence}`));
  if (inv.similar.length) {
    out.push('', 'Most similar past lots:');
    for (const s of inv.similar)
      out.push(`   ${s.lot}  distance ${num(s.distance)}  ${s.status ?? ''}  ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v === null ? '–' : num(v)}`).join(', ')}`);
  }
  const c = inv.checked;
  out.push('', `Checked: ${c.parameters} values, ${c.upstreamLots} upstream lots, ${c.charts} control charts, ${c.goldenModels} golden envelopes, ${c.events} events, ${c.comparableLots} comparable lots.`);
  for (const n of inv.notes) out.push(`Note: ${n}`);
  return out.join('\n');
}
