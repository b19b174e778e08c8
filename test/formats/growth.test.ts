import { describe, expect, it } from 'vitest';
import { MAX_GROWTH, SCALE, growthRatio } from './growth.js';

// The parsers' hostile-input tests rely on growthRatio() telling linear work from quadratic work;
// this checks that it does, on work whose growth is known.
let sink = 0;

function linear(line: string): void {
  for (let i = 0; i < line.length; i++) sink += line.charCodeAt(i);
}

/** Reads the rest of the line from every position, as a backtracking pattern does: n * n / 2 reads. */
function quadratic(line: string): void {
  for (let i = 0; i < line.length; i++) for (let j = i; j < line.length; j++) sink += line.charCodeAt(j);
}

describe('growthRatio', () => {
  const small = 'x'.repeat(200);
  const large = 'x'.repeat(200 * SCALE);

  it('finds linear work well under the bound', () => {
    expect(growthRatio(() => linear(small), () => linear(large))).toBeLessThan(MAX_GROWTH);
  });

  it('finds quadratic work over the bound', () => {
    // One attempt: measuring again only happens above the bound, where this ratio is meant to be.
    expect(growthRatio(() => quadratic(small), () => quadratic(large), MAX_GROWTH, 1)).toBeGreaterThanOrEqual(MAX_GROWTH);
    expect(sink).not.toBe(0);
  });
});
