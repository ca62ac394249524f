import { listValue } from '@duckdb/node-api';
import type { Store } from '../store/store.js';
import { downstream, upstream, type ClosureOptions } from './genealogy.js';
import { SHARES_SQL } from './genealogy-sql.js';

/** A lot as a node of a genealogy drawing. */
export interface GenealogyNode {
  lot: string;
  material: string | null;
  site: string | null;
  status: string | null;
  step: string | null;
  /** Edges from the focus lot: negative upstream, positive downstream, 0 the focus itself. */
  level: number;
  /** Upstream: fraction of the focus lot made from this lot; downstream: fraction of this lot made from the focus; 1 for the focus. */
  contribution: number;
}

/** A genealogy edge between two nodes of the drawing. */
export interface GenealogyEdge {
  parent: string;
  child: string;
  /** Quantity of the parent consumed, when recorded. */
  quantity: number | null;
  /** Fraction of the child made from the parent, among parents of the parent's material. */
  share: number;
  /** True when the share is an equal split because quantities are missing. */
  estimated: boolean;
}

/** The genealogy around one lot, ready to draw. */
export interface GenealogyGraph {
  focus: string;
  nodes: GenealogyNode[];
  edges: GenealogyEdge[];
}

/**
 * The genealogy graph around a lot for drawing: the lot, its upstream and downstream closures as
 * nodes (material, site, status, level), and every genealogy edge between those nodes with its
 * quantity and share.
 *
 * @param store an open store.
 * @param lot the focus lot.
 * @param options `depth`: edges to follow each way (default 1000).
 * @throws AppError `unknown_lot`, `genealogy_cycle` (see {@link upstream}).
 * @example
 * const g = await genealogyGraph(store, 'T-001');
 * g.edges.filter((e) => e.estimated); // edges whose share is an equal split
 */
export async function genealogyGraph(store: Store, lot: string, options: ClosureOptions = {}): Promise<GenealogyGraph> {
  // One connection: the two walks run one after the other.
  const up = await upstream(store, lot, options);
  const down = await downstream(store, lot, options);
  const focusMeta = await store.one<{ material: string | null; site: string | null; status: string | null; step: string | null }>(
    'SELECT material, site, status, step FROM lots WHERE lot = $1',
    [lot],
  );
  const nodes: GenealogyNode[] = [
    { lot, material: focusMeta?.material ?? null, site: focusMeta?.site ?? null, status: focusMeta?.status ?? null,
      step: focusMeta?.step ?? null, level: 0, contribution: 1 },
  ];
  for (const [closure, sign] of [[up, -1], [down, 1]] as const) {
    for (const l of closure.lots) {
      nodes.push({ lot: l.lot, material: l.material, site: l.site, status: l.status, step: l.step, level: sign * l.depth, contribution: l.contribution });
    }
  }
  const ids = nodes.map((n) => n.lot);
  const edges = await store.all<GenealogyEdge & Record<string, unknown>>(
    `SELECT parent, child, quantity, share, estimated FROM (${SHARES_SQL})
     WHERE parent IN (SELECT unnest($1::VARCHAR[])) AND child IN (SELECT unnest($1::VARCHAR[]))
     ORDER BY parent, child`,
    [listValue(ids)],
  );
  return { focus: lot, nodes, edges: edges.map((e) => ({ parent: e.parent, child: e.child, quantity: e.quantity, share: e.share, estimated: e.estimated })) };
}
