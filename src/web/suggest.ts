/** Suggestions for a name the user typed that does not exist: the closest known names. */

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/** Up to `n` known names closest to `typed`: names containing it first, then by edit distance. */
export function closest(typed: string, known: string[], n = 3): string[] {
  const q = typed.toLowerCase();
  const score = (k: string) => (k.toLowerCase().includes(q) ? 0 : 1000) + distance(q, k.toLowerCase());
  return [...known].sort((a, b) => score(a) - score(b) || a.localeCompare(b)).slice(0, n);
}

/** "No tag “X”. Did you mean A, B or C?" (`where`: " for CORES" after the name). */
export function unknownName(what: string, typed: string, known: string[], where = ''): string {
  const s = closest(typed, known);
  const list = s.length > 1 ? `${s.slice(0, -1).join(', ')} or ${s[s.length - 1]}` : s[0];
  return `No ${what} “${typed}”${where}.${list ? ` Did you mean ${list}?` : ''}`;
}
