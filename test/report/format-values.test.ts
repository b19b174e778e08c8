import { describe, expect, it } from 'vitest';
import {
  bucketIndexAt,
  formatBucketSpan,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  formatRate,
  formatSpan,
  bytesSentText,
  latencyCoverageText,
  rateUnitFor,
  reportRate,
  formatSparkline,
  formatTime,
  malformedGroups,
  mergeColumns,
  truncateEnd,
  truncateMiddle,
  truncatePath,
  truncateStart,
  wrapItems,
  wrapText,
} from '../../src/report/format-values.js';
import type { MalformedSample } from '../../src/model/counts.js';
import type { MalformedCode } from '../../src/model/malformed.js';

describe('numbers', () => {
  it('formats counts, shares and rates', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0234)).toBe('2.3%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.9999)).toBe('>99.9%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatRate(63.8, 's')).toBe('63.8/s');
    expect(formatRate(0.5, 'min')).toBe('30/min');
    expect(formatRate(1500, 's')).toBe('1,500/s');
    expect(formatRate(0.991, 'min')).toBe('59.5/min');
  });

  it('writes every rate of a context in one unit, chosen by the rate of the whole', () => {
    expect(rateUnitFor(63.8)).toBe('s');
    expect(rateUnitFor(1)).toBe('s');
    expect(rateUnitFor(0.99)).toBe('min');
    expect(rateUnitFor(1 / 60)).toBe('min');
    expect(rateUnitFor(1 / 120)).toBe('h');
    // A report at 63.8/s writes its 5xx background of 0.3/min per second too, with decimals.
    expect(formatRate(0.3 / 60, 's')).toBe('0.005/s');
    expect(formatRate(0.3 / 3600, 's')).toBe('<0.001/s');
    expect(formatRate(1 / 7200, 'h')).toBe('0.5/h');
    expect(formatRate(0, 'min')).toBe('0/min');
  });

  it('gives no rate for a span of no length, rather than 0/s', () => {
    expect(reportRate({ span: { seconds: 0, requestsPerSecond: 0 } })).toBeUndefined();
    expect(reportRate({ span: { seconds: 600, requestsPerSecond: 0.5 } })).toBe('30/min');
  });

  it('leaves bytes and durations out when no record carried them, and says how many did when some did', () => {
    const classes = { '1xx': 0, '2xx': 90, '3xx': 0, '4xx': 0, '5xx': 10, other: 0 };
    expect(bytesSentText({ classes })).toBeUndefined();
    expect(bytesSentText({ classes, bytes: 0, bytesRecords: 100 })).toBe('0 B');
    expect(bytesSentText({ classes, bytes: 4_183_920_117, bytesRecords: 40 })).toBe('4.18 GB (40 of 100 requests logged a size)');
    expect(latencyCoverageText({ classes })).toBe('');
    const latencyMs = { count: 100, p50: 1, p90: 2, p99: 3, max: 4 };
    expect(latencyCoverageText({ classes, latencyMs })).toBe('');
    expect(latencyCoverageText({ classes, latencyMs: { ...latencyMs, count: 1_200 - 1_199 } })).toBe(' (1 of 100 requests logged a duration)');
  });

  it('formats durations, latencies and sizes', () => {
    expect(formatDuration(1799)).toBe('29m 59s');
    expect(formatDuration(7500)).toBe('2h 05m');
    expect(formatDuration(90_000)).toBe('1d 01h');
    expect(formatDuration(12)).toBe('12s');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(0.8)).toBe('0.80 ms');
    expect(formatMs(42)).toBe('42 ms');
    expect(formatMs(2310)).toBe('2.31 s');
    expect(formatMs(60012)).toBe('60.0 s');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(912345)).toBe('912 kB');
    expect(formatBytes(4183920117)).toBe('4.18 GB');
  });
});

describe('times', () => {
  it('keeps the zone the log gave', () => {
    expect(formatTime('2026-11-21T14:03:07.412Z')).toBe('2026-11-21 14:03:07 UTC');
    expect(formatTime('2026-11-20T08:00:00+01:00')).toBe('2026-11-20 08:00:00 +01:00');
    expect(formatTime('not a time')).toBe('not a time');
    expect(formatClock('2026-11-21T14:03:00Z')).toBe('14:03');
    expect(formatSpan('2026-11-21T13:50:00Z', '2026-11-21T14:19:59Z')).toBe('2026-11-21 13:50:00 → 14:19:59 UTC');
    expect(formatSpan('2026-11-21T23:50:00Z', '2026-11-22T00:10:00Z')).toBe('2026-11-21 23:50:00 UTC → 2026-11-22 00:10:00 UTC');
  });

  it('finds the bucket holding an instant', () => {
    const starts = ['2026-11-21T14:00:00Z', '2026-11-21T14:01:00Z', '2026-11-21T14:02:00Z'];
    expect(bucketIndexAt(starts, '2026-11-21T14:01:30Z')).toBe(1);
    expect(bucketIndexAt(starts, '2026-11-21T16:01:30+02:00')).toBe(1);
    expect(bucketIndexAt(starts, '2026-11-21T13:59:59Z')).toBe(-1);
    expect(bucketIndexAt(starts, '2026-11-21T14:09:00Z')).toBe(2);
  });
});

describe('fitting text', () => {
  it('truncates at the end, the middle or the start, within the width', () => {
    expect(truncateEnd('abcdefghij', 5)).toBe('abcd…');
    expect(truncateEnd('abc', 5)).toBe('abc');
    expect(truncateMiddle('/api/v2/very/long/path/file.json', 16)).toBe('/api/v2/v…e.json');
    expect(Array.from(truncateMiddle('/api/v2/very/long/path/file.json', 16))).toHaveLength(16);
    expect(truncateStart('/var/log/nginx/access.log', 12)).toBe('…/access.log');
    expect(truncateEnd('日本語日本語', 5)).toBe('日本…');
  });

  it('wraps words and cuts words longer than a line', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('aaaaaaaaaaaaaaa bb', 6)).toEqual(['aaaaaa', 'aaaaaa', 'aaa bb']);
    expect(wrapItems(['p50 3 ms', 'p90 12 ms', 'max 60.0 s'], 20)).toEqual(['p50 3 ms · p90 12 ms', 'max 60.0 s']);
  });
});

describe('series', () => {
  it('draws a sparkline where zero is lowest and any non-zero value is visible', () => {
    expect(formatSparkline([0, 1, 100, 50])).toBe('▁▂█▅');
    expect(formatSparkline([0, 0])).toBe('▁▁');
  });

  it('merges neighbouring buckets to fit the columns', () => {
    expect(mergeColumns([1, 2, 3, 4, 5], 10)).toEqual({ values: [1, 2, 3, 4, 5], starts: [0, 1, 2, 3, 4] });
    expect(mergeColumns([1, 2, 3, 4, 5], 2)).toEqual({ values: [6, 9], starts: [0, 3] });
    // 1440 minutes into 78 columns: 19 per column would do, 20 reads better
    const day = mergeColumns(new Array<number>(1440).fill(1), 78);
    expect(day.values).toHaveLength(72);
    expect(day.values.every((v) => v === 20)).toBe(true);
    expect(formatBucketSpan(60)).toBe('minute');
    expect(formatBucketSpan(1200)).toBe('20 minutes');
    expect(formatBucketSpan(3600)).toBe('hour');
    expect(formatBucketSpan(15)).toBe('15 seconds');
  });

  it('groups malformed lines by code, most lines first, with the samples of each', () => {
    const sample = (line: number, code: MalformedCode): MalformedSample => ({ line, source: 'a.log', code, reason: `r${line}`, text: '' });
    const groups = malformedGroups({
      malformedCodes: { 'status-invalid': 40, 'json-invalid': 2 },
      malformedSamples: [sample(1, 'json-invalid'), sample(2, 'status-invalid'), sample(3, 'json-invalid'), sample(4, 'line-too-long')],
    });
    expect(groups.map((g) => [g.code, g.lines, g.samples.map((s) => s.line)])).toEqual([
      ['status-invalid', 40, [2]],
      ['json-invalid', 2, [1, 3]],
      // Known from its sample only.
      ['line-too-long', 1, [4]],
    ]);
  });
});

describe('truncatePath', () => {
  it('cuts the folders and keeps the base name whole', () => {
    expect(truncatePath('fixtures/incident/nginx-incident.log', 30)).toBe('fixtures/i…/nginx-incident.log');
    expect(truncatePath('/var/log/nginx/access.log.2.gz', 22)).toBe('/var/…/access.log.2.gz');
    expect(truncatePath('fixtures/incident/nginx-incident.log', 40)).toBe('fixtures/incident/nginx-incident.log');
  });

  it('keeps a base name wider than the room whole', () => {
    expect(truncatePath('fixtures/incident/nginx-incident.log', 12)).toBe('…/nginx-incident.log');
    expect(truncatePath('a-very-long-file-name.log', 10)).toBe('a-very-long-file-name.log');
  });
});
