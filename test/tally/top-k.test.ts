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

  it('stays exact while it grows past its first table, for keys that differ in one character', () => {
    const top = new TopK(5000);
    for (let round = 1; round <= 3; round++) for (let i = 0; i < 3000; i++) if (i % round === 0) top.add(`/item/${i}`);
    expect(top.approximate).toBe(false);
    expect(top.size).toBe(3000);
    expect(top.count('/item/0')).toBe(3);
    expect(top.count('/item/2')).toBe(2);
    expect(top.count('/item/1')).toBe(1);
    expect(top.count('/item/3000')).toBeUndefined();
  });

  it('keeps every held key reachable and the counts summing to the total through many evictions', () => {
    const top = new TopK(64);
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      // A few hot keys and a wide tail, so entries are evicted and their table slots reused all the time.
      top.add(seed % 10 === 0 ? `hot-${seed % 7}` : `k${seed % 5000}`);
    }
    const held = top.top(1000);
    expect(held).toHaveLength(64);
    // Space-saving hands an evicted count to its successor, so nothing is lost or made up.
    expect(held.reduce((sum, entry) => sum + top.count(entry.value)!, 0)).toBe(top.total);
    // top() gives each key's guaranteed count, at most the count it holds.
    for (const { value, count } of held) {
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(top.count(value)!);
    }
    expect(held.slice(0, 7).map((entry) => entry.value).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `hot-${i}`));
  });

  it('gives guaranteed counts once approximate: 10,000 clients seen once each all count 1, a client seen 500 times at least 500', () => {
    const top = new TopK(64);
    for (let i = 0; i < 10_000; i++) {
      top.add(`198.51.100.${i % 250}:${i}`);
      if (i % 20 === 0) top.add('203.0.113.7');
    }
    expect(top.approximate).toBe(true);
    const held = top.top(10);
    expect(held[0]).toEqual({ value: '203.0.113.7', count: 500 });
    for (const entry of held.slice(1)) expect(entry.count).toBe(1);
    // What the sketch holds for those keys is far more: the counts of the keys they evicted.
    expect(Math.max(...held.slice(1).map((entry) => top.count(entry.value)!))).toBeGreaterThan(1);
    const other = new TopK(64);
    for (let i = 0; i < 10_000; i++) other.add(`198.51.100.${i % 250}:${i + 1}`);
    for (const entry of TopK.topOfSum([top, other], 10).slice(1)) expect(entry.count).toBeLessThanOrEqual(2);
  });

  it('tells apart long keys that differ only in the middle', () => {
    const top = new TopK(100);
    const key = (i: number): string => `/${'a'.repeat(40)}${i}${'b'.repeat(40)}`;
    for (let i = 0; i < 50; i++) for (let n = 0; n <= i; n++) top.add(key(i));
    expect(top.size).toBe(50);
    for (let i = 0; i < 50; i++) expect(top.count(key(i))).toBe(i + 1);
    expect(top.top(1)).toEqual([{ value: key(49), count: 50 }]);
  });

  it('sums several sketches exactly over the keys they hold', () => {
    const a = new TopK(10);
    const b = new TopK(10);
    for (const key of ['/x', '/x', '/y', '/z']) a.add(key);
    for (const key of ['/y', '/y', '/y', '/x', '/w']) b.add(key);
    expect(TopK.topOfSum([a, b], 3)).toEqual([
      { value: '/y', count: 4 },
      { value: '/x', count: 3 },
      { value: '/w', count: 1 },
    ]);
    expect(TopK.topOfSum([], 3)).toEqual([]);
  });

  it('picks the top n by count, ties by key, whatever order the keys came in', () => {
    const top = new TopK(100);
    const counts: [string, number][] = [['m', 5], ['z', 2], ['q', 1], ['b', 2], ['a', 5], ['c', 2], ['y', 9]];
    for (const [key, count] of counts) for (let i = 0; i < count; i++) top.add(key);
    expect(top.top(4)).toEqual([
      { value: 'y', count: 9 },
      { value: 'a', count: 5 },
      { value: 'm', count: 5 },
      { value: 'b', count: 2 },
    ]);
    expect(top.top(0)).toEqual([]);
    expect(top.top(10)).toHaveLength(7);
  });

  it('sums many sketches, more keys than one sketch starts with room for, exactly', () => {
    const sketches = Array.from({ length: 5 }, () => new TopK(1000));
    sketches.forEach((sketch, s) => {
      for (let k = 0; k < 300; k++) for (let i = 0; i <= (k % 7) + s; i++) sketch.add(`/k${k}`);
    });
    // /k6, /k13, ... count 7 + s in sketch s: 7+8+9+10+11 = 45 in all.
    const top = TopK.topOfSum(sketches, 3);
    expect(top).toEqual([
      { value: '/k104', count: 45 },
      { value: '/k111', count: 45 },
      { value: '/k118', count: 45 },
    ]);
  });

  it('sums sketches that hold overlapping key sets as a plain per-key sum would, ties by key', () => {
    // A fixed pseudo-random sequence, so a failure reproduces.
    let seed = 12345;
    const next = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    const sketches = Array.from({ length: 7 }, () => new TopK(5000));
    const expected = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const key = `/p/${next(3000)}`;
      sketches[next(7)]!.add(key);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const want = [...expected]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 25)
      .map(([value, count]) => ({ value, count }));
    expect(TopK.topOfSum(sketches, 25)).toEqual(want);
  });

  it('finds a key spread thinly over many sketches that leads none of them', () => {
    const sketches = Array.from({ length: 10 }, () => new TopK(100));
    sketches.forEach((sketch, s) => {
      for (let k = 0; k < 5; k++) for (let i = 0; i < 5; i++) sketch.add(`/local/${s}/${k}`);
      for (let i = 0; i < 3; i++) sketch.add('/spread');
    });
    expect(TopK.topOfSum(sketches, 2)).toEqual([
      { value: '/spread', count: 30 },
      { value: '/local/0/0', count: 5 },
    ]);
  });

  it('rejects a capacity below one', () => {
    expect(() => new TopK(0)).toThrow(/capacity/);
  });
});

describe('TopK.merge, the Space-Saving merge rule', () => {
  it('keeps every heavy key of three streams and counts within the merged floor of the truth', () => {
    const truth = new Map<string, number>();
    const sketches = [0, 1, 2].map((s) => {
      const sketch = new TopK(200);
      // Each host sees its own long tail and the same heavy keys at different rates.
      for (let i = 0; i < 30_000; i++) {
        const key = i % 7 === 0 ? `heavy-${i % 5}` : i % 11 === s ? `warm-${s}` : `tail-${s}-${i}`;
        sketch.add(key);
        truth.set(key, (truth.get(key) ?? 0) + 1);
      }
      return sketch;
    });
    const merged = sketches[0]!;
    merged.merge(sketches[1]!);
    merged.merge(sketches[2]!);
    expect(merged.size).toBe(200);
    expect(merged.total).toBe(90_000);
    expect(merged.floor).toBeGreaterThan(0);
    expect(merged.floor).toBeLessThanOrEqual(90_000 / 200);
    const top = merged.top(8);
    expect(top.map((v) => v.value).sort()).toEqual(['heavy-0', 'heavy-1', 'heavy-2', 'heavy-3', 'heavy-4', 'warm-0', 'warm-1', 'warm-2']);
    for (const { value, count } of top) {
      expect(count).toBeLessThanOrEqual(truth.get(value)!);
      expect(truth.get(value)! - count).toBeLessThanOrEqual(merged.floor);
      expect(merged.count(value)!).toBeGreaterThanOrEqual(truth.get(value)!);
    }
  });

  it('adds exact sketches exactly, and reads back what entries() gave', () => {
    const a = new TopK(100);
    const b = new TopK(100);
    for (let i = 0; i < 40; i++) a.add(`k${i % 20}`);
    for (let i = 0; i < 30; i++) b.add(`k${i % 30}`);
    a.merge(b);
    expect(a.approximate).toBe(false);
    expect(a.floor).toBe(0);
    expect(a.count('k0')).toBe(3);
    expect(a.count('k29')).toBe(1);
    const { keys, counts, errors } = a.entries();
    const back = TopK.fromEntries(100, a.total, keys, counts, errors);
    expect(back.top(30)).toEqual(a.top(30));
  });
});
