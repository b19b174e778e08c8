import { describe, expect, it } from 'vitest';
import { parseTimeSpec, placeInWindow, resolveWindow, needsLogEnd } from '../../src/pipeline/window.js';

const end = Date.UTC(2026, 10, 21, 15, 42, 10); // 2026-11-21T15:42:10Z
const ref = { endMs: end, tzOffsetMinutes: 0, nowMs: Date.UTC(2026, 10, 22, 3, 0, 0) };

describe('parseTimeSpec', () => {
  it('reads ISO 8601 with a zone as given', () => {
    expect(parseTimeSpec('2026-11-21T14:05:00Z', ref)).toBe(Date.UTC(2026, 10, 21, 14, 5));
    expect(parseTimeSpec('2026-11-21T14:05+03:30', ref)).toBe(Date.UTC(2026, 10, 21, 10, 35));
  });

  it("reads a zone-less date-time in the log's own offset", () => {
    expect(parseTimeSpec('2026-11-21 14:05', { ...ref, tzOffsetMinutes: 210 })).toBe(Date.UTC(2026, 10, 21, 10, 35));
    expect(parseTimeSpec('2026-11-21T14:05:30', ref)).toBe(Date.UTC(2026, 10, 21, 14, 5, 30));
  });

  it("reads HH:MM on the log's last day, in the log's offset", () => {
    expect(parseTimeSpec('14:05', ref)).toBe(Date.UTC(2026, 10, 21, 14, 5));
    // 01:30 UTC on the 22nd is still the 21st at -0700
    const lateUtc = Date.UTC(2026, 10, 22, 1, 30);
    expect(parseTimeSpec('17:00', { endMs: lateUtc, tzOffsetMinutes: -420, nowMs: 0 })).toBe(Date.UTC(2026, 10, 22, 0, 0));
  });

  it('reads relative times from the end of the log, or from now without one', () => {
    expect(parseTimeSpec('-2h', ref)).toBe(end - 2 * 3_600_000);
    expect(parseTimeSpec('-90m', ref)).toBe(end - 90 * 60_000);
    expect(parseTimeSpec('-1d', { nowMs: 1_000_000_000_000 })).toBe(1_000_000_000_000 - 86_400_000);
  });

  it('reads unix timestamps in seconds and milliseconds', () => {
    expect(parseTimeSpec('1732197900', ref)).toBe(1_732_197_900_000);
    expect(parseTimeSpec('1732197900123', ref)).toBe(1_732_197_900_123);
  });

  it('rejects what it cannot read with a one-line message', () => {
    expect(() => parseTimeSpec('yesterday', ref)).toThrow(/cannot read 'yesterday'/);
    expect(() => parseTimeSpec('25:00', ref)).toThrow(/not a time of day/);
  });

  it('knows which forms depend on the log end', () => {
    expect(needsLogEnd('-2h')).toBe(true);
    expect(needsLogEnd('14:05')).toBe(true);
    expect(needsLogEnd('2026-11-21T14:05Z')).toBe(false);
  });
});

describe('windows', () => {
  it('refuses an until before since', () => {
    expect(() => resolveWindow('15:00', '14:00', ref)).toThrow(/not after/);
  });

  it('places records inside, in the baseline hour before, or outside', () => {
    const window = resolveWindow('14:00', '15:00', ref);
    expect(placeInWindow(Date.UTC(2026, 10, 21, 14, 30), window)).toBe('inside');
    expect(placeInWindow(Date.UTC(2026, 10, 21, 15, 0), window)).toBe('outside');
    expect(placeInWindow(Date.UTC(2026, 10, 21, 13, 10), window)).toBe('baseline');
    expect(placeInWindow(Date.UTC(2026, 10, 21, 12, 59), window)).toBe('outside');
    expect(placeInWindow(-1, window)).toBe('inside');
  });
});
