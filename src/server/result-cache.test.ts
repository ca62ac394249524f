import { describe, expect, it } from 'vitest';
import { audit } from '../store/audit.js';
import { Store } from '../store/store.js';
import { dataVersion, FreshRead, ResultCache } from './result-cache.js';

/** A computation that counts its calls and finishes when released. */
function gate(value: string) {
  let calls = 0;
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { compute: async () => { calls++; await done; return value; }, release: () => release(), calls: () => calls };
}

describe('ResultCache', () => {
  it('shares one running computation between concurrent identical requests', async () => {
    const cache = new ResultCache();
    const g = gate('{"a":1}');
    const all = Promise.all([1, 2, 3, 4, 5].map(() => cache.get('k', '7', g.compute)));
    g.release();
    expect(await all).toEqual(['{"a":1}', '{"a":1}', '{"a":1}', '{"a":1}', '{"a":1}']);
    expect(g.calls()).toBe(1);
    // finished: still served without computing again
    expect(await cache.get('k', '7', async () => 'other')).toBe('{"a":1}');
  });

  it('computes again when the data version changes', async () => {
    const cache = new ResultCache();
    expect(await cache.get('k', '1', async () => 'old')).toBe('old');
    expect(await cache.get('k', '2', async () => 'new')).toBe('new');
    expect(await cache.get('k', '2', async () => 'newer')).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('does not keep a failure', async () => {
    const cache = new ResultCache();
    await expect(cache.get('k', '1', async () => { throw new Error('unknown tag'); })).rejects.toThrow('unknown tag');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', '1', async () => 'ok')).toBe('ok');
  });

  it('drops the least recently used answer beyond maxEntries', async () => {
    const cache = new ResultCache(2);
    await cache.get('a', '1', async () => 'A');
    await cache.get('b', '1', async () => 'B');
    await cache.get('a', '1', async () => 'A2'); // a is now the most recent
    await cache.get('c', '1', async () => 'C'); // drops b
    expect(cache.size).toBe(2);
    expect(await cache.get('a', '1', async () => 'A3')).toBe('A');
    expect(await cache.get('b', '1', async () => 'B2')).toBe('B2');
  });
});

describe('dataVersion', () => {
  it('is the largest audit id and moves with every audited write', async () => {
    const store = await Store.open(':memory:');
    try {
      const before = Number(await dataVersion(store));
      await store.transaction(() => audit(store, { user: 't', reason: 'test' }, [{ action: 'insert', entity: 'samples', key: '1 row' }, { action: 'insert', entity: 'tags', key: '1 row' }]));
      expect(Number(await dataVersion(store))).toBe(before + 2);
    } finally {
      store.close();
    }
  });
});

describe('FreshRead', () => {
  it('lets requests that come while a read runs share one read started after them', async () => {
    const releases: (() => void)[] = [];
    let reads = 0;
    const fresh = new FreshRead(() => {
      const n = ++reads;
      return new Promise<number>((resolve) => releases.push(() => resolve(n)));
    });
    const first = fresh.get(); // starts read 1
    const later = [fresh.get(), fresh.get(), fresh.get()]; // came after read 1 started: wait for read 2
    expect(reads).toBe(1);
    releases[0]!();
    expect(await first).toBe(1);
    await Promise.resolve();
    expect(reads).toBe(2);
    releases[1]!();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    // nothing running: a new request starts its own read
    const again = fresh.get();
    expect(reads).toBe(3);
    releases[2]!();
    expect(await again).toBe(3);
  });

  it('a failed read is not shared with requests after it', async () => {
    let reads = 0;
    const fresh = new FreshRead(async () => {
      reads++;
      if (reads === 1) throw new Error('store closed');
      return reads;
    });
    const a = fresh.get();
    const b = fresh.get();
    await expect(a).rejects.toThrow('store closed');
    expect(await b).toBe(2);
  });
});
