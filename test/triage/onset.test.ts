import { describe, expect, it } from 'vitest';
import { findOnset } from '../../src/triage/onset.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

describe('findOnset', () => {
  it('finds the first minute of a code absent before, even when it starts small', () => {
    const counts = [...zeros(30), 2, 9, 30, 40, 35];
    const result = findOnset(counts);
    expect(result.kind).toBe('sudden');
    expect(result.onset).toBe(30);
    expect(result.peak).toBe(33);
    expect(result.peakCount).toBe(40);
  });

  it('finds a jump above a trickle, ignoring the trickle before it', () => {
    // One every few minutes, then a jump at minute 40.
    const counts = zeros(60).map((_, i) => (i < 40 ? (i % 4 === 0 ? 1 : 0) : 25));
    const result = findOnset(counts);
    expect(result.kind).toBe('sudden');
    expect(result.onset).toBe(40);
    expect(result.baseline).toBeCloseTo(0.25, 1);
  });

  it('calls a steady trickle steady, with its rate as baseline', () => {
    const counts = zeros(120).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const result = findOnset(counts);
    expect(result.kind).toBe('steady');
    expect(result.onset).toBeUndefined();
    expect(result.baseline).toBeCloseTo(1 / 3, 2);
  });

  it('calls a high but steady rate steady too', () => {
    const counts = zeros(60).map((_, i) => 40 + (i % 5));
    expect(findOnset(counts).kind).toBe('steady');
  });

  it('needs a jump of at least the factor over the baseline, not just a bump', () => {
    const counts = zeros(60).map((_, i) => (i === 45 ? 19 : 10));
    expect(findOnset(counts).kind).toBe('steady');
    const jump = zeros(60).map((_, i) => (i >= 45 ? 35 : 10));
    expect(findOnset(jump)).toMatchObject({ kind: 'sudden', onset: 45 });
  });

  it('does not call a single stray occurrence an onset', () => {
    const counts = [...zeros(20), 1, ...zeros(20)];
    expect(findOnset(counts).kind).toBe('steady');
  });

  it('does not judge the first minutes of a log, which have no history', () => {
    expect(findOnset([30, 32, 31, 29, 30]).kind).toBe('steady');
  });

  it('handles an empty series', () => {
    expect(findOnset([])).toMatchObject({ kind: 'steady', peakCount: 0, baseline: 0 });
  });

  it('follows a ramp back to where it left the baseline', () => {
    const counts = [...zeros(20).map((_, i) => (i % 10 === 0 ? 1 : 0)), 2, 3, 6, 12, 24];
    expect(findOnset(counts)).toMatchObject({ kind: 'sudden', onset: 20 });
  });
});
