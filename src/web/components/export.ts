/** Exports of tables (CSV, XLSX) and charts (SVG, PNG), all in the browser. */

function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** RFC 4180 CSV of rows, with a header row of `columns`. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function exportCsv(filename: string, columns: string[], rows: Record<string, unknown>[]): void {
  download(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), filename + '.csv');
}

/** XLSX via exceljs, loaded only when someone exports (it is large). */
export async function exportXlsx(filename: string, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(filename.slice(0, 31) || 'data');
  ws.addRow(columns);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => { const v = r[c]; return typeof v === 'number' && !Number.isFinite(v) ? null : v ?? null; }));
  const buf = await wb.xlsx.writeBuffer();
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename + '.xlsx');
}

function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // Inline the font so the file looks the same outside the page.
  clone.setAttribute('font-family', 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif');
  return new XMLSerializer().serializeToString(clone);
}

export function exportSvg(filename: string, svg: SVGSVGElement): void {
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), filename + '.svg');
}

/** PNG at 2× for print, drawn from the SVG onto a canvas. */
export async function exportPng(filename: string, svg: SVGSVGElement): Promise<void> {
  const w = svg.viewBox.baseVal?.width || svg.clientWidth;
  const h = svg.viewBox.baseVal?.height || svg.clientHeight;
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(svg));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = w * 2;
  canvas.height = h * 2;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, w, h);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  download(blob, filename + '.png');
}
