import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { genealogyCsvVerb, genealogyVerb } from '../context/context-verbs.js';
import type { GenealogyEdge, GenealogyGraph } from '../context/genealogy-graph.js';
import { fmtNum } from './common.js';
import { verbCommand } from './verb-command.js';

/**
 * The genealogy of a lot as a text tree. Each line: lot, material, site, the share of the edge
 * (the fraction of the child made from the parent) and the contribution along that path
 * (`→`); where a lot is reached by several paths its total follows. `*` marks an equal share
 * because quantities are missing.
 */
export function renderTree(g: Json<GenealogyGraph>, direction: 'up' | 'down', depth: number): string {
  const nodes = new Map(g.nodes.map((n) => [n.lot, n]));
  const next = new Map<string, Json<GenealogyEdge>[]>();
  for (const e of g.edges) {
    const from = direction === 'up' ? e.child : e.parent;
    next.set(from, [...(next.get(from) ?? []), e]);
  }
  const focus = nodes.get(g.focus)!;
  const lines = [[focus.lot, focus.material ?? '?', focus.site ?? '', focus.status ?? ''].filter(Boolean).join('  ')];
  let estimated = false;
  const walk = (lot: string, prefix: string, along: number, level: number): void => {
    if (level >= depth) return;
    const edges = (next.get(lot) ?? []).slice().sort((a, b) => {
      const [x, y] = direction === 'up' ? [a.parent, b.parent] : [a.child, b.child];
      return (nodes.get(x)?.material ?? '').localeCompare(nodes.get(y)?.material ?? '') || x.localeCompare(y);
    });
    edges.forEach((e, i) => {
      const other = direction === 'up' ? e.parent : e.child;
      const n = nodes.get(other);
      const last = i === edges.length - 1;
      const share = along * e.share;
      estimated ||= e.estimated;
      const total = n && Math.abs(n.contribution - share) > 1e-12 ? `  (total ${fmtNum(n.contribution)})` : '';
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${other}  ${n?.material ?? '?'}  ${n?.site ?? ''}  share ${fmtNum(e.share)}${e.estimated ? '*' : ''}  → ${fmtNum(share)}${total}`);
      walk(other, prefix + (last ? '   ' : '│  '), share, level + 1);
    });
  };
  walk(g.focus, '', 1, 0);
  if (lines.length === 1) lines.push(direction === 'up' ? '(no upstream lots)' : '(no downstream lots)');
  if (estimated) lines.push('', '* equal shares: quantities are missing in the genealogy');
  return lines.join('\n');
}

/** `causeway genealogy LOT`: the upstream (default) or downstream genealogy of a lot, with contributions. */
export function register(program: Command): void {
  verbCommand({
    verb: genealogyVerb, parent: program,
    options: [
      new Option('--up', '[boolean] lots it was made from, as --direction up (default)'),
      new Option('--down', '[boolean] lots made from it, as --direction down (default: false)'),
      new Option('--csv <file>', '[string] also write the lots reached, with depth and contribution, to a CSV file'),
    ],
    request: (raw, flags) => {
      if (flags.up && flags.down) throw new AppError('bad_flag', 'give --up or --down, not both', 'run it twice for both directions');
      return flags.down ? { ...raw, direction: 'down' } : flags.up ? { ...raw, direction: 'up' } : raw;
    },
    after: async ({ conn, raw, flags }) => {
      if (flags.csv) await writeFile(String(flags.csv), await conn.call(genealogyCsvVerb, raw));
      return {};
    },
    json: (r) => ({ lot: r.lot, direction: r.direction, lots: r.lots, edges: r.edges }),
    text: (r, _x, flags) => renderTree({ focus: r.lot, nodes: r.nodes, edges: r.edges }, r.direction, flags.depth === undefined ? Infinity : Number(flags.depth)),
  });
}
