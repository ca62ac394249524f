import { describe, expect, it } from 'vitest';
import { LATE_MESSAGE_MS, MessageGaps } from './message-gaps.js';

describe('MessageGaps: a skipped message number is a loss only once it has waited for its message', () => {
  it('in order: no gap', () => {
    const m = new MessageGaps();
    for (let n = 1; n <= 5; n++) expect(m.received(n, 0)).toBeUndefined();
    expect(m.lost(10 * LATE_MESSAGE_MS, true)).toEqual([]);
  });

  it('a republished message that comes after newer ones fills its gap: no marker, and no second gap after it', () => {
    const m = new MessageGaps();
    m.received(10, 0);
    const gap = m.received(12, 100);
    expect(gap).toMatchObject({ first: 11, last: 11 });
    expect(m.received(11, 200)).toBeUndefined(); // late, republished
    // The newest stays 12: message 13 opens no gap (counting from 11 would have skipped 12).
    expect(m.received(13, 300)).toBeUndefined();
    expect(m.lost(100 + LATE_MESSAGE_MS)).toEqual([]);
    expect(m.lost(Infinity, true)).toEqual([]);
  });

  it('a message that never comes is lost once it has waited, not before', () => {
    const m = new MessageGaps();
    m.received(1, 1000);
    m.received(5, 2000); // 2, 3, 4 skipped
    m.received(3, 2500); // 3 came late
    expect(m.lost(2000 + LATE_MESSAGE_MS - 1)).toEqual([]);
    const lost = m.lost(2000 + LATE_MESSAGE_MS);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ first: 2, last: 4, seenMs: 2000 });
    expect([...lost[0]!.missing]).toEqual([2, 4]);
    // Reported once.
    expect(m.lost(Infinity, true)).toEqual([]);
  });

  it('stopping or a new subscription settles every open gap at once', () => {
    const m = new MessageGaps();
    m.received(7, 0);
    m.received(9, 0);
    expect(m.lost(1, true).map((g) => [g.first, g.last])).toEqual([[8, 8]]);
    m.received(20, 0);
    expect(m.restart().map((g) => [g.first, g.last])).toEqual([[10, 19]]);
    // Numbered from 1 again: no gap between the old subscription's 20 and the new one's 1, 2.
    expect(m.received(1, 0)).toBeUndefined();
    expect(m.received(2, 0)).toBeUndefined();
  });
});
