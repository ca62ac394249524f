/**
 * Which notification messages of a subscription were lost: messages carrying data are numbered
 * one after another (OPC UA Part 4, 7.21), so a number skipped is a message not received. After
 * a break the client republishes what the server still holds, and a republished message can
 * arrive after newer ones; a skipped number is therefore only a loss once it has waited
 * {@link LATE_MESSAGE_MS} without arriving. (Written at once, the markers claimed losses where
 * none was: seen in a test under load, two markers and every value stored.)
 */

/** How long a skipped number waits for its message before its gap counts as lost. */
export const LATE_MESSAGE_MS = 5_000;

/** One gap: the numbers skipped, and when it was seen. */
export interface MessageGap {
  first: number;
  last: number;
  /** Numbers of the gap not received yet (at most 100 000 are tracked). */
  missing: Set<number>;
  /** When the gap was seen (ms since 1970). */
  seenMs: number;
  /** Where its values start (epoch µs): the newest value seen before it; the caller sets it (0 until then). */
  fromUs: number;
}

/** The numbers of one subscription's messages, and the gaps among them. */
export class MessageGaps {
  /** Highest number received. */
  private newest: number | undefined;
  private gaps: MessageGap[] = [];

  /**
   * A message with data arrived. Returns the gap it opens (its number is past the newest + 1),
   * else undefined: the next number, a late one filling a gap, or a repeat.
   */
  received(sequenceNumber: number, nowMs: number): MessageGap | undefined {
    for (const g of this.gaps) g.missing.delete(sequenceNumber);
    const last = this.newest;
    if (last !== undefined && sequenceNumber <= last) return undefined;
    this.newest = sequenceNumber;
    if (last === undefined || sequenceNumber === last + 1) return undefined;
    const missing = new Set<number>();
    for (let n = last + 1; n < sequenceNumber && missing.size < 100_000; n++) missing.add(n);
    const gap = { first: last + 1, last: sequenceNumber - 1, missing, seenMs: nowMs, fromUs: 0 };
    this.gaps.push(gap);
    return gap;
  }

  /**
   * The gaps lost by now: those that waited {@link LATE_MESSAGE_MS} (or all, with `all`) with a
   * number still missing; they are forgotten, as are the gaps whose messages all came late.
   */
  lost(nowMs: number, all = false): MessageGap[] {
    const out: MessageGap[] = [];
    this.gaps = this.gaps.filter((g) => {
      if (g.missing.size === 0) return false;
      if (!all && g.seenMs + LATE_MESSAGE_MS > nowMs) return true;
      out.push(g);
      return false;
    });
    return out;
  }

  /** A new subscription numbers from 1 again: the old one's gaps are settled (returned as lost) and the count restarts. */
  restart(): MessageGap[] {
    const lost = this.lost(Infinity, true);
    this.newest = undefined;
    return lost;
  }
}
