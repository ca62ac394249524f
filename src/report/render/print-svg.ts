/**
 * A chart for print: the workbench's SVG made light for Chromium's printing.
 * - Per-point groups with a `<title>` tooltip, `data-lot` and a transparent hover halo go: a page
 *   cannot hover, and on 600 points they are three quarters of the bytes.
 * - Plain dots of one size and colour become one path of zero-length round-capped segments,
 *   which draws the same dots: printing lays out and writes one element instead of hundreds
 *   (a 600-lot control chart has 1200 dots; a review has dozens of charts).
 *
 * @example printableSvg('<g class="pt" data-lot="L1"><title>L1</title><circle cx="1" cy="2" r="6" fill="transparent"/><circle cx="1" cy="2" r="3" fill="#000"/></g>')
 * // '<path d="M1,2h0" fill="none" stroke="#000" stroke-width="6" stroke-linecap="round"/>'
 */
export function printableSvg(svg: string): string {
  const bare = svg.replace(/<g class="pt"[^>]*>(?:<title>[^<]*<\/title>)?<circle [^>]*fill="transparent"\/>((?:(?!<\/g>)[\s\S])*)<\/g>/g, '$1');
  const groups = new Map<string, string[]>();
  const dot = /<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)" fill="(#[0-9a-fA-F]{3,8})"\/>/g;
  for (const m of bare.matchAll(dot)) {
    const key = `${m[3]}|${m[4]}`;
    groups.set(key, [...(groups.get(key) ?? []), `M${m[1]},${m[2]}h0`]);
  }
  const placed = new Set<string>();
  return bare.replace(dot, (_all, _x, _y, r: string, fill: string) => {
    const key = `${r}|${fill}`;
    if (placed.has(key)) return '';
    placed.add(key);
    return `<path d="${groups.get(key)!.join('')}" fill="none" stroke="${fill}" stroke-width="${2 * Number(r)}" stroke-linecap="round"/>`;
  });
}
