import { describe, expect, it } from 'vitest';
import { SLICE_MINUTES, SliceTops, topOfSlices } from '../../src/tally/slice-tops.js';

const MINUTE_MS = 60_000;

describe('SliceTops', () => {
  it('sums the slices an interval overlaps, and only those', () => {
    const tops = new SliceTops();
    for (let m = 0; m < 30; m++) tops.add(1_000_000 + m, 'upstreams', m < 20 ? '10.0.0.1:80' : '10.0.0.2:80');
    const slices = tops.summarize();
    expect(slices.map((s) => s.minutes)).toEqual([SLICE_MINUTES, SLICE_MINUTES, SLICE_MINUTES]);
    const from = (1_000_000 + 20) * MINUTE_MS;
    expect(topOfSlices(slices, 'upstreams', from, from + 10 * MINUTE_MS, 3)).toEqual([{ value: '10.0.0.2:80', count: 10 }]);
    expect(topOfSlices(slices, 'upstreams', 1_000_000 * MINUTE_MS, from + 10 * MINUTE_MS, 3)).toEqual([
      { value: '10.0.0.1:80', count: 20 },
      { value: '10.0.0.2:80', count: 10 },
    ]);
    expect(topOfSlices(slices, 'hosts', 0, Infinity, 3)).toEqual([]);
  });

  it('keeps a few distinct values a slice, and drops the rest', () => {
    const tops = new SliceTops();
    for (let i = 0; i < 100; i++) tops.add(0, 'paths', `/p${i}`);
    tops.add(0, 'paths', '/p0');
    const [slice] = tops.summarize();
    expect(slice!.paths.length).toBeLessThanOrEqual(8);
    expect(slice!.paths[0]).toEqual({ value: '/p0', count: 2 });
  });

  it('widens its slices on a long span, so their number has a bound and every count is kept', () => {
    const tops = new SliceTops();
    // Twenty years, one record an hour.
    const hours = 20 * 365 * 24;
    for (let h = 0; h < hours; h++) tops.add(h * 60, 'upstreams', 'u');
    const slices = tops.summarize();
    expect(slices.length).toBeLessThanOrEqual(2048);
    expect(slices.reduce((sum, s) => sum + (s.upstreams[0]?.count ?? 0), 0)).toBe(hours);
    expect(topOfSlices(slices, 'upstreams', 0, Infinity, 1)).toEqual([{ value: 'u', count: hours }]);
  });

  it('merges tallies of different widths at the wider one', () => {
    const narrow = new SliceTops();
    narrow.add(5, 'hosts', 'a');
    const wide = new SliceTops();
    for (let h = 0; h < 20 * 365 * 24; h++) wide.add(h * 60, 'hosts', 'b');
    narrow.merge(wide);
    const slices = narrow.summarize();
    expect(new Set(slices.map((s) => s.minutes)).size).toBe(1);
    expect(topOfSlices(slices, 'hosts', 0, 60 * MINUTE_MS, 2).map((v) => v.value)).toEqual(['b', 'a']);
  });
});
