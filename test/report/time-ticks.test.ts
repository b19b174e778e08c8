import { describe, expect, it } from 'vitest';
import { offsetMinutesOf, timeAxis } from '../../src/report/time-ticks.js';

const MINUTE = 60_000;

/** Bucket starts every `bucketMinutes` from `first` (ISO in UTC), written with `offset` as a report shown in that zone has them. */
function starts(first: string, count: number, bucketMinutes: number, offset = ''): string[] {
  const from = Date.parse(first);
  return Array.from({ length: count }, (_, i) => {
    const at = from + i * bucketMinutes * MINUTE;
    if (offset === '') return new Date(at).toISOString();
    const local = new Date(at + offsetMinutesOf(`x${offset}`) * MINUTE).toISOString().slice(0, -1);
    return `${local}${offset}`;
  });
}

describe('timeAxis', () => {
  it('marks a 100-minute log every 15 minutes, on the quarter hours', () => {
    const axis = timeAxis(starts('2026-03-02T09:00:00.000Z', 100, 1), 60, 8)!;
    expect(axis.stepMinutes).toBe(15);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30']);
    expect(axis.ticks[0]!.position).toBe(0);
    // Each tick sits where its time is on the axis, which ends with the last bucket.
    for (const tick of axis.ticks) expect(tick.position).toBeCloseTo((tick.at - axis.startMs) / (100 * MINUTE), 10);
  });

  it('starts at the first round time after an uneven start', () => {
    const axis = timeAxis(starts('2026-03-02T09:07:00.000Z', 50, 1), 60, 8)!;
    expect(axis.stepMinutes).toBe(10);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['09:10', '09:20', '09:30', '09:40', '09:50']);
  });

  it.each([
    [30, 1, 5, 8],
    [6 * 60, 1, 60, 6],
    [3 * 1440, 20, 720, 6],
    [10 * 1440, 60, 1440 * 2, 5],
    [90 * 1440, 1440, 1440 * 14, 6],
  ])('chooses a round step by the span: %i minutes in buckets of %i → every %i minutes', (span, bucket, step, max) => {
    const axis = timeAxis(starts('2026-01-05T00:00:00.000Z', span / bucket, bucket), bucket * 60, 8)!;
    expect(axis.stepMinutes).toBe(step);
    expect(axis.ticks.length).toBeLessThanOrEqual(8);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(max - 1);
    for (const tick of axis.ticks) expect(tick.at % (Math.min(step, 1440) * MINUTE)).toBe(0);
  });

  it('names the days at midnight, and every tick once the step is a day', () => {
    const hours = timeAxis(starts('2026-03-01T18:00:00.000Z', 12, 60), 3600, 8)!;
    expect(hours.ticks.map((tick) => tick.label)).toEqual(['18:00', '20:00', '22:00', 'Mar 2', '02:00', '04:00', '06:00']);
    const days = timeAxis(starts('2026-02-27T00:00:00.000Z', 6 * 24, 60), 3600, 8)!;
    expect(days.ticks.map((tick) => tick.label)).toEqual(['Feb 27', 'Feb 28', 'Mar 1', 'Mar 2', 'Mar 3', 'Mar 4', 'Mar 5']);
  });

  it('starts weeks on Mondays', () => {
    const axis = timeAxis(starts('2026-01-01T00:00:00.000Z', 50, 1440), 86_400, 8)!;
    expect(axis.stepMinutes).toBe(7 * 1440);
    for (const tick of axis.ticks) expect(new Date(tick.at).getUTCDay()).toBe(1);
  });

  it('is round in the zone the times are shown in', () => {
    // 09:00 UTC is 14:30 at +05:30: the ticks fall on 14:45, 15:00 there, not on 09:15 UTC.
    const axis = timeAxis(starts('2026-03-02T09:00:00.000Z', 100, 1, '+05:30'), 60, 8)!;
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['14:30', '14:45', '15:00', '15:15', '15:30', '15:45', '16:00']);
    expect(new Date(axis.ticks[1]!.at).toISOString()).toBe('2026-03-02T09:15:00.000Z');
  });

  it('follows a change of offset within the run (daylight saving)', () => {
    // Europe/Paris on 2026-03-29: 01:00 UTC is 03:00 at +02:00, an hour after 01:00 at +01:00; 02:00 never was.
    const before = starts('2026-03-28T22:00:00.000Z', 3, 60, '+01:00');
    const after = starts('2026-03-29T01:00:00.000Z', 4, 60, '+02:00');
    const axis = timeAxis([...before, ...after], 3600, 8)!;
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['23:00', 'Mar 29', '01:00', '03:00', '04:00', '05:00', '06:00', '07:00']);
    const instants = axis.ticks.map((tick) => tick.at);
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('has no axis without a readable time', () => {
    expect(timeAxis([], 60, 8)).toBeUndefined();
    expect(timeAxis(['not a time'], 60, 8)).toBeUndefined();
  });
});

describe('offsetMinutesOf', () => {
  it('reads the offset an ISO time states', () => {
    expect(offsetMinutesOf('2026-03-02T09:00:00.000Z')).toBe(0);
    expect(offsetMinutesOf('2026-03-02T14:30:00.000+05:30')).toBe(330);
    expect(offsetMinutesOf('2026-03-02T01:00:00-0800')).toBe(-480);
    expect(offsetMinutesOf('2026-03-02T09:00:00')).toBe(0);
  });
});
