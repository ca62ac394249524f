import type { ColumnOrigin } from '../../context/analysis-set-types.js';
import type { Screened } from './explain-types.js';

/** A number for a sentence: 3 significant digits, no exponent for ordinary sizes. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/** q (or p) as people read it: "q < 0.001", "q = 0.012". */
export function pText(label: 'p' | 'q', v: number): string {
  if (v < 0.001) return `${label} < 0.001`;
  return `${label} = ${v < 0.01 ? v.toFixed(3) : v.toFixed(2)}`;
}

/** Where a candidate comes from, as words: "the API lot's d90", "drying.product_temp.max". */
export function describe(s: Pick<Screened, 'name' | 'origin' | 'kind'>): string {
  const o: ColumnOrigin = s.origin;
  const upstream = o.rule !== 'own' && o.path.length > 1;
  if (o.factor) {
    const what = o.factor === 'lot' ? 'lot' : o.factor;
    return upstream ? `the ${o.material} ${what}` : what === 'start' ? 'start date' : what;
  }
  const thing = o.parameter ?? o.feature ?? s.name;
  if (upstream && o.parameter) return `the ${o.material} lot's ${thing}` + (o.rule === 'weighted_mean' ? ' (contribution-weighted)' : ` (${o.rule.replace('_', ' ')})`);
  return s.name;
}

function unit(u: string | null): string {
  if (!u) return '';
  return u === '%' ? ' %' : ' ' + u;
}

/**
 * The one sentence of a driver, in the form of the example: "lots whose API lot had
 * d90 above 118 µm had 3.9 % lower dissolution (n = 212 vs 388, q < 0.001)".
 */
export function sentenceOf(s: Screened, target: { name: string; unit: string | null; binary: boolean }): string {
  const who = describe(s);
  const e = s.effect;
  const n = (a: number, b: number) => `n = ${a} vs ${b}`;
  const q = pText('q', s.q);
  if (e.kind === 'threshold') {
    const rel = e.relative !== null && target.unit !== '%' ? `${num(Math.abs(e.relative))} % ` : '';
    const abs = `${num(Math.abs(e.difference))}${unit(target.unit)}`;
    const size = rel ? `${rel}(${abs}) ` : `${abs} `;
    const o = s.origin;
    const above = `above ${num(e.threshold)}${unit(s.unit)}`;
    const whose = o.rule !== 'own' && o.path.length > 1 && o.parameter
      ? `whose ${o.material} lot${o.rule === 'weighted_mean' ? 's' : ''} had ${o.parameter} ${above}${o.rule === 'weighted_mean' ? ' (contribution-weighted)' : ''}`
      : `whose ${who} was ${above}`;
    return `Lots ${whose} had ${size}${e.difference < 0 ? 'lower' : 'higher'} ${target.name} (${n(e.nAbove, e.nBelow)}, ${q}).`;
  }
  if (e.kind === 'levels') {
    const rel = e.relative !== null && target.unit !== '%' ? ` (${num(Math.abs(e.relative))} %)` : '';
    return `Lots with ${who} ${e.high.level} had ${num(e.difference)}${unit(target.unit)}${rel} higher ${target.name} than with ${e.low.level} (${n(e.high.n, e.low.n)}, η² = ${num(e.etaSquared)}, ${q}).`;
  }
  const ra = e.groupA.n ? (100 * e.groupA.bad) / e.groupA.n : 0;
  const rb = e.groupB.n ? (100 * e.groupB.bad) / e.groupB.n : 0;
  const label = (l: string) => (s.kind === 'factor' ? `${who} ${l}` : `${who} ${l}${unit(s.unit)}`);
  return `Lots with ${label(e.groupA.label)} failed ${target.name} in ${num(ra)} % of cases, against ${num(rb)} % with ${label(e.groupB.label)} (${n(e.groupA.n, e.groupB.n)}, ${q}).`;
}
