import { useMemo, useState, type ReactNode } from 'react';
import { exportCsv, exportXlsx } from './export.js';

/** A column of a {@link DataTable}: key, header, optional cell renderer and number format. */
export interface Column<R> {
  key: string;
  label?: string;
  render?: (row: R) => ReactNode;
  numeric?: boolean;
  title?: string;
  /** Long text (sentences, lists): wraps instead of widening the table. */
  wrap?: boolean;
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return v.toLocaleString('en');
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e7) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  }
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return v.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return String(v);
}

/**
 * A sortable table with CSV and XLSX export; every table of the workbench is one of these.
 * Rows past `pageSize` are shown on demand so a long list stays fast.
 */
export function DataTable<R extends Record<string, unknown>>(props: {
  name: string;
  columns: Column<R>[];
  rows: R[];
  empty?: ReactNode;
  pageSize?: number;
  onRowClick?: (row: R) => void;
  caption?: ReactNode;
}) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const [shown, setShown] = useState(props.pageSize ?? 200);
  const rows = useMemo(() => {
    if (!sort) return props.rows;
    return [...props.rows].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
  }, [props.rows, sort]);
  const keys = props.columns.map((c) => c.key);
  return (
    <div className="table-wrap">
      <div className="table-tools">
        <span className="muted">{props.caption ?? `${props.rows.length.toLocaleString('en')} rows`}</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => exportCsv(props.name, keys, props.rows)}>CSV</button>
        <button type="button" className="small" onClick={() => void exportXlsx(props.name, keys, props.rows)}>XLSX</button>
      </div>
      {props.rows.length === 0 ? (
        <div className="state empty">{props.empty ?? 'Nothing to show.'}</div>
      ) : (
        <table className="data">
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.key} className={c.numeric ? 'num' : undefined} title={c.title}>
                  <button type="button" className="th" onClick={() => setSort((s) => (s?.key === c.key ? { key: c.key, dir: s.dir === 1 ? -1 : 1 } : { key: c.key, dir: 1 }))}>
                    {c.label ?? c.key}
                    {sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((r, i) => (
              <tr key={i} className={props.onRowClick ? 'clickable' : undefined} onClick={props.onRowClick ? () => props.onRowClick!(r) : undefined}>
                {props.columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : c.wrap ? 'wrap' : undefined}>{c.render ? c.render(r) : fmt(r[c.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown ? (
        <button type="button" className="more" onClick={() => setShown((n) => n + (props.pageSize ?? 200))}>
          Show more ({(rows.length - shown).toLocaleString('en')} left)
        </button>
      ) : null}
    </div>
  );
}
