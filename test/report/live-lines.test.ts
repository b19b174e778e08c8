import { describe, expect, it } from 'vitest';
import { snapshotLine, textLine, type LiveSnapshot } from '../../src/report/live-lines.js';
import type { Report } from '../../src/model/report.js';

describe('textLine', () => {
  it('summarizes an interval in one line', () => {
    const line = textLine(
      {
        seconds: 2,
        requests: 200,
        perSecond: 100,
        classes: { '1xx': 0, '2xx': 180, '3xx': 0, '4xx': 0, '5xx': 20, other: 0 },
        codes: [
          { code: 200, count: 180 },
          { code: 503, count: 15 },
          { code: 500, count: 5 },
        ],
      },
      1234,
      new Date('2026-11-22T03:45:00Z'),
    );
    expect(line).toBe('2026-11-22T03:45:00.000Z  +200 requests  100/s  2xx 90%  5xx 10%  5xx: 503×15 500×5  total 1,234');
  });
});

describe('snapshotLine', () => {
  it('is one line of JSON: the interval, the totals and when each was taken', () => {
    const figures = {
      seconds: 1,
      requests: 3,
      perSecond: 3,
      classes: { '1xx': 0, '2xx': 3, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 },
      codes: [{ code: 200, count: 3 }],
    };
    const totals = { schema: 'logcodes.report/v1', lines: { total: 3, parsed: 3, malformed: 0, ignored: 0 } } as unknown as Report;
    const line = snapshotLine(figures, totals, Date.UTC(2026, 10, 22, 3, 44, 59), Date.UTC(2026, 10, 22, 3, 45));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const parsed = JSON.parse(line) as LiveSnapshot;
    expect(parsed).toEqual({
      type: 'snapshot',
      at: '2026-11-22T03:45:00.000Z',
      window: figures,
      totals,
      totalsAt: '2026-11-22T03:44:59.000Z',
    });
  });
});
