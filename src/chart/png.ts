import { Resvg } from '@resvg/resvg-js';

/**
 * Renders SVG to PNG with resvg. Text needs fonts: system fonts are loaded (DejaVu Sans on
 * Debian, package fonts-dejavu-core); without any font, text would be missing from the image.
 *
 * @param svg - an SVG document
 * @param scale - zoom factor (default 2, for sharp images on high-density screens and in reports)
 * @example writeFileSync('chart.png', svgToPng(svg))
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return r.render().asPng();
}
