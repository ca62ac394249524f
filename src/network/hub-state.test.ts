/**
 * The network's health as the hub records it (hub-state.ts) and GET /api/network answers it,
 * on a real in-memory store and the real app; times and heartbeats written by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { login, testApp } from '../../test/support/app.js';
import { ingestBatch } from '../ingest/batch/ingest-batch.js';
import type { Store } from '../store/store.js';
import type { AgentHeartbeat } from './agent.js';
import { networkHealth, recordApplied, recordObserved, recordParked } from './hub-state.js';

let store: Store;
let app: Awaited<ReturnType<typeof testApp>>['app'];
const NOW = new Date('2026-01-10T12:00:00Z');
const at = (s: number) => new Date(NOW.getTime() + s * 1000);
const beat = (site: string, messages: number, oldest: number | null, full = false): AgentHeartbeat => ({
  site, sentAt: 0, outbox: { messages, bytes: messages * 1000, oldest, maxBytes: 1e6, full }, timezone: 'Europe/Ljubljana', schema: 1, published: 0, duplicates: 0,
});

beforeEach(async () => {
  ({ app, store } = await testApp());
});
afterEach(() => store.close());

describe('network health', () => {
  it('says which site is behind and by how much on the hub clock, and flags skew, silence and parked batches', async () => {
    // LJ: applied seq 7 in the batch's own transaction; 2 messages waiting at the hub since 40 s.
    await ingestBatch(store, { source: 'LJ/setup', id: 'm7', sites: [{ site: 'LJ', timezone: 'Europe/Ljubljana' }] }, {
      actor: { user: 'site:LJ' }, alsoWrite: (r) => recordApplied(store, 'LJ', { seq: 7, msgId: 'm7', receivedAt: at(-50), transitS: 1.5, rows: r.rows }),
    });
    await recordObserved(store, [
      { site: 'LJ', pending: 2, oldestPendingAt: at(-40), beat: { beat: beat('LJ', 0, null), heardAt: at(-1), skewS: 0.2 } },
      // NJ: its agent 5 min ahead; 3 messages in its outbox, the oldest queued 400 s ago on its clock = 100 s ago on the hub's.
      { site: 'NJ', pending: 0, oldestPendingAt: null, beat: { beat: beat('NJ', 3, at(-100 + 300).getTime(), true), heardAt: at(-2), skewS: 300 } },
      // SG: not heard from for 45 s.
      { site: 'SG', pending: 0, oldestPendingAt: null, beat: { beat: beat('SG', 0, null), heardAt: at(-45), skewS: 0 } },
    ]);
    await recordParked(store, { source: 'LJ/lims', msgId: 'm8', seq: 8, code: 'invalid_input', reason: "unknown lot (value 'X')", hint: 'add the lot', rows: 1, deadSubject: 'causeway.dead.LJ', deadSeq: 1 });
    const [lj, nj, sg] = await networkHealth(store, NOW);
    expect(lj).toMatchObject({ site: 'LJ', status: 'attention', lagSeconds: 40, pending: 2, lastSeq: 7, batches: 1, rows: 1, parked: 1, lastTransitSeconds: 1.5 });
    expect(lj!.flags).toEqual(["1 batch parked, the last: unknown lot (value 'X')"]);
    expect(nj).toMatchObject({ site: 'NJ', status: 'attention', lagSeconds: 100, outbox: { messages: 3, bytes: 3000, full: true }, skewSeconds: 300 });
    expect(nj!.flags).toEqual([
      "agent clock 5.0 min ahead of the hub (lag is measured on the hub's clock; source times are kept)",
      'agent outbox full: new data waits at the site',
    ]);
    expect(sg).toMatchObject({ site: 'SG', status: 'silent', lagSeconds: 0, flags: ['agent silent for 45 s'] });
  });

  it('is served at GET /api/network to every user who may read', async () => {
    await recordObserved(store, [{ site: 'LJ', pending: 0, oldestPendingAt: null, beat: { beat: beat('LJ', 0, null), heardAt: new Date(), skewS: 0 } }]);
    const r = await (await login(app, 'viewer-user')).json('GET', '/api/network');
    expect(r.status).toBe(200);
    expect(r.body.sites).toEqual([expect.objectContaining({ site: 'LJ', status: 'ok', lagSeconds: 0, pending: 0, timezone: 'Europe/Ljubljana' })]);
  });
});
