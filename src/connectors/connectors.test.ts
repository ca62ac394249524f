/**
 * The connector framework on a real store: sources as configuration with sealed secrets, the
 * runner isolating a failing source from a working one, health, watermarks of polled sources.
 * The kinds here are small in-process ones written for this test: what is tested is the
 * framework around them (real DuckDB, real ingest path).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { ingestBatch } from '../ingest/batch/ingest-batch.js';
import { Store } from '../store/store.js';
import type { ConnectorKind } from './connector-types.js';
import { sourceHealth } from './health.js';
import { registerConnectorKind } from './kinds.js';
import { SampleBuffer } from './sample-buffer.js';
import { SourceRunner, syncSource, testSource } from './runner.js';
import { addSource, getSource, listSources, openSource, removeSource } from './sources.js';

const T0 = Date.parse('2025-05-01T00:00:00Z');
const admin = { user: 'admin' };

/** A live kind: on start, stores `n` samples of `tag` through a SampleBuffer; `fail` makes start throw. */
const FeedConfig = z.strictObject({ tag: z.string(), n: z.number().int().positive(), password: z.string(), fail: z.boolean().optional() });
const feed: ConnectorKind<z.infer<typeof FeedConfig>> = {
  kind: 'test-feed', title: 'test feed', mode: 'live', schema: FeedConfig, secrets: ['password'],
  create: (ctx) => {
    const buffer = new SampleBuffer(async (b) => { await ctx.ingest({ samples: b, received: b.received }); }, { maxRows: 7, onError: (e) => ctx.fail(e) });
    return {
      test: async () => ({ ok: ctx.config.password === 's3cret!', notes: [`password ${ctx.config.password === 's3cret!' ? 'accepted' : 'refused'}`] }),
      start: async () => {
        if (ctx.config.fail) throw new AppError('unreachable', `cannot reach the feed of ${ctx.source}`, 'check the address');
        for (let i = 0; i < ctx.config.n; i++) buffer.add(ctx.config.tag, T0 + i * 1000, i);
        await buffer.flush();
      },
      stop: () => buffer.close(),
    };
  },
};

/** A polled kind: each sync stores the results numbered after the watermark, up to `upTo`. */
const PollConfig = z.strictObject({ upTo: z.number().int() });
const poll: ConnectorKind<z.infer<typeof PollConfig>> = {
  kind: 'test-poll', title: 'test poll', mode: 'poll', schema: PollConfig, secrets: [],
  create: (ctx) => ({
    test: async () => ({ ok: true, notes: [] }),
    sync: async () => {
      const from = ((await ctx.watermark()) as number | undefined) ?? 0;
      const rows = Array.from({ length: Math.max(0, ctx.config.upTo - from) }, (_, i) => ({ lot: 'L1', parameter: 'assay', replicate: from + i + 1, value: 90 + i, item: `R-${from + i + 1}` }));
      const r = await ctx.ingest({ replicates: rows }, { watermark: ctx.config.upTo });
      return { batches: 1, rows: r.rows, inserted: r.inserted, unchanged: r.unchanged, replaced: r.replaced, dead: r.dead, watermark: ctx.config.upTo };
    },
    stop: async () => {},
  }),
};
registerConnectorKind(feed);
registerConnectorKind(poll);

let dir: string;
let store: Store;

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-sources-'));
  store = await Store.open(path.join(dir, 'store.duckdb'));
  await ingestBatch(store, {
    source: 'setup',
    sites: [{ site: 'S', timezone: 'UTC' }], equipment: [{ equipment: 'E', site: 'S' }],
    tags: [{ tag: 'A', equipment: 'E' }, { tag: 'B', equipment: 'E' }],
    materials: [{ material: 'M', type: 'raw' }], lots: [{ lot: 'L1', material: 'M', site: 'S' }],
    parameters: [{ parameter: 'assay', kind: 'replicate', material: 'M' }],
  }, { actor: admin });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sources as configuration', () => {
  it('seal secrets: neither the store file nor the audit trail holds them in clear, and nothing shows them', async () => {
    const shown = await addSource(store, { name: 'feed-a', kind: 'test-feed', config: { tag: 'A', n: 3, password: 's3cret!' } }, admin);
    expect(shown.config).toEqual({ tag: 'A', n: 3, password: '(secret)' });
    expect(shown.schedule).toBe('live');
    const raw = await store.value<string>("SELECT CAST(config AS VARCHAR) FROM sources WHERE source = 'feed-a'");
    expect(raw).not.toContain('s3cret!');
    expect(JSON.parse(raw!).password.$sealed).toMatch(/^v1\./);
    const audits = await store.all<{ new_value: string }>("SELECT new_value FROM audit WHERE entity = 'sources'");
    expect(audits.map((a) => JSON.parse(a.new_value).config.password)).toEqual(['(secret)']);
    // The key lives beside the store, readable by its owner only.
    expect(statSync(path.join(dir, 'store.duckdb.secret-key')).mode & 0o777).toBe(0o600);
    expect((await openSource(store, 'feed-a')).config).toEqual({ tag: 'A', n: 3, password: 's3cret!' });
    expect((await testSource(store, 'feed-a')).notes).toEqual(['password accepted']);
    // Nor does the database file, byte for byte.
    store.close();
    expect(readFileSync(path.join(dir, 'store.duckdb')).includes(Buffer.from('s3cret!'))).toBe(false);
    store = await Store.open(path.join(dir, 'store.duckdb'));
  });

  it('keep a secret unchanged when a change leaves it out, refer to environment variables by name, and refuse bad configurations naming the field', async () => {
    await addSource(store, { name: 'feed-a', kind: 'test-feed', config: { tag: 'A', n: 3, password: 's3cret!' } }, admin);
    await addSource(store, { name: 'feed-a', kind: 'test-feed', config: { tag: 'B', n: 4 } }, admin, { replace: true });
    expect((await openSource(store, 'feed-a')).config).toEqual({ tag: 'B', n: 4, password: 's3cret!' });
    process.env.CAUSEWAY_TEST_FEED_PW = 'from-env';
    await addSource(store, { name: 'feed-b', kind: 'test-feed', config: { tag: 'A', n: 1, password: 'env:CAUSEWAY_TEST_FEED_PW' } }, admin);
    expect((await getSource(store, 'feed-b')).config).toMatchObject({ password: 'env:CAUSEWAY_TEST_FEED_PW' });
    expect((await openSource(store, 'feed-b')).config).toMatchObject({ password: 'from-env' });
    const bad = await addSource(store, { name: 'feed-c', kind: 'test-feed', config: { tag: 'A', n: -1, password: 'x' } }, admin).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('invalid_source');
    expect((bad as AppError).message).toContain('n: ');
    expect(((await addSource(store, { name: 'x', kind: 'nope', config: {} }, admin).catch((e: unknown) => e)) as AppError).message).toContain("there is no connector kind 'nope'");
    expect(((await addSource(store, { name: 'feed-a', kind: 'test-feed', config: {} }, admin).catch((e: unknown) => e)) as AppError).code).toBe('source_exists');
    expect(((await addSource(store, { name: 'p', kind: 'test-poll', config: { upTo: 1 }, schedule: 'live' }, admin).catch((e: unknown) => e)) as AppError).code).toBe('bad_schedule');
    await removeSource(store, 'feed-b', admin);
    expect((await listSources(store)).map((s) => s.name)).toEqual(['feed-a']);
  });
});

describe('the runner', () => {
  it('keeps a working source storing while a failing one is retried, each with its health', async () => {
    await addSource(store, { name: 'good', kind: 'test-feed', config: { tag: 'A', n: 20, password: 'p' } }, admin);
    await addSource(store, { name: 'bad', kind: 'test-feed', config: { tag: 'B', n: 20, password: 'p', fail: true } }, admin);
    const runner = new SourceRunner(store, { backoff: { first: 10, max: 40 } });
    expect(await runner.start()).toEqual(['bad', 'good']);
    const health = await waitFor('both sources to report', () => sourceHealth(store), (h) => h.find((x) => x.source === 'bad')!.errors >= 2 && h.find((x) => x.source === 'good')!.rowsLastHour === 20);
    await runner.stop();
    const good = health.find((h) => h.source === 'good')!;
    const bad = health.find((h) => h.source === 'bad')!;
    expect(await store.value("SELECT count(*) FROM samples WHERE tag = 'A'")).toBe(20n);
    // The 7th sample hands over a batch; the 13 that arrive while it is stored make the next one.
    expect(good.batchesLastHour).toBe(2);
    expect(good.rowsLastHour).toBe(20);
    expect(good.lastError).toBeNull();
    expect(good.lagSeconds).toBeGreaterThan(0);
    expect(bad.lastError).toMatchObject({ code: 'unreachable', message: 'cannot reach the feed of bad' });
    expect(bad.lastSuccessAt).toBeNull();
    expect(await store.value("SELECT count(*) FROM samples WHERE tag = 'B'")).toBe(0n);
    expect((await sourceHealth(store, 'good'))[0]!.status).toBe('stopped');
  });

  it('syncs a polled source from its watermark: a second pass stores nothing again, a later one only what is new', async () => {
    await addSource(store, { name: 'lims', kind: 'test-poll', config: { upTo: 3 }, schedule: 'manual' }, admin);
    const first = await syncSource(store, 'lims');
    expect([first.inserted, first.watermark]).toEqual([3, 3]);
    const again = await syncSource(store, 'lims');
    expect([again.rows, again.inserted]).toEqual([0, 0]);
    await addSource(store, { name: 'lims', kind: 'test-poll', config: { upTo: 5 } }, admin, { replace: true });
    const later = await syncSource(store, 'lims');
    expect([later.inserted, later.watermark]).toEqual([2, 5]);
    expect(await store.all("SELECT replicate, source FROM replicates ORDER BY replicate")).toEqual(
      [1, 2, 3, 4, 5].map((r) => ({ replicate: r, source: `lims:R-${r}` })));
    const [h] = await sourceHealth(store, 'lims');
    expect([h!.status, h!.watermark, h!.errors]).toEqual(['ok', 5, 0]);
    expect(((await syncSource(store, 'nope').catch((e: unknown) => e)) as AppError).code).toBe('unknown_source');
  });
});
