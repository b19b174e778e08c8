import { describe, expect, it } from 'vitest';
import { rebucketTimeline, type MinuteBucket } from '../../src/tally/index.js';

const T0 = Date.UTC(2026, 0, 1);
const bucket = (minute: number, ok: number, errors: Record<string, number> = {}): MinuteBucket => ({
  minute: T0 + minute * 60_000,
  classes: { '1xx': 0, '2xx': ok, '3xx': 0, '4xx': 0, '5xx': Object.values(errors).reduce((a, b) => a + b, 0), other: 0 },
  codes: errors,
});

describe('rebucketTimeline', () => {
  it('keeps minutes when they fit', () => {
    const minutes = [bucket(0, 1), bucket(5, 2)];
    expect(rebucketTimeline(minutes, 10)).toEqual({ bucketSeconds: 60, buckets: minutes });
  });

  it('sums into the narrowest readable width that fits, keeping every count', () => {
    const minutes = Array.from({ length: 100 }, (_, i) => bucket(i, 1, i % 10 === 0 ? { '502': 2 } : {}));
    const { bucketSeconds, buckets } = rebucketTimeline(minutes, 30);
    expect(bucketSeconds).toBe(5 * 60);
    expect(buckets).toHaveLength(20);
    expect(buckets[0]).toEqual({ minute: T0, classes: { '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 0, '5xx': 2, other: 0 }, codes: { '502': 2 } });
    expect(buckets.reduce((sum, b) => sum + b.classes['2xx'], 0)).toBe(100);
    expect(buckets.reduce((sum, b) => sum + (b.codes['502'] ?? 0), 0)).toBe(20);
  });

  it('handles an empty timeline', () => {
    expect(rebucketTimeline([], 10)).toEqual({ bucketSeconds: 60, buckets: [] });
  });
});
