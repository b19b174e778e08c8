import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { copyString } from '../../src/tally/copy-string.js';

const KEYS = 50;
const SMALL_CHUNK = 1 << 18;
const LARGE_CHUNK = 1 << 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap still in use, after a full collection, while KEYS keys cut from chunks of `chunkChars` are kept. */
function heapKeptBy(cut: (key: string) => string, chunkChars: number): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const chunk = `${i}${'x'.repeat(chunkChars)}`;
    kept.push(cut(chunk.slice(100, 130)));
  }
  gc();
  const used = process.memoryUsage().heapUsed - before;
  expect(kept).toHaveLength(KEYS);
  return used;
}

/** The share of the extra chunk bytes that stays in memory when the chunks grow 4x: 1 if every chunk is kept, 0 if none is. */
function shareOfChunksKept(cut: (key: string) => string): number {
  const small = heapKeptBy(cut, SMALL_CHUNK);
  const large = heapKeptBy(cut, LARGE_CHUNK);
  return (large - small) / (KEYS * (LARGE_CHUNK - SMALL_CHUNK));
}

describe('copyString', () => {
  it('returns an equal string, for short, long and non-ASCII text', () => {
    for (const text of ['', 'a', '/users/12345/profile', 'é/ü/日本/🙂', 'x'.repeat(5000)]) expect(copyString(text)).toBe(text);
  });

  it('keeps memory growing with the keys kept, not with the chunks they were cut from', () => {
    // A slice as it is keeps its whole chunk alive: this is what copyString exists to prevent,
    // and it shows that the measurement sees a kept chunk.
    expect(shareOfChunksKept((key) => key)).toBeGreaterThan(0.5);
    // The last chunk built can still be reachable from the stack: 1 of KEYS, 0.02 of the growth.
    expect(shareOfChunksKept(copyString)).toBeLessThan(0.1);
  });
});
