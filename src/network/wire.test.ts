/**
 * The message format of the network (wire.ts) and the agent's outbox (outbox.ts), on small
 * literal batches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import type { Batch } from '../ingest/batch/batch-types.js';
import { Outbox } from './outbox.js';
import { decodeMessage, encodeBatch, HEADERS, WIRE_SCHEMA } from './wire.js';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const samples: Batch = { source: 'historian', samples: { tag: ['GR1.temp', 'GR1.temp'], time: [T0, T0 + 1000], value: [61.2, NaN], quality: [0, 2] } };
const rows: Batch = { source: 'lims', discrete: [{ lot: 'L1', parameter: 'assay', value: 99.1, item: 'R-1' }] };
const header = (h: Record<string, string>) => (name: string) => h[name];

describe('encodeBatch / decodeMessage', () => {
  it('names the message by site, kind, source-time span and content, and reads it back', () => {
    const m = encodeBatch('LJ', samples, new Date(T0 + 5000));
    expect(m.subject).toBe('causeway.site.LJ.samples');
    expect(m.msgId).toMatch(new RegExp(`^LJ\\.samples\\.${T0}-${T0 + 1000}\\.[0-9a-f]{24}$`));
    expect([m.rows, m.headers[HEADERS.schema], m.headers[HEADERS.queued]]).toEqual([2, String(WIRE_SCHEMA), String(T0 + 5000)]);
    const d = decodeMessage(header(m.headers), m.data);
    expect(d.body).toEqual({ source: 'historian', samples: { tag: ['GR1.temp', 'GR1.temp'], time: [T0, T0 + 1000], value: [61.2, null], quality: [0, 2] } });
    expect(d.queuedAt).toBe(T0 + 5000);
    const r = encodeBatch('LJ', rows, new Date());
    expect([r.subject, r.msgId.startsWith('LJ.rows.rows.')]).toEqual(['causeway.site.LJ.rows', true]);
  });

  it('gives the same data the same id whenever it is queued, and other data another', () => {
    const a = encodeBatch('LJ', samples, new Date(T0));
    const b = encodeBatch('LJ', { ...samples, id: 'x', received: { first: new Date(), last: new Date() } }, new Date(T0 + 60_000));
    expect(b.msgId).toBe(a.msgId);
    const changed = encodeBatch('LJ', { source: 'historian', samples: { ...samples.samples!, value: [61.3, NaN] } }, new Date(T0));
    expect(changed.msgId).not.toBe(a.msgId);
    expect(encodeBatch('NJ', samples, new Date(T0)).msgId).not.toBe(a.msgId);
  });

  it('refuses a message of a newer format, saying to upgrade the hub, and one that is not a batch', () => {
    const m = encodeBatch('LJ', rows, new Date());
    const newer = (() => { try { decodeMessage(header({ ...m.headers, [HEADERS.schema]: String(WIRE_SCHEMA + 1) }), m.data); } catch (e) { return e; } })();
    expect(newer).toBeInstanceOf(AppError);
    expect((newer as AppError).code).toBe('newer_schema');
    expect((newer as AppError).hint).toContain('upgrade the hub');
    expect(() => decodeMessage(header({ ...m.headers, [HEADERS.encoding]: '' }), m.data)).toThrow(/cannot be read/);
    expect(() => decodeMessage(header({}), m.data)).toThrow(/no valid Causeway-Schema header/);
  });
});

describe('Outbox', () => {
  it('queues a message once, gives the oldest first, removes it, and refuses past its bound', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-outbox-'));
    try {
      const file = path.join(dir, 'o.duckdb');
      const a = encodeBatch('LJ', samples, new Date(T0)), b = encodeBatch('LJ', rows, new Date(T0));
      let box = await Outbox.open(file, a.data.byteLength + b.data.byteLength);
      expect(await box.enqueue([a], new Date(T0))).toBe(1);
      expect(await box.enqueue([a], new Date(T0 + 1))).toBe(0);
      expect(await box.enqueue([b], new Date(T0 + 2))).toBe(1);
      const full = await box.enqueue([encodeBatch('SG', rows, new Date())], new Date()).catch((e: unknown) => e);
      expect((full as AppError).code).toBe('outbox_full');
      box.close();
      box = await Outbox.open(file);
      const waiting = await box.peek(10);
      expect(waiting.map((m) => m.msgId)).toEqual([a.msgId, b.msgId]);
      expect(Buffer.from(waiting[0]!.data).equals(Buffer.from(a.data))).toBe(true);
      await box.remove(waiting[0]!.seq);
      expect(await box.depth()).toEqual({ messages: 1, bytes: b.data.byteLength, oldest: new Date(T0 + 2) });
      box.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
