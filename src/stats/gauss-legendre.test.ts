import { describe, expect, it } from 'vitest';
import { gaussLegendre, integrate } from './gauss-legendre.js';

describe('Gauss–Legendre quadrature', () => {
  it('weights sum to 2; the 20-point rule is exact for x^38', () => {
    const { x, w } = gaussLegendre(20);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(2, 14);
    let s = 0;
    for (let i = 0; i < 20; i++) s += w[i]! * x[i]! ** 38;
    expect(s).toBeCloseTo(2 / 39, 14);
  });
  it('∫₀³ x² dx = 9 and ∫₀^π sin = 2', () => {
    expect(integrate((x) => x * x, 0, 3)).toBeCloseTo(9, 13);
    expect(integrate(Math.sin, 0, Math.PI)).toBeCloseTo(2, 14);
  });
});
