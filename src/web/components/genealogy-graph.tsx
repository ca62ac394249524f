/** Nodes and edges as the API's genealogy graph returns them. */
export interface GNode { lot: string; material: string | null; site: string | null; status: string | null; level: number; contribution: number }
export interface GEdge { parent: string; child: string; quantity: number | null; share?: number | null; estimated?: boolean }

const NW = 150;
const NH = 40;

/**
 * The genealogy of a lot drawn left (raw materials) to right (final product): columns by the
 * API's level (upstream negative, downstream positive), lots stacked in each column, edges
 * labelled with the share of the child made from the parent (* = equal split, quantities
 * missing). Click a lot, or press Enter on it, to open it.
 */
export function GenealogyGraph(props: { seed: string; nodes: GNode[]; edges: GEdge[]; onOpen: (lot: string) => void }) {
  const level = new Map(props.nodes.map((n) => [n.lot, n.level]));
  const cols = new Map<number, string[]>();
  for (const n of props.nodes) {
    const l = level.get(n.lot) ?? 0;
    cols.set(l, [...(cols.get(l) ?? []), n.lot]);
  }
  const levels = [...cols.keys()].sort((a, b) => a - b);
  const maxRows = Math.max(1, ...[...cols.values()].map((c) => c.length));
  const W = Math.max(600, levels.length * (NW + 70) + 40);
  const H = Math.max(160, maxRows * (NH + 14) + 40);
  const pos = new Map<string, { x: number; y: number }>();
  levels.forEach((l, i) => {
    const lots = cols.get(l)!.sort();
    lots.forEach((lot, k) => pos.set(lot, { x: 20 + i * (NW + 70), y: 20 + k * (NH + 14) + ((maxRows - lots.length) * (NH + 14)) / 2 }));
  });
  const byLot = new Map(props.nodes.map((n) => [n.lot, n]));
  return (
    <div className="graph-scroll">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Genealogy of lot ${props.seed}`}>
        <rect width={W} height={H} fill="#fff" />
        {props.edges.map((e, i) => {
          const a = pos.get(e.parent);
          const b = pos.get(e.child);
          if (!a || !b) return null;
          const x1 = a.x + NW;
          const y1 = a.y + NH / 2;
          const x2 = b.x;
          const y2 = b.y + NH / 2;
          const label = e.share !== undefined && e.share !== null ? `${Math.round(e.share * 100)} %${e.estimated ? '*' : ''}` : e.quantity !== null ? String(e.quantity) : '';
          return (
            <g key={i}>
              <path d={`M${x1},${y1} C${x1 + 35},${y1} ${x2 - 35},${y2} ${x2},${y2}`} fill="none" stroke="#9aa7b8" />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 3} fontSize="10" textAnchor="middle" fill="#5d6778">{label}</text>
            </g>
          );
        })}
        {[...pos].map(([lot, p]) => {
          const n = byLot.get(lot);
          const bad = /reject/i.test(n?.status ?? '');
          return (
            <g key={lot} transform={`translate(${p.x},${p.y})`} className="node" tabIndex={0} role="link" aria-label={`lot ${lot}`}
              onClick={() => props.onOpen(lot)} onKeyDown={(e) => e.key === 'Enter' && props.onOpen(lot)}>
              <rect width={NW} height={NH} rx="6" fill={lot === props.seed ? '#1f4e79' : '#f6f8fb'} stroke={bad ? '#c62828' : '#c9d1dc'} />
              <text x="8" y="16" fontSize="12" fontWeight="600" fill={lot === props.seed ? '#fff' : '#1d2433'}>{lot}</text>
              <text x="8" y="31" fontSize="10" fill={lot === props.seed ? '#dfe7f1' : '#5d6778'}>{[n?.material, n?.site, n?.status].filter(Boolean).join(' · ')}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
