import { describe, expect, it } from 'vitest';
import { EARLIEST_TIME_MS, FUTURE_SLACK_MS, TimeBounds, describeTime, statusIsPlausible } from '../../src/formats/plausible.js';

describe('statusIsPlausible', () => {
  it('takes the integers 100-999 and nothing else', () => {
    for (const status of [100, 200, 499, 599, 600, 999]) expect(statusIsPlausible(status), String(status)).toBe(true);
    for (const status of [0, 99, 1000, 65536, 4294967297, 1e20, 200.5, Number.NaN, Infinity, -200]) expect(statusIsPlausible(status), String(status)).toBe(false);
  });
});

describe('TimeBounds', () => {
  it('takes 1990 up to a day past the clock, and refuses what JavaScript cannot date', () => {
    const clock = Date.UTC(2026, 11, 1);
    const bounds = new TimeBounds(() => clock);
    expect(bounds.accepts(EARLIEST_TIME_MS)).toBe(true);
    expect(bounds.accepts(EARLIEST_TIME_MS - 1)).toBe(false);
    expect(bounds.accepts(clock + FUTURE_SLACK_MS)).toBe(true);
    expect(bounds.accepts(clock + FUTURE_SLACK_MS + 1)).toBe(false);
    for (const time of [0, Date.UTC(9999, 0, 1), 9e15, 1e306, Infinity, Number.NaN, -1e12]) expect(bounds.accepts(time), String(time)).toBe(false);
  });

  it('reads the clock again when a time passes the bound, so a follow that runs for days keeps up', () => {
    let clock = Date.UTC(2026, 11, 1);
    const bounds = new TimeBounds(() => clock);
    const threeDaysLater = clock + 3 * 86_400_000;
    expect(bounds.accepts(threeDaysLater)).toBe(false);
    clock = threeDaysLater;
    expect(bounds.accepts(threeDaysLater)).toBe(true);
  });
});

describe('describeTime', () => {
  it('writes a time as ISO when it can, else as the number', () => {
    expect(describeTime(Date.UTC(2026, 0, 2))).toBe('2026-01-02T00:00:00.000Z');
    expect(describeTime(1e306)).toBe('1e+306');
  });
});
