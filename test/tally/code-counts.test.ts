import { describe, expect, it } from 'vitest';
import { newCodeCounts } from '../../src/tally/code-counts.js';

describe('newCodeCounts', () => {
  it('starts empty and holds status codes as a plain object does, in JSON too', () => {
    const counts = newCodeCounts();
    expect(Object.keys(counts)).toEqual([]);
    counts[504] = 3;
    counts[404] = 80;
    counts[502] = (counts[502] ?? 0) + 9;
    expect(counts).toEqual({ '404': 80, '502': 9, '504': 3 });
    expect(JSON.stringify(counts)).toBe('{"404":80,"502":9,"504":3}');
    expect(counts[500]).toBeUndefined();
  });
});
