/**
 * ingestBatch: the one ingest path of connectors, on a real in-memory DuckDB store.
 * Fixtures are small literal batches a reader can check by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { Store } from '../../store/store.js';
import { rebuildTrendLevels } from '../../store/trend-levels.js';
import type { Batch } from './batch-types.js';
import { readDeadLetters } from './dead-letters.js';
import { ingestBatch } from './ingest-batch.js';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const actor = { user: 'source:test' };
let store: Store;

/** A site, a dryer with two tags, a granulate material with one lot and an assay parameter. */
const model: Batch = {
  source: 'setup',
  sites: [{ site: 'LJ', timezone: 'Europe/Ljubljana' }],
  equipment: [{ equipment: 'FBD1', site: 'LJ', class: 'dryer' }],
  tags: [{ tag: 'FBD1.temp', equipment: 'FBD1', unit: '°C' }, { tag: 'FBD1.dp', equipment: 'FBD1', unit: 'mbar' }],
  materials: [{ material: 'GRAN', type: 'intermediate' }],
  lots: [{ lot: 'L1', material: 'GRAN', site: 'LJ', start: new Date(T0), end: new Date(T0 + 3_600_000), attributes: { campaign: 'C7' } }],
  parameters: [{ parameter: 'assay', kind: 'discrete', material: 'GRAN', unit: '%' }],
};

/** n samples of both tags, one a second from T0 + offset seconds, value = 60 + second. */
function samples(offset: number, n: number): Batch['samples'] {
  const tag: string[] = [], time: number[] = [], value: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const t of ['FBD1.temp', 'FBD1.dp']) {
      tag.push(t);
      time.push(T0 + (offset + i) * 1000);
      value.push(60 + offset + i);
    }
  }
  return { tag, time, value };
}

const count = async (sql: string, params: unknown[] = []) => Number(await store.value(sql, params as never));

beforeEach(async () => {
  store = await Store.open(':memory:');
  await ingestBatch(store, model, { actor });
});
afterEach(() => store.close());

describe('ingestBatch', () => {
  it('stores the model rows and samples of a batch, with provenance of the batch', async () => {
    expect(await count('SELECT count(*) FROM lots')).toBe(1);
    expect(await store.value("SELECT value FROM lot_attributes WHERE lot = 'L1' AND name = 'campaign'")).toBe('C7');
    const received = { first: new Date(T0 + 5_000), last: new Date(T0 + 5_400) };
    const r = await ingestBatch(store, { source: 'mqtt', id: 'b1', received, samples: samples(0, 5) }, { actor });
    expect([r.rows, r.inserted, r.unchanged, r.dead, r.duplicate]).toEqual([10, 10, 0, 0, false]);
    expect(r.sourceTime).toEqual({ first: T0, last: T0 + 4_000 });
    expect(await count('SELECT count(*) FROM samples WHERE import_id = $1', [r.importId])).toBe(10);
    const b = await store.one<Record<string, unknown>>('SELECT * FROM batches WHERE batch_id = $1', ['b1']);
    expect(b).toMatchObject({ source: 'mqtt', import_id: r.importId, rows: 10n, inserted: 10n, dead: 0n });
    expect((b!.received_first as Date).getTime()).toBe(T0 + 5_000);
    expect((b!.source_last as Date).getTime()).toBe(T0 + 4_000);
    expect(await store.value('SELECT source FROM imports WHERE import_id = $1', [r.importId])).toBe('mqtt');
  });

  it('changes nothing when a batch is delivered again: skipped unread by id, unchanged by key without one', async () => {
    const first = await ingestBatch(store, { source: 'mqtt', id: 'b1', samples: samples(0, 5) }, { actor });
    const audits = await count('SELECT count(*) FROM audit');
    const again = await ingestBatch(store, { source: 'mqtt', id: 'b1', samples: samples(0, 5) }, { actor });
    expect([again.duplicate, again.inserted, again.importId]).toEqual([true, 0, null]);
    const noId = await ingestBatch(store, { source: 'mqtt', samples: samples(0, 5) }, { actor });
    expect([noId.duplicate, noId.inserted, noId.unchanged, noId.importId]).toEqual([false, 0, 10, null]);
    expect(await count('SELECT count(*) FROM samples')).toBe(10);
    expect(await count('SELECT count(*) FROM audit')).toBe(audits);
    expect(await count('SELECT count(*) FROM imports WHERE import_id = $1', [first.importId])).toBe(1);
  });

  it('refuses a batch with a bad row as a folder import would, and stores nothing of it', async () => {
    const batch: Batch = { source: 'lims', discrete: [{ lot: 'L1', parameter: 'assay', value: 99.1, item: 'R-1' }, { lot: 'L9', parameter: 'assay', value: 98.0, item: 'R-2' }] };
    const e = await ingestBatch(store, batch, { actor }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_input');
    expect((e as AppError).message).toContain("unknown lot (value 'L9')");
    expect(await count('SELECT count(*) FROM discrete')).toBe(0);
  });

  it('keeps refused rows as dead letters with their reason and stores the rest', async () => {
    const batch: Batch = {
      source: 'lims', id: 'sync-1',
      discrete: [
        { lot: 'L1', parameter: 'assay', value: 99.1, item: 'R-1' },
        { lot: 'L9', parameter: 'assay', value: 98.0, item: 'R-2' },
        { lot: 'L1', parameter: 'purity', value: 97.0, item: 'R-3' },
      ],
      samples: { tag: ['FBD1.temp', 'FBD1.nope'], time: [T0, T0], value: [61, 62] },
    };
    const r = await ingestBatch(store, batch, { actor, invalid: 'dead-letter' });
    expect([r.rows, r.inserted, r.dead]).toEqual([5, 2, 3]);
    expect(await store.all('SELECT lot, parameter, value, source FROM discrete')).toEqual([{ lot: 'L1', parameter: 'assay', value: 99.1, source: 'lims:R-1' }]);
    const letters = await readDeadLetters(store, { source: 'lims' });
    expect(letters.map((l) => [l.kind, l.item, l.reason]).sort()).toEqual([
      ['continuous', 'FBD1.nope @ 2025-03-01T08:00:00.000Z', "tag unknown tag (value 'FBD1.nope')"],
      ['discrete', 'R-2', "lot unknown lot (value 'L9')"],
      ['discrete', 'R-3', "parameter unknown parameter for the material of this lot (value 'purity')"],
    ]);
    expect(letters.every((l) => l.batchId === 'sync-1' && l.hint.length > 0)).toBe(true);
    expect(letters.find((l) => l.item === 'R-2')!.payload).toEqual({ lot: 'L9', parameter: 'assay', value: 98, item: 'R-2' });
    expect(await store.value("SELECT dead FROM batches WHERE batch_id = 'sync-1'")).toBe(3n);
  });

  it('keeps a batch whose every row is refused: its dead letters and its batch record, nothing else', async () => {
    const r = await ingestBatch(store, { source: 'lims', id: 'bad', discrete: [{ lot: 'L9', parameter: 'assay', value: 1 }] }, { actor, invalid: 'dead-letter' });
    expect([r.inserted, r.dead, r.importId]).toEqual([0, 1, null]);
    expect(await count("SELECT count(*) FROM dead_letters WHERE batch_id = 'bad'")).toBe(1);
    expect(await count("SELECT count(*) FROM batches WHERE batch_id = 'bad'")).toBe(1);
  });

  it('refuses a different value for a stored key, and with replace keeps the old value and the reason of each row', async () => {
    await ingestBatch(store, { source: 'lims', discrete: [{ lot: 'L1', parameter: 'assay', value: 99.1, item: 'R-1' }] }, { actor });
    const changed: Batch = { source: 'lims', discrete: [{ lot: 'L1', parameter: 'assay', value: 98.4, item: 'R-1', reason: 'transcription error, CR-17' }] };
    const refused = await ingestBatch(store, changed, { actor, invalid: 'dead-letter' });
    expect([refused.dead, refused.replaced]).toEqual([1, 0]);
    expect(refused.deadLetters[0]!.reason).toContain('already stored with a different value: stored value=99.1');
    const r = await ingestBatch(store, changed, { actor: { user: 'source:lims', reason: 'corrected in the LIMS' }, replace: true });
    expect(r.replaced).toBe(1);
    expect(await store.value("SELECT value FROM discrete WHERE lot = 'L1'")).toBe(98.4);
    expect(await store.one('SELECT entity_key, old_value, new_value, reason FROM prior_values')).toEqual({
      entity_key: 'L1/assay', old_value: '{"material":"GRAN","value":99.1,"time":null}', new_value: '{"material":"GRAN","value":98.4,"time":null}', reason: 'transcription error, CR-17',
    });
    expect(await store.one("SELECT old_value, new_value, reason FROM audit WHERE action = 'replace'")).toEqual({ old_value: '99.1', new_value: '98.4', reason: 'transcription error, CR-17' });
  });

  it('records which item of the source each tag comes from', async () => {
    await ingestBatch(store, { source: 'mqtt', samples: samples(0, 1), items: [{ item: 'spBv1.0/G/DDATA/E1/D1:temp', tag: 'FBD1.temp' }] }, { actor });
    expect(await store.all('SELECT source, item, tag, stale_since FROM source_items')).toEqual([{ source: 'mqtt', item: 'spBv1.0/G/DDATA/E1/D1:temp', tag: 'FBD1.temp', stale_since: null }]);
  });

  it('maps OPC UA status codes to quality when no quality is given', async () => {
    // 0 Good, 0x40000000 Uncertain, 0x80000000 Bad (OPC UA Part 4, 7.34): severity in the top two bits.
    await ingestBatch(store, { source: 'ua', samples: { tag: ['FBD1.temp', 'FBD1.temp', 'FBD1.temp'], time: [T0, T0 + 1000, T0 + 2000], value: [1, 2, NaN], status: [0, 0x40000000, 0x80000000] } }, { actor });
    expect(await store.all('SELECT value, quality, status FROM samples ORDER BY time')).toEqual([
      { value: 1, quality: 0, status: 0 }, { value: 2, quality: 1, status: 0x40000000 }, { value: null, quality: 2, status: 0x80000000 },
    ]);
  });

  it('keeps trend levels identical to a rebuild from scratch as live batches arrive, one sample per tag at a time included', async () => {
    // One sample per tag per batch for the first 3 batches (a tag's base level waits for its second sample), then 60-s batches.
    for (let s = 0; s < 3; s++) await ingestBatch(store, { source: 'mqtt', samples: samples(s, 1) }, { actor });
    for (let s = 3; s < 1_323; s += 60) await ingestBatch(store, { source: 'mqtt', samples: samples(s, 60) }, { actor });
    expect(await count('SELECT count(*) FROM trend_pending')).toBe(0);
    expect(await store.all('SELECT tag, base_level FROM trend_tags ORDER BY tag')).toEqual([{ tag: 'FBD1.dp', base_level: 2 }, { tag: 'FBD1.temp', base_level: 2 }]);
    const levels = () => store.all('SELECT * FROM trend_levels ORDER BY tag, level, bucket');
    const live = await levels();
    expect(await count("SELECT sum(n) FROM trend_levels WHERE level = 2 AND tag = 'FBD1.temp'")).toBe(1_323);
    await rebuildTrendLevels(store);
    expect(await levels()).toEqual(live);
  }, 60_000);
});
