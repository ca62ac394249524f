import { Resvg } from '@resvg/resvg-js';

/**
 * Renders SVG markup to PNG bytes with resvg (system fonts for the text).
 *
 * @param svg - SVG markup
 * @param scale - pixel density (default 2, sharp on high-density screens and in reports)
 * @example writeFileSync('chart.png', svgToPng(boxPlotSvg(groups)))
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'sans-serif' } });
  return r.render().asPng();
}
