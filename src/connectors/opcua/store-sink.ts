/**
 * An {@link OpcuaSink} that writes into a causeway store: samples with their status code and
 * source time, de-duplicated by (tag, source time), one transaction per batch; overflow markers
 * as `data_loss` events on the tag's equipment; each batch recorded in the audit trail.
 */
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import type { DataLossMarker, RefusedValue, SampleRecord } from './samples.js';
import type { ModelRows, OpcuaSink, SinkCounts } from './sink.js';

/** Options of {@link StoreSink}. */
export interface StoreSinkOptions {
  /** The source's name: provenance of every row written. */
  source: string;
  /** The site new equipment belongs to. */
  site: string;
  /** Who writes (the audit trail's user). Default `opcua:<source>`. */
  actor?: Actor;
  /** Called with every refused value (the source's health shows them). */
  onRefused?: (values: readonly RefusedValue[]) => void;
}

const BATCH_TABLE = 'opcua_batch';

/** Writes what an OPC UA source reads into a store (see the module doc). */
export class StoreSink implements OpcuaSink {
  private readonly actor: Actor;
  private importId: string | undefined;
  private batchTableReady = false;
  /** Equipment of each tag, for placing data-loss markers. */
  private readonly equipmentOf = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly options: StoreSinkOptions,
  ) {
    this.actor = options.actor ?? { user: `opcua:${options.source}` };
  }

  async writeSamples(samples: readonly SampleRecord[]): Promise<SinkCounts> {
    if (samples.length === 0) return { inserted: 0, duplicates: 0 };
    const importId = await this.provenance();
    return this.store.transaction(async () => {
      await this.fillBatch(samples);
      // Distinct within the batch first, the first delivery winning (history and subscription may
      // both deliver a value; the subscription's copy carries the Overflow bit, history's not),
      // then only what the store does not hold yet; the time range lets DuckDB skip row groups.
      const inserted = Number(
        (await this.store.value<bigint>(
          `INSERT INTO samples (tag, time, value, quality, status, import_id)
           SELECT b.tag, b.time, b.value, b.quality, b.status, $1
           FROM (SELECT DISTINCT ON (tag, time) * FROM ${BATCH_TABLE} ORDER BY tag, time, seq) b
           WHERE NOT EXISTS (
             SELECT 1 FROM samples s
             WHERE s.tag = b.tag AND s.time = b.time
               AND s.time BETWEEN (SELECT min(time) FROM ${BATCH_TABLE}) AND (SELECT max(time) FROM ${BATCH_TABLE}))`,
          [importId],
        )) ?? 0,
      );
      if (inserted > 0) await audit(this.store, this.actor, { action: 'insert', entity: 'samples', key: `${inserted} samples from OPC UA source ${this.options.source}`, importId });
      return { inserted, duplicates: samples.length - inserted };
    });
  }

  async writeDataLoss(markers: readonly DataLossMarker[]): Promise<void> {
    if (markers.length === 0) return;
    const importId = await this.provenance();
    await this.store.transaction(async () => {
      for (const m of markers) {
        const at = new Date(m.timeUs / 1000).toISOString();
        const key = `opcua:${this.options.source}:${m.tag}:overflow:${m.timeUs}`;
        await this.store.run(
          `INSERT INTO events (event, type, name, lot, equipment, start_time, end_time, severity, text, import_id, source)
           VALUES ($1, 'data_loss', 'OPC UA queue overflow', NULL, $2, CAST(make_timestamp($3::BIGINT) AS TIMESTAMPTZ), NULL, 'warning', $4, $5, $6)
           ON CONFLICT DO NOTHING`,
          [key, this.equipmentOf.get(m.tag) ?? null, BigInt(m.timeUs), `tag '${m.tag}' (${m.item}): the server's queue for this item overflowed before ${at}; values sampled before it were discarded by the server`, importId, this.options.source],
        );
      }
      await audit(this.store, this.actor, { action: 'insert', entity: 'events', key: `${markers.length} data-loss markers from OPC UA source ${this.options.source}`, importId });
    });
  }

  async refused(values: readonly RefusedValue[]): Promise<void> {
    if (values.length) this.options.onRefused?.(values);
  }

  async watermarks(tags: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (tags.length === 0) return out;
    const rows = await this.store.all<{ tag: string; us: bigint }>(
      `SELECT tag, epoch_us(max(time)) AS us FROM samples WHERE tag IN (SELECT unnest(from_json($1, '["VARCHAR"]'))) GROUP BY tag`,
      [JSON.stringify(tags)],
    );
    for (const r of rows) out.set(r.tag, Number(r.us));
    return out;
  }

  async writeModel(rows: ModelRows): Promise<void> {
    for (const t of rows.tags) this.equipmentOf.set(t.tag, t.equipment);
    const importId = await this.provenance();
    await this.store.transaction(async () => {
      await this.store.run(`INSERT INTO sites (site, name, timezone, import_id, source) VALUES ($1, $1, 'UTC', $2, $3) ON CONFLICT DO NOTHING`, [this.options.site, importId, this.options.source]);
      // One statement per table from one bound JSON array: a source may name tens of thousands of tags.
      await this.store.run(
        `INSERT INTO equipment (equipment, site, parent, class, name, import_id, source)
         SELECT DISTINCT ON (e.equipment) e.equipment, $2, e.parent, NULL, e.name, $3, $4
         FROM (SELECT unnest(from_json($1, '[{"equipment":"VARCHAR","parent":"VARCHAR","name":"VARCHAR"}]'), recursive := true)) e
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows.equipment), this.options.site, importId, this.options.source],
      );
      await this.store.run(
        `INSERT INTO tags (tag, equipment, unit, description, lsl, usl, import_id, source, signal)
         SELECT DISTINCT ON (t.tag) t.tag, t.equipment, t.unit, t.description, NULL, NULL, $2, $3, t.signal
         FROM (SELECT unnest(from_json($1, '[{"tag":"VARCHAR","equipment":"VARCHAR","unit":"VARCHAR","description":"VARCHAR","signal":"VARCHAR"}]'), recursive := true)) t
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows.tags), importId, this.options.source],
      );
      await audit(this.store, this.actor, { action: 'insert', entity: 'tags', key: `${rows.equipment.length} equipment, ${rows.tags.length} tags from OPC UA source ${this.options.source}`, importId });
    });
  }

  /** The import row this sink's writes point to (one per sink), created on first write. */
  private async provenance(): Promise<string> {
    if (this.importId) return this.importId;
    const id = `opcua-${this.options.source}-${new Date().toISOString()}`;
    await this.store.transaction(() =>
      this.store.run(`INSERT INTO imports (import_id, source, kind, user_name, reason, started_at) VALUES ($1, $2, 'opcua', $3, NULL, now())`, [id, this.options.source, this.actor.user]),
    );
    this.importId = id;
    return id;
  }

  /** Appends the batch to a temporary table on the handle's connection (inside the open transaction). */
  private async fillBatch(samples: readonly SampleRecord[]): Promise<void> {
    if (!this.batchTableReady) {
      await this.store.run(`CREATE TEMP TABLE IF NOT EXISTS ${BATCH_TABLE} (seq INTEGER, tag VARCHAR, time TIMESTAMPTZ, value DOUBLE, quality UTINYINT, status UINTEGER)`);
      this.batchTableReady = true;
    }
    await this.store.run(`DELETE FROM ${BATCH_TABLE}`);
    const a = await this.store.connection.createAppender(BATCH_TABLE, 'main', 'temp');
    try {
      let seq = 0;
      for (const s of samples) {
        a.appendInteger(seq++);
        a.appendVarchar(s.tag);
        a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(s.timeUs)));
        a.appendDouble(s.value);
        a.appendUTinyInt(s.quality);
        a.appendUInteger(s.status);
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  }
}
