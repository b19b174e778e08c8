import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/tally/top-k.js';

/** A deterministic skewed stream: key i appears about N/i times (Zipf-like), plus a long tail of singletons. */
function zipfStream(heavy: number, tail: number): { stream: string[]; truth: Map<string, number> } {
  const truth = new Map<string, number>();
  const stream: string[] = [];
  for (let i = 1; i <= heavy; i++) {
    const count = Math.floor(10_000 / i);
    truth.set(`heavy-${i}`, count);
    for (let c = 0; c < count; c++) stream.push(`heavy-${i}`);
  }
  for (let i = 0; i < tail; i++) {
    truth.set(`tail-${i}`, 1);
    stream.push(`tail-${i}`);
  }
  // Interleave deterministically so heavy keys are not all first.
  let seed = 7;
  for (let i = stream.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [stream[i], stream[j]] = [stream[j]!, stream[i]!];
  }
  return { stream, truth };
}

describe('TopK', () => {
  it('is exact while under capacity', () => {
    const top = new TopK(10);
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) top.add(key);
    expect(top.approximate).toBe(false);
    expect(top.top(2)).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
    ]);
    expect(top.total).toBe(6);
  });

  it('keeps the heavy hitters of a long skewed stream in bounded size, with counts close to the truth', () => {
    const { stream, truth } = zipfStream(20, 50_000);
    const top = new TopK(500);
    for (const key of stream) top.add(key);
    expect(top.size).toBe(500);
    expect(top.approximate).toBe(true);
    const found = top.top(10);
    expect(found.map((v) => v.value)).toEqual(Array.from({ length: 10 }, (_, i) => `heavy-${i + 1}`));
    // Space-saving overestimates by at most total/capacity.
    const bound = stream.length / 500;
    for (const { value, count } of found) {
      const real = truth.get(value)!;
      expect(count).toBeGreaterThanOrEqual(real);
      expect(count - real).toBeLessThanOrEqual(bound);
    }
  });

  it('merges two sketches like one over both streams', () => {
    const a = new TopK(50);
    const b = new TopK(50);
    for (let i = 0; i < 300; i++) a.add(i % 3 === 0 ? 'x' : `a${i}`);
    for (let i = 0; i < 300; i++) b.add(i % 2 === 0 ? 'y' : i % 5 === 0 ? 'x' : `b${i}`);
    a.merge(b);
    expect(a.size).toBeLessThanOrEqual(50);
    const [first, second] = a.top(2);
    expect(first!.value).toBe('y');
    expect(first!.count).toBeGreaterThanOrEqual(150);
    expect(second!.value).toBe('x');
    expect(second!.count).toBeGreaterThanOrEqual(100 + 30);
  });

  it('rejects a capacity below one', () => {
    expect(() => new TopK(0)).toThrow(/capacity/);
  });
});
