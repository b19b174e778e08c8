import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/report/progress-line.js';

const MiB = 1024 * 1024;

describe('progressLine', () => {
  it('gives bytes of the total, lines per second and an ETA at the rate so far', () => {
    const line = progressLine({ name: 'access.log.1', bytesRead: 100 * MiB, totalBytes: 400 * MiB, lines: 2_000_000, elapsedMs: 2000 }, 120);
    expect(line).toBe('logcodes: 105 MB of 419 MB (25%) · 1,000,000 lines/s · ETA 6s · access.log.1');
  });

  it('has no ETA without a known size, and fits the width', () => {
    const line = progressLine({ name: 'stdin', bytesRead: 3 * MiB, lines: 30_000, elapsedMs: 1500 }, 200);
    expect(line).not.toContain('ETA');
    expect(line).toContain('read');
    expect(line).toContain('20,000 lines/s');
    const narrow = progressLine({ name: 'x'.repeat(100), bytesRead: MiB, totalBytes: 2 * MiB, lines: 10, elapsedMs: 1000 }, 40);
    expect(narrow.length).toBeLessThanOrEqual(39);
  });

  it('an ETA shrinks as reading goes on at a steady rate', () => {
    const at = (read: number, ms: number): string =>
      progressLine({ name: 'a', bytesRead: read * MiB, totalBytes: 600 * MiB, lines: read * 1000, elapsedMs: ms }, 200);
    expect(at(100, 10_000)).toContain('ETA 50s');
    expect(at(300, 30_000)).toContain('ETA 30s');
    expect(at(600, 60_000)).toContain('ETA 0s');
  });
});
