/** Text for HTML: the five characters that could open markup are escaped. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text as a CSS string literal (for running headers in `@page` margin boxes). */
export function cssString(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/[\n\r\f]/g, ' ') + '"';
}

/**
 * A number for a report table: `digits` significant digits (default 4), exponent only for
 * very small or large magnitudes, an en dash for a missing or non-finite value.
 */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** An instant as people read it in a report: `2025-03-04 13:05 UTC`. */
export function when(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return '–';
  const t = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(t.getTime()) ? String(d) : t.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** An HTML table from a header row and body rows of ready HTML cells; `num` marks right-aligned columns. */
export function htmlTable(head: string[], rows: string[][], num: ReadonlySet<number> = new Set()): string {
  const cell = (tag: 'th' | 'td', v: string, i: number) => `<${tag}${num.has(i) ? ' class="n"' : ''}>${v}</${tag}>`;
  return `<table><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
