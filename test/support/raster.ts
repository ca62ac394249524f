/**
 * Rasterising a polyline the way a chart draws it, to compare two answers pixel by pixel.
 */

/** The canvas: time range across `width` pixel columns, values `lo`…`hi` over `height` rows. */
export interface Canvas { from: number; to: number; width: number; height: number; lo: number; hi: number }

/**
 * All pixels (as "x,y") touched by the polyline through the points, each segment drawn with
 * Bresenham's line algorithm; x is the pixel column of the time, y the rounded row of the value.
 */
export function polylinePixels(time: ArrayLike<number>, value: ArrayLike<number>, c: Canvas): Set<string> {
  const px = (t: number) => Math.floor(((t - c.from) * c.width) / (c.to - c.from));
  const py = (v: number) => Math.round(((v - c.lo) / (c.hi - c.lo)) * (c.height - 1));
  const out = new Set<string>();
  for (let i = 1; i < time.length; i++) {
    let [x0, y0] = [px(time[i - 1]!), py(value[i - 1]!)];
    const [x1, y1] = [px(time[i]!), py(value[i]!)];
    const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      out.add(`${x0},${y0}`);
      if (x0 === x1 && y0 === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) { err += dy; x0 += sx; }
      if (e2 <= dx) { err += dx; y0 += sy; }
    }
  }
  return out;
}
