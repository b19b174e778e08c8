import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { copyString } from '../../src/tally/copy-string.js';

describe('copyString', () => {
  it('returns an equal string, for short, long and non-ASCII text', () => {
    for (const text of ['', 'a', '/users/12345/profile', 'é/ü/日本/🙂', 'x'.repeat(5000)]) expect(copyString(text)).toBe(text);
  });

  it('lets the chunk a key was cut from be collected', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const kept: string[] = [];
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 50; i++) {
      const chunk = `${i}${'x'.repeat(1 << 20)}`;
      kept.push(copyString(chunk.slice(100, 130)));
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 2 ** 20);
    expect(kept).toHaveLength(50);
  });
});
