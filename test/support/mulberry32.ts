/**
 * mulberry32 (Tommy Ettinger): a tiny seeded generator of uniform numbers in [0, 1), so a
 * synthetic fixture or benchmark set is the same on every run and machine.
 *
 * @param seed - any 32-bit integer.
 * @example
 * const r = mulberry32(7); r(); // the same number for seed 7, always
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
