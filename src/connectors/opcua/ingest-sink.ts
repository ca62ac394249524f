/**
 * The {@link OpcuaSink} of a configured source: everything goes through the framework's one
 * ingest path (`context.ingest`: the checks and the transaction of a folder import, idempotent by
 * key, provenance and trend levels), refused values become dead letters with their reason.
 */
import type { ConnectorContext } from '../connector-types.js';
import type { OpcuaSourceConfig } from './config.js';
import type { DataLossMarker, RefusedValue, SampleRecord } from './samples.js';
import type { ModelRows, OpcuaSink, SinkCounts } from './sink.js';

/**
 * The status code without the Overflow bit, and without InfoType DataValue when no other info
 * bit is left (Part 4, 7.39.1: bits 11–10 InfoType, 9–8 LimitBits, 7 Overflow, 4–0 HistorianBits).
 * Overflow is a fact of one delivery (the server's queue), not of the value: the data-loss
 * marker keeps it, and the same value read again from history then compares equal.
 */
export function withoutOverflow(status: number): number {
  if ((status & 0x0c00) !== 0x0400) return status >>> 0;
  const rest = (status & ~0x0080) >>> 0;
  return (rest & 0x03ff) === 0 ? (rest & ~0x0c00) >>> 0 : rest;
}

/** Stores what an OPC UA source reads through its {@link ConnectorContext}. */
export class IngestSink implements OpcuaSink {
  /** Equipment of each tag, for placing data-loss markers. */
  private readonly equipmentOf = new Map<string, string>();

  constructor(private readonly ctx: ConnectorContext<OpcuaSourceConfig>) {}

  async writeSamples(samples: readonly SampleRecord[]): Promise<SinkCounts> {
    // One value per tag and source time in a batch: history and subscription may both have
    // delivered it; the first delivery wins.
    const seen = new Set<string>();
    const kept = samples.filter((s) => {
      const key = `${s.tag}\u0000${s.timeUs}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const n = kept.length;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    const quality = new Uint8Array(n);
    const status = new Uint32Array(n);
    const items = new Map<string, string>();
    let first = Infinity;
    let last = -Infinity;
    kept.forEach((s, i) => {
      time[i] = s.timeUs / 1000;
      value[i] = s.value;
      quality[i] = s.quality;
      status[i] = withoutOverflow(s.status);
      items.set(s.tag, s.item);
      if (s.receivedMs < first) first = s.receivedMs;
      if (s.receivedMs > last) last = s.receivedMs;
    });
    const report = await this.ctx.ingest({
      samples: { tag: kept.map((s) => s.tag), time, value, quality, status },
      items: [...items].map(([tag, item]) => ({ item, tag })),
      received: { first: new Date(first), last: new Date(last) },
    });
    const inserted = report.tables.samples?.inserted ?? report.inserted;
    return { inserted, duplicates: samples.length - inserted - report.dead };
  }

  async writeDataLoss(markers: readonly DataLossMarker[]): Promise<void> {
    if (markers.length === 0) return;
    await this.ctx.ingest({
      events: markers.map((m) => {
        const at = new Date(m.timeUs / 1000);
        if (m.kind === 'sequence') {
          const from = new Date(m.fromUs / 1000);
          return {
            event: `opcua:${this.ctx.source}:messages:${m.first}-${m.last}:${m.timeUs}`,
            type: 'data_loss',
            name: 'OPC UA notifications lost',
            start: from,
            end: at,
            severity: 'warning',
            text: `notification messages ${m.first}–${m.last} of the subscription were neither received nor republished by the server; values of any tag of source '${this.ctx.source}' between ${from.toISOString()} and ${at.toISOString()} may be missing unless read from history`,
          };
        }
        return {
          event: `opcua:${this.ctx.source}:${m.tag}:overflow:${m.timeUs}`,
          type: 'data_loss',
          name: 'OPC UA queue overflow',
          equipment: this.equipmentOf.get(m.tag) ?? null,
          start: at,
          severity: 'warning',
          text: `tag '${m.tag}' (${m.item}): the server's queue for this item overflowed before ${at.toISOString()}; values sampled before it were discarded by the server`,
          item: m.item,
        };
      }),
    });
  }

  async refused(values: readonly RefusedValue[]): Promise<void> {
    for (const v of values)
      await this.ctx.deadLetter({
        kind: 'continuous',
        item: `${v.tag} @ ${v.timeMs === undefined ? '(no source time)' : new Date(v.timeMs).toISOString()}`,
        code: 'opcua_bad_value',
        reason: v.reason,
        hint: 'the value is not stored; check the sensor or the variable on the server',
        payload: { tag: v.tag, nodeId: v.item, time: v.timeMs === undefined ? null : new Date(v.timeMs).toISOString(), status: v.status },
      });
  }

  async markStale(items: readonly string[], at: Date): Promise<void> {
    await this.ctx.stale(items, at);
  }

  async watermarks(tags: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (tags.length === 0) return out;
    const rows = await this.ctx.store.all<{ tag: string; us: bigint }>(
      `SELECT tag, epoch_us(max(time)) AS us FROM samples WHERE tag IN (SELECT unnest(from_json($1, '["VARCHAR"]'))) GROUP BY tag`,
      [JSON.stringify(tags)],
    );
    for (const r of rows) out.set(r.tag, Number(r.us));
    return out;
  }

  /**
   * Adds the site, equipment and tags the store does not have yet. What it has is kept as it is
   * (a person may have corrected a unit or a parent): a source never overwrites the model.
   */
  async writeModel(rows: ModelRows): Promise<void> {
    for (const t of rows.tags) this.equipmentOf.set(t.tag, t.equipment);
    const store = this.ctx.store;
    const { site, timezone } = this.ctx.config;
    const known = async (table: 'equipment' | 'tags', key: 'equipment' | 'tag', names: string[]) =>
      new Set((await store.all<{ k: string }>(`SELECT ${key} AS k FROM ${table} WHERE ${key} IN (SELECT unnest(from_json($1, '["VARCHAR"]')))`, [JSON.stringify(names)])).map((r) => r.k));
    const haveSite = (await store.value<bigint>('SELECT count(*) FROM sites WHERE site = $1', [site])) !== 0n;
    const haveEquipment = await known('equipment', 'equipment', rows.equipment.map((e) => e.equipment));
    const haveTags = await known('tags', 'tag', rows.tags.map((t) => t.tag));
    const equipment = rows.equipment.filter((e) => !haveEquipment.has(e.equipment));
    const tags = rows.tags.filter((t) => !haveTags.has(t.tag));
    if (haveSite && equipment.length === 0 && tags.length === 0) return;
    await this.ctx.ingest({
      sites: haveSite ? [] : [{ site, timezone }],
      equipment: equipment.map((e) => ({ equipment: e.equipment, site, parent: e.parent ?? null, name: e.name ?? null })),
      tags: tags.map((t) => ({ tag: t.tag, equipment: t.equipment, unit: t.unit ?? null, description: t.description ?? null, signal: t.signal ?? null })),
    });
  }
}
