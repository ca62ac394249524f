import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svgToPng } from './png.js';

/** `chart.svg` + key 'S1' → `chart-S1.svg`; no key leaves the name as given. */
export function withKey(file: string, key: string): string {
  if (!key) return file;
  const ext = path.extname(file);
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${file.slice(0, file.length - ext.length)}-${safe}${ext}`;
}

/**
 * Writes a chart as SVG and/or PNG; returns the files written.
 * @example await writeChart(svg, { svg: 'a.svg', png: 'a.png' })
 */
export async function writeChart(svg: string, files: { svg?: string; png?: string }, key = ''): Promise<string[]> {
  const written: string[] = [];
  if (files.svg) {
    const f = withKey(files.svg, key);
    await writeFile(f, svg);
    written.push(f);
  }
  if (files.png) {
    const f = withKey(files.png, key);
    await writeFile(f, svgToPng(svg));
    written.push(f);
  }
  return written;
}
