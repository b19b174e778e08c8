import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../src/tally/live-window.js';

const T0 = 1_700_000_000_000; // a whole second

describe('LiveWindow', () => {
  it('counts totals, classes and codes over the whole run', () => {
    const w = new LiveWindow({ startedAtMs: T0 });
    for (let i = 0; i < 30; i++) w.add(200, T0 + i * 100);
    for (let i = 0; i < 5; i++) w.add(502, T0 + 1000);
    w.add(404, T0 + 2000);
    w.add(0, T0 + 2000);
    const s = w.snapshot(T0 + 10_000);
    expect(s.overall.requests).toBe(37);
    expect(s.overall.classes).toEqual({ '1xx': 0, '2xx': 30, '3xx': 0, '4xx': 1, '5xx': 5, other: 1 });
    expect(s.overall.codes).toEqual([
      { code: 200, count: 30 },
      { code: 502, count: 5 },
      { code: 0, count: 1 },
      { code: 404, count: 1 },
    ]);
    expect(s.overall.seconds).toBe(10);
    expect(s.overall.perSecond).toBeCloseTo(3.7);
  });

  it('measures the rate now over the last rateSeconds, not the whole run', () => {
    const w = new LiveWindow({ startedAtMs: T0, rateSeconds: 10 });
    // 1000 requests in the first second, then 20 per second for 100 seconds.
    for (let i = 0; i < 1000; i++) w.add(200, T0 + 500);
    for (let s = 1; s <= 100; s++) for (let i = 0; i < 20; i++) w.add(200, T0 + s * 1000 + i);
    const snap = w.snapshot(T0 + 100_500);
    // Seconds 91..100 hold 20 each; second 100 is half over, so 9.5 s are covered.
    expect(snap.recent.requests).toBe(200);
    expect(snap.recent.seconds).toBe(9.5);
    expect(snap.recent.perSecond).toBeCloseTo(200 / 9.5, 9);
    expect(snap.overall.requests).toBe(3000);
  });

  it('divides by the time actually elapsed at the start of a run', () => {
    const w = new LiveWindow({ startedAtMs: T0, rateSeconds: 10 });
    for (let i = 0; i < 60; i++) w.add(200, T0 + i * 50); // 60 in the first 3 s
    const snap = w.snapshot(T0 + 3000);
    expect(snap.recent.requests).toBe(60);
    expect(snap.recent.perSecond).toBe(20);
  });

  it('keeps only the last minute in lastMinute, with its top codes', () => {
    const w = new LiveWindow({ startedAtMs: T0 });
    for (let i = 0; i < 50; i++) w.add(503, T0 + 1000); // second 1: leaves the minute later
    const addSecond = (s: number): void => {
      w.add(200, T0 + s * 1000);
      w.add(200, T0 + s * 1000 + 1);
      w.add(404, T0 + s * 1000 + 2);
    };
    for (let s = 30; s <= 60; s++) addSecond(s);
    const at60 = w.snapshot(T0 + 60_000);
    // seconds 1..60: the 503 burst and seconds 30..60 (31 seconds)
    expect(at60.lastMinute.codes).toEqual([
      { code: 200, count: 62 },
      { code: 503, count: 50 },
      { code: 404, count: 31 },
    ]);
    for (let s = 61; s < 90; s++) addSecond(s);
    const at89 = w.snapshot(T0 + 89_500);
    // seconds 30..89: 60 seconds, the burst has left the minute
    expect(at89.lastMinute.requests).toBe(180);
    expect(at89.lastMinute.classes['5xx']).toBe(0);
    expect(at89.lastMinute.codes).toEqual([
      { code: 200, count: 120 },
      { code: 404, count: 60 },
    ]);
    expect(at89.lastMinute.perSecond).toBeCloseTo(180 / 59.5, 9);
    expect(at89.overall.classes['5xx']).toBe(50);
  });

  it('gives 5xx per second for the sparkline, oldest first, ending at the current second', () => {
    const w = new LiveWindow({ startedAtMs: T0, historySeconds: 60 });
    w.add(500, T0 + 5_000);
    w.add(502, T0 + 5_999);
    w.add(200, T0 + 5_500);
    w.add(504, T0 + 59_000);
    const series = w.snapshot(T0 + 59_500).serverErrorsPerSecond;
    expect(series).toHaveLength(60);
    // Series covers seconds 0..59.
    expect(series[5]).toBe(2);
    expect(series[59]).toBe(1);
    expect(series.reduce((a, b) => a + b, 0)).toBe(3);

    // 60 s later second 5 has left the history.
    const later = w.snapshot(T0 + 65_500).serverErrorsPerSecond;
    expect(later.reduce((a, b) => a + b, 0)).toBe(1);
    expect(later[59 - 6]).toBe(1);
  });

  it('reuses a ring slot for a later second without carrying its old counts', () => {
    const w = new LiveWindow({ startedAtMs: T0, historySeconds: 60 });
    for (let i = 0; i < 7; i++) w.add(500, T0 + 3_000);
    w.add(500, T0 + 63_000); // same slot, one lap later
    const snap = w.snapshot(T0 + 63_000);
    expect(snap.serverErrorsPerSecond[59]).toBe(1);
    expect(snap.serverErrorsPerSecond.reduce((a, b) => a + b, 0)).toBe(1);
    expect(snap.lastMinute.codes).toEqual([{ code: 500, count: 1 }]);
    expect(snap.overall.classes['5xx']).toBe(8);
  });

  it('returns interval figures that add up to the totals', () => {
    const w = new LiveWindow({ startedAtMs: T0 });
    const statuses = [200, 200, 301, 404, 500, 502, 200, 204, 503, 200];
    let now = T0;
    const intervals = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i <= round * 3; i++) {
        now += 37;
        w.add(statuses[(round + i) % statuses.length]!, now);
      }
      intervals.push(w.takeInterval(now));
    }
    const total = intervals.reduce((sum, f) => sum + f.requests, 0);
    const snap = w.snapshot(now);
    expect(total).toBe(snap.overall.requests);
    const fiveXX = intervals.reduce((sum, f) => sum + f.classes['5xx'], 0);
    expect(fiveXX).toBe(snap.overall.classes['5xx']);
    expect(intervals[0]).toMatchObject({ requests: 1, codes: [{ code: 200, count: 1 }] });
    expect(intervals[1]!.requests).toBe(4);
    // Empty interval right after one was taken.
    expect(w.takeInterval(now + 1000)).toMatchObject({ requests: 0, perSecond: 0, seconds: 1, codes: [] });
  });

  it('keeps the code tables bounded whatever statuses arrive', () => {
    const w = new LiveWindow({ startedAtMs: T0 });
    for (let i = 0; i < 5000; i++) w.add(1000 + i, T0 + i);
    for (let i = 0; i < 100; i++) w.add(-5 - i, T0 + i);
    w.add(Number.NaN, T0);
    const snap = w.snapshot(T0 + 5000, 10_000);
    expect(snap.overall.codes).toEqual([{ code: -1, count: 5101 }]);
    expect(snap.overall.classes.other).toBe(5101);
  });

  it('starts the run at the first record when no start was given', () => {
    const w = new LiveWindow();
    const empty = w.snapshot(T0);
    expect(empty.overall).toMatchObject({ requests: 0, perSecond: 0 });
    w.add(200, T0 + 2000);
    w.add(200, T0 + 3000);
    const snap = w.snapshot(T0 + 4000);
    expect(snap.startedAt).toBe(T0 + 2000);
    expect(snap.overall.perSecond).toBe(1);
  });
});
