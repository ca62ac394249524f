import { describe, expect, it } from 'vitest';
import { attributeChart } from '../spc/attributes.js';
import { capability } from '../spc/capability.js';
import { runRules } from '../spc/run-rules.js';
import { imr } from '../spc/variables.js';
import type { ChartPanel } from '../spc/control-chart.js';
import { renderControlChart } from './control-chart-svg.js';
import { renderCapability } from './histogram-svg.js';
import { COLORS } from './svg.js';

function panel(chart: ReturnType<typeof imr>): ChartPanel {
  const points = Array.from(chart.primary.values, (_, i) => ({ index: i, lots: [`L${i + 1}`], label: `Lot L${i + 1}`, time: null }));
  const violations = runRules(chart.primary, ['we1']).map((h) => ({ rule: h.rule, ruleName: 'Western Electric 1', series: 'I', index: h.index, lot: `L${h.index + 1}`, time: null, sentence: '' }));
  return { key: '', chart, points, violations, limits: { source: 'baseline', points: chart.baseline.length } };
}

describe('control chart SVG', () => {
  const x = Float64Array.of(10, 11, 10, 9, 10, 11, 10, 20);
  const svg = renderControlChart(panel(imr(x, { baseline: [0, 1, 2, 3, 4, 5, 6] })), { title: 'assay <Ø>', spec: { lsl: 5, usl: 25 } });
  it('has a title with n, escaped text, limits labelled with their values', () => {
    expect(svg).toContain('assay &lt;Ø&gt; — Individuals and moving range (I-MR) (n = 8)');
    expect(svg).toContain('UCL 12.8'); // centre 71/7 = 10.1429, MR̄ 1, 3σ = 3/1.128 = 2.6596 → 12.8024
    expect(svg).toContain('LSL 5');
  });
  it('draws specification limits in another colour and dash than control limits', () => {
    expect(svg).toMatch(new RegExp(`stroke="${COLORS.spec}" stroke-dasharray="9 4"`));
    expect(svg).toMatch(new RegExp(`stroke="${COLORS.control}" stroke-width="1.4"`));
    expect(COLORS.spec).not.toBe(COLORS.control);
  });
  it('marks the signalling point in red with its rule', () => {
    expect(svg).toContain(`fill="${COLORS.violation}"`);
    expect(svg).toContain('>W1<');
  });
  it('draws stepped limits as a path when they change from point to point', () => {
    const p = attributeChart('p', Float64Array.of(2, 8, 3), Float64Array.of(10, 40, 10));
    const s = renderControlChart({ key: '', chart: p, points: [0, 1, 2].map((i) => ({ index: i, lots: [`L${i}`], label: '', time: null })), violations: [], limits: { source: 'baseline', points: 3 } }, { title: 'p' });
    expect(s).toMatch(new RegExp(`<path d="M[^"]+" fill="none" stroke="${COLORS.control}"`));
  });
});

describe('capability histogram SVG', () => {
  it('shows the specification limits, the indices with intervals and the method', () => {
    const v = Float64Array.of(9, 10, 11, 10, 9, 10, 11, 10);
    const s = renderCapability(v, capability(v, { lsl: 7, usl: 13 }, { distribution: 'normal' }), { title: 'assay' });
    expect(s).toContain('LSL 7');
    expect(s).toContain('USL 13');
    expect(s).toMatch(/Cp {3}1\.128 {2}\[\d\.\d{3}, \d\.\d{3}\]/);
    expect(s).toContain('process capability (n = 8)');
  });
});

describe('control chart SVG on 300 points', () => {
  // Every fifth point far out: 60 W1 signals, 4.5 px apart at this width — labels would pile up.
  const x = Float64Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? 30 : 10 + Math.sin(i * 1.3) / 2));
  const chart = imr(x, { baseline: Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 5 !== 0) });
  const p = panel(chart);
  const svg = renderControlChart({ ...p, points: p.points.map((q) => ({ ...q, time: '2025-03-01T00:00:00.000Z' })) }, { title: 'assay · TAB · LJU' });
  const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" fill="[^"]+" font-size="10" font-weight="bold">([^<]+)<\/text>/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: m[3]!.length * 6.8 + 4 }));
  it('keeps rule labels apart: no two label boxes overlap, and some are drawn', () => {
    expect(p.violations.length).toBeGreaterThanOrEqual(60);
    expect(labels.length).toBeGreaterThan(5);
    expect(labels.length).toBeLessThan(p.violations.length);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const apart = Math.abs(a.x - b.x) >= (a.w + b.w) / 2 || Math.abs(a.y - b.y) >= 12;
        expect(apart, `labels at ${a.x},${a.y} and ${b.x},${b.y}`).toBe(true);
      }
  });
  it('gives every point a tooltip with its lot, date, value and rules, and the lot to open', () => {
    expect(svg.match(/<g class="pt" data-lot="L\d+">/g)!.length).toBe(300 + 299); // I and MR points
    expect(svg).toContain('<g class="pt" data-lot="L1"><title>Lot L1 · 2025-03-01 · I 30 · Western Electric 1</title>');
    expect(svg).toContain('assay · TAB · LJU — Individuals and moving range (I-MR) (n = 300)');
  });
});
