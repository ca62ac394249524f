import type { CarryRule, ColumnOrigin, FactorKind } from './analysis-set-types.js';

/**
 * One column as the store describes it before it has a name: whether it is the target lot's own
 * value or carried from upstream, which material and consuming step (`via`), which source.
 */
export interface ColumnKey {
  scope: 'own' | 'up';
  material: string;
  /** Step that consumed the upstream lots ('' for own columns). */
  via: string;
  /** `discrete`, `feature` or a factor kind. */
  src: 'discrete' | 'feature' | FactorKind;
  /** Parameter or feature name ('' for factors). */
  name: string;
  /** Step of the lots the value was measured on (own: the target's step). */
  step: string | null;
  /** Steps consuming the value, from the target outwards (empty for own columns). */
  route: string[];
  estimated: boolean;
}

/**
 * The name of a column, saying where its value comes from:
 * - own parameter or feature: its name (`dissolution`, `tablet_weight.rsd`);
 * - upstream parameter: `<material>.<parameter> (via <step>)`, e.g. `api.d90 (via granulation)`;
 * - upstream feature: its name when it starts with the step of the lot it was measured on
 *   (`drying.product_temp.max`), else `<step or material>.<name>`;
 * - factors: `site`, `status`, `campaign`, `start`, `<step>.equipment`, `<raw material>.supplier`,
 *   `<raw material>.lot`.
 */
export function baseName(k: ColumnKey): string {
  if (k.src === 'discrete') return k.scope === 'own' ? k.name : `${k.material}.${k.name} (via ${k.via})`;
  if (k.src === 'feature') {
    if (k.scope === 'own') return k.name;
    const prefix = k.step ?? k.material;
    return k.name.startsWith(prefix + '.') ? k.name : `${prefix}.${k.name}`;
  }
  if (k.src === 'equipment') return `${k.step ?? k.material}.equipment`;
  if (k.src === 'supplier' || k.src === 'lot') return `${k.material}.${k.src}`;
  return k.src;
}

/**
 * Names for all columns, unique: where two columns would share a name (the same material reached
 * through two steps), the consuming step is added (` (via blending)`), then a counter.
 */
export function columnNames(keys: readonly ColumnKey[]): string[] {
  const names = keys.map(baseName);
  const count = (arr: string[]) => arr.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  let seen = count(names);
  const withVia = names.map((n, i) => {
    const k = keys[i]!;
    return seen.get(n)! > 1 && k.scope === 'up' && !n.includes(`(via ${k.via})`) ? `${n} (via ${k.via})` : n;
  });
  seen = count(withVia);
  const used = new Map<string, number>();
  return withVia.map((n) => {
    if (seen.get(n)! === 1) return n;
    const i = (used.get(n) ?? 0) + 1;
    used.set(n, i);
    return i === 1 ? n : `${n} #${i}`;
  });
}

/** The origin of a column (see {@link ColumnOrigin}). */
export function originOf(k: ColumnKey, rule: CarryRule): ColumnOrigin {
  const path = k.scope === 'own' ? [k.material] : [k.material, ...[...k.route].reverse()];
  const o: ColumnOrigin = {
    material: k.material,
    path,
    rule: k.scope === 'own' ? 'own' : k.src === 'discrete' || k.src === 'feature' ? rule : 'dominant',
    estimated: k.estimated,
  };
  if (k.step !== null) o.step = k.step;
  if (k.src === 'discrete') o.parameter = k.name;
  else if (k.src === 'feature') o.feature = k.name;
  else o.factor = k.src;
  return o;
}
