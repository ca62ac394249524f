import { describe, expect, it } from 'vitest';
import { csvField, localIso } from './csv.js';

describe('demo CSV', () => {
  it('quotes only what RFC 4180 requires and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(undefined)).toBe('');
  });

  it('writes local time with the offset of the day: Ljubljana switches from +01:00 to +02:00 on 2025-03-30', () => {
    expect(localIso(Date.UTC(2025, 2, 30, 0, 30), 'Europe/Ljubljana')).toBe('2025-03-30T01:30:00+01:00');
    expect(localIso(Date.UTC(2025, 2, 30, 1, 30), 'Europe/Ljubljana')).toBe('2025-03-30T03:30:00+02:00');
    expect(localIso(Date.UTC(2025, 2, 30, 1, 30), 'Asia/Kolkata')).toBe('2025-03-30T07:00:00+05:30');
  });
});
