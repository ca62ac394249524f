/**
 * Small SVG building blocks shared by every chart (CLI files and the web): an element helper,
 * text escaping and number formatting. Charts are compositions of marks built from these, in the
 * spirit of Observable Plot's compound marks.
 */

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate rounded to 0.01 px, so files are small and snapshots stable. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** One SVG element; attributes with undefined values are left out. @example el('line', { x1: 0, x2: 10 }) */
export function el(tag: string, attrs: Record<string, string | number | undefined>, children = ''): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : esc(v!)}"`)
    .join('');
  return children ? `<${tag}${a}>${children}</${tag}>` : `<${tag}${a}/>`;
}

/** A text label. */
export function text(x: number, y: number, content: string, attrs: Record<string, string | number | undefined> = {}): string {
  return el('text', { x, y, ...attrs }, esc(content));
}

/** Numbers on axes and legends: up to 4 significant digits, never an exponent for ordinary sizes. */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** A complete SVG document with a white background and the shared font. */
export function svgDocument(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">` +
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
    body +
    '</svg>'
  );
}

/** The palette: control limits and specification limits never share a colour or a dash. */
export const COLORS = {
  data: '#2b3a4a',
  point: '#1f4e79',
  center: '#2e7d32',
  control: '#b71c1c',
  zone: '#9e9e9e',
  spec: '#6a1b9a',
  violation: '#d50000',
  grid: '#eceff1',
  axis: '#455a64',
  fit: ['#ef6c00', '#00838f'],
  bar: '#90a4ae',
} as const;
