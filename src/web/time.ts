/**
 * Times in one stated time zone: a site's (IANA name) or the browser's. Built on Intl only, so
 * the first paint does not wait for a date library.
 */

/** The browser's time zone, e.g. "Europe/Ljubljana". */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock fields of instant `ms` in `zone`. */
function wall(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(partsFormatter(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

/** Offset of `zone` from UTC at instant `ms`, in ms. */
export function zoneOffset(ms: number, zone: string): number {
  const w = wall(ms, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-31 14:05" (seconds with `seconds`) in `zone`; '' for a missing time. */
export function formatIn(t: number | string | Date | null | undefined, zone: string, seconds = false): string {
  if (t === null || t === undefined || t === '') return '';
  const ms = typeof t === 'number' ? t : new Date(t).getTime();
  if (!Number.isFinite(ms)) return '';
  const w = wall(ms, zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}${seconds ? ':' + pad(w.s) : ''}`;
}

/** The value of a datetime-local input ("2025-03-31T14:05") for instant `t` in `zone`. */
export function toLocalInput(t: string | undefined, zone: string): string {
  return t ? formatIn(t, zone).replace(' ', 'T') : '';
}

/** The instant of wall-clock time `local` ("2025-03-31T14:05") in `zone`, as ISO UTC; undefined when empty or invalid. */
export function fromLocalInput(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(local);
  if (!m) return undefined;
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // Two passes settle the offset also next to a daylight-saving change.
  let ms = guess - zoneOffset(guess, zone);
  ms = guess - zoneOffset(ms, zone);
  return new Date(ms).toISOString();
}

/** "UTC+02:00" for `zone` at instant `ms`. */
export function offsetLabel(ms: number, zone: string): string {
  const o = Math.round(zoneOffset(ms, zone) / 60000);
  const a = Math.abs(o);
  return `UTC${o < 0 ? '−' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
