/**
 * A SQL source (LIMS, MES): each pass reads, per configured table or query, the rows changed
 * since its watermark — minus the overlap, so rows committed late are not missed — in pages
 * ordered by (watermark column, id), and stores each page as one batch through the one ingest
 * path. The watermark moves in the same transaction as the page it covers, so a pass stopped
 * half-way resumes where it stopped, and a page read twice changes nothing.
 *
 * A row the source changed (a corrected result) arrives again with a newer watermark value: its
 * new values replace the stored ones as corrections, the old ones kept as prior versions, with
 * the row's reason column (else "corrected in source <name>") — or, with `changes: refuse`, it is
 * kept as a dead letter. A row the checks refuse (a result for a lot the store does not know) is
 * a dead letter with its reason; the rest of the page is stored.
 */
import { AppError } from '../../core/errors.js';
import type { Batch, BatchRow, Cell, RowFile } from '../../ingest/batch/batch-types.js';
import type { Connector, ConnectorContext, SyncReport, TestReport } from '../connector-types.js';
import { durationMs, renderTemplate, templateColumns, type SqlConfig, type SqlTable, type Targets } from './sql-config.js';
import { connectSql, type SqlDriver } from './sql-driver.js';

/** Where a table has got to: the watermark column's value (and the id, for ties) of its last row read. */
interface TableMark {
  kind: 'instant' | 'text' | 'number';
  value: string | number;
  id: string | number;
}
type Watermark = Record<string, TableMark>;

const TARGETS = ['lots', 'genealogy', 'discrete', 'replicates', 'events'] as const satisfies readonly (keyof Targets & RowFile)[];

/** The connector of one SQL source. */
export class SqlConnector implements Connector {
  private driver: SqlDriver | undefined;

  constructor(private readonly ctx: ConnectorContext<SqlConfig>) {}

  async test(): Promise<TestReport> {
    const db = await this.open();
    const notes = [`connected to ${this.ctx.config.connection.driver} database '${this.ctx.config.connection.database}' on ${this.ctx.config.connection.host}`];
    let ok = true;
    for (const t of this.ctx.config.tables) {
      const rows = await db.query(`SELECT * FROM ${this.from(db, t)} LIMIT 1`, []).catch((e: unknown) => {
        ok = false;
        notes.push(`${t.name}: cannot be read: ${(e as Error).message}`);
        return undefined;
      });
      if (!rows) continue;
      if (rows.length === 0) {
        notes.push(`${t.name}: readable, no rows yet`);
        continue;
      }
      const have = new Set(Object.keys(rows[0]!));
      const missing = columnsOf(t).filter((c) => !have.has(c));
      if (missing.length) {
        ok = false;
        notes.push(`${t.name}: no column ${missing.map((c) => `'${c}'`).join(', ')} (it has ${[...have].join(', ')})`);
      } else notes.push(`${t.name}: readable, every column the mapping names is there`);
    }
    return { ok, notes };
  }

  async sync(signal: AbortSignal): Promise<SyncReport> {
    const db = await this.open();
    const marks: Watermark = { ...(((await this.ctx.watermark()) as Watermark | undefined) ?? {}) };
    const report: SyncReport = { batches: 0, rows: 0, inserted: 0, unchanged: 0, replaced: 0, dead: 0 };
    for (const table of this.ctx.config.tables) {
      let cursor: TableMark | undefined = marks[table.name] ? this.resume(table, marks[table.name]!) : undefined;
      let first = true;
      for (;;) {
        if (signal.aborted) return { ...report, watermark: marks };
        const rows = await db.query(...this.page(db, table, cursor, first));
        first = false;
        if (rows.length === 0) break;
        const last = rows[rows.length - 1]!;
        if (table.watermark) {
          cursor = markOf(last[table.watermark.column], last[table.id]);
          marks[table.name] = cursor;
        }
        const r = await this.ctx.ingest(this.batch(table, rows), {
          replace: this.ctx.config.changes === 'correct', reason: `corrected in source ${this.ctx.source} (${table.name})`, watermark: marks,
        });
        report.batches++; report.rows += r.rows; report.inserted += r.inserted; report.unchanged += r.unchanged; report.replaced += r.replaced; report.dead += r.dead;
        if (rows.length < table.batchSize || !table.watermark) break;
      }
    }
    return { ...report, watermark: marks };
  }

  async stop(): Promise<void> {
    const d = this.driver;
    this.driver = undefined;
    await d?.close().catch(() => undefined);
  }

  private async open(): Promise<SqlDriver> {
    this.driver ??= await connectSql(this.ctx.config.connection);
    return this.driver;
  }

  private from(db: SqlDriver, t: SqlTable): string {
    return t.query ? `(${t.query}) q` : `${t.table!.split('.').map((p) => db.quote(p)).join('.')} q`;
  }

  /** Where a pass starts: the stored mark minus the overlap (ties then re-read whole). */
  private resume(t: SqlTable, mark: TableMark): TableMark | undefined {
    const overlap = t.watermark?.overlap;
    if (overlap === undefined) return mark;
    if (mark.kind === 'number') return { ...mark, value: Number(mark.value) - Number(typeof overlap === 'number' ? overlap : 0), id: '' };
    const ms = typeof overlap === 'number' ? overlap * 1000 : durationMs(overlap);
    if (mark.kind === 'instant') return { ...mark, value: new Date(Date.parse(String(mark.value)) - ms).toISOString(), id: '' };
    // A local time as the database writes it: shifted as a wall-clock reading.
    const shifted = new Date(Date.parse(String(mark.value).replace(' ', 'T') + 'Z') - ms).toISOString();
    return { ...mark, value: shifted.slice(0, 19).replace('T', ' '), id: '' };
  }

  /**
   * The SELECT of one page: rows after the cursor in (watermark, id) order. The first page of a
   * pass with an overlap starts at the shifted mark inclusive.
   */
  private page(db: SqlDriver, t: SqlTable, cursor: TableMark | undefined, first: boolean): [string, unknown[]] {
    const id = `q.${db.quote(t.id)}`;
    if (!t.watermark) return [`SELECT * FROM ${this.from(db, t)} ORDER BY ${id}`, []];
    const w = `q.${db.quote(t.watermark.column)}`;
    const order = `ORDER BY ${w}, ${id} LIMIT ${t.batchSize}`;
    if (!cursor) return [`SELECT * FROM ${this.from(db, t)} WHERE ${w} IS NOT NULL ${order}`, []];
    const v = cursor.kind === 'instant' ? new Date(String(cursor.value)) : cursor.value;
    if (first && cursor.id === '') return [`SELECT * FROM ${this.from(db, t)} WHERE ${w} >= ${db.param(1)} ${order}`, [v]];
    return [`SELECT * FROM ${this.from(db, t)} WHERE ${w} > ${db.param(1)} OR (${w} = ${db.param(2)} AND ${id} > ${db.param(3)}) ${order}`, [v, v, cursor.id]];
  }

  /** The batch of one page: each row becomes the rows its targets say, with its id and reason. */
  private batch(t: SqlTable, rows: Record<string, unknown>[]): Omit<Batch, 'source'> {
    const out: Partial<Record<RowFile, BatchRow<RowFile>[]>> = {};
    for (const target of TARGETS) {
      const spec = t[target];
      if (!spec) continue;
      out[target] = rows.map((row) => {
        const fields: Record<string, Cell | Record<string, string | number | null>> = {};
        for (const [k, tpl] of Object.entries(spec)) {
          if (k === 'attributes') {
            fields.attributes = Object.fromEntries(Object.entries(tpl as Record<string, string>).map(([a, x]) => [a, asAttribute(renderTemplate(x, row))]));
          } else fields[k] = renderTemplate(tpl as string, row);
        }
        const reason = t.reason ? row[t.reason] : undefined;
        return { ...fields, item: `${t.name}:${String(row[t.id])}`, ...(typeof reason === 'string' && reason.trim() ? { reason } : {}) } as unknown as BatchRow<RowFile>;
      });
    }
    return out;
  }
}

/** Every column a table's mapping names. */
function columnsOf(t: SqlTable): string[] {
  const cols = new Set<string>([t.id]);
  if (t.watermark) cols.add(t.watermark.column);
  if (t.reason) cols.add(t.reason);
  for (const target of TARGETS) {
    const spec = t[target] as Record<string, unknown> | undefined;
    for (const v of Object.values(spec ?? {})) {
      const list = typeof v === 'string' ? [v] : Object.values(v as Record<string, string>);
      for (const tpl of list) for (const c of templateColumns(tpl)) cols.add(c);
    }
  }
  return [...cols];
}

/** The mark of a row: its watermark value as stored in JSON, and its id. */
function markOf(value: unknown, id: unknown): TableMark {
  const key = typeof id === 'number' ? id : String(id);
  if (value instanceof Date) return { kind: 'instant', value: value.toISOString(), id: key };
  if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'number', value: Number(value), id: key };
  if (typeof value === 'string') return { kind: 'text', value, id: key };
  throw new AppError('bad_watermark', `the watermark column holds '${String(value)}', neither a time nor a number`, 'choose a column like updated_at or a change sequence');
}

function asAttribute(v: string | number | Date | null): string | number | null {
  return v instanceof Date ? v.toISOString() : v;
}
