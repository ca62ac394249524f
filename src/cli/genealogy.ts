import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { genealogyGraph, type GenealogyEdge, type GenealogyGraph } from '../context/genealogy-graph.js';
import { downstream, upstream } from '../context/genealogy.js';
import { action, fmtNum, intFlag, output, withCommon, withStore, type CommonOptions } from './common.js';

interface GenealogyFlags extends CommonOptions {
  up?: boolean;
  down?: boolean;
  depth?: string;
}

/**
 * The genealogy of a lot as a text tree. Each line: lot, material, site, the share of the edge
 * (the fraction of the child made from the parent) and the contribution along that path
 * (`→`); where a lot is reached by several paths its total follows. `*` marks an equal share
 * because quantities are missing.
 */
export function renderTree(g: GenealogyGraph, direction: 'up' | 'down', depth: number): string {
  const nodes = new Map(g.nodes.map((n) => [n.lot, n]));
  const next = new Map<string, GenealogyEdge[]>();
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
  withCommon(
    program
      .command('genealogy')
      .argument('<lot>', 'the lot to start from')
      .description('upstream or downstream genealogy of a lot, to any depth, with the contribution of each lot (mass balance)'),
  )
    .addOption(new Option('--up', '[boolean] lots it was made from (default)'))
    .addOption(new Option('--down', '[boolean] lots made from it (default: false)'))
    .addOption(new Option('--depth <n>', '[number] edges to follow (default: all)'))
    .action(
      action(async (lot: string, opts: GenealogyFlags) => {
        if (opts.up && opts.down) throw new AppError('bad_flag', 'give --up or --down, not both', 'run it twice for both directions');
        const direction = opts.down ? 'down' : 'up';
        const depth = opts.depth === undefined ? undefined : intFlag('depth', opts.depth);
        const options = depth === undefined ? {} : { depth };
        await withStore(opts, async (store) => {
          const closure = direction === 'up' ? await upstream(store, lot, options) : await downstream(store, lot, options);
          const graph = await genealogyGraph(store, lot, options);
          output(opts, { lot, direction, lots: closure.lots, edges: graph.edges }, () => renderTree(graph, direction, depth ?? Infinity));
        }, true);
      }),
    );
}
