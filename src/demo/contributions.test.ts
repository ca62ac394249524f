import { describe, expect, it } from 'vitest';
import { Genealogy } from './contributions.js';

// A1 (30 kg) and A2 (10 kg) → D; D → G; G splits into DR1 (60) and DR2 (40); DR1 and X (20) → B.
const g = new Genealogy([
  { parent: 'A1', child: 'D', quantity: 30 },
  { parent: 'A2', child: 'D', quantity: 10 },
  { parent: 'D', child: 'G', quantity: 40 },
  { parent: 'G', child: 'DR1', quantity: 60 },
  { parent: 'G', child: 'DR2', quantity: 40 },
  { parent: 'DR1', child: 'B', quantity: 60 },
  { parent: 'X', child: 'B', quantity: 20 },
]);

describe('genealogy contributions', () => {
  it('multiplies shares along paths: A1 is 3/4 of D, D is all of G, DR1 is 60/80 of B', () => {
    const a = g.ancestors('B');
    expect(a.get('DR1')).toBeCloseTo(0.75, 12);
    expect(a.get('X')).toBeCloseTo(0.25, 12);
    expect(a.get('A1')).toBeCloseTo(0.75 * 0.75, 12);
    expect(a.get('A2')).toBeCloseTo(0.75 * 0.25, 12);
  });

  it('weights a value within the ancestors that have it: (30·100 + 10·60) / 40 = 90', () => {
    const d90 = new Map([['A1', 100], ['A2', 60]]);
    expect(g.weighted('B', (l) => d90.get(l))).toBeCloseTo(90, 12);
    expect(g.weighted('A1', (l) => d90.get(l))).toBeUndefined();
  });
});
