import { describe, expect, it } from 'vitest';
import { HotFields } from '../../src/formats/hot-fields.js';
import { ScanOutcome, type LineParser } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { Tally } from '../../src/tally/tally.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function rec(status: number, extra: Partial<LogRecord> = {}): LogRecord {
  return { status, time: T0, format: 'nginx-upstreaminfo', vendor: 'nginx', ...extra };
}

/** A parser fed with records; counts how often the tally asks for the full record. */
class FakeParser implements LineParser {
  readonly format = 'fake-combined';
  readonly vendor = 'apache' as const;
  readonly hot = new HotFields();
  reason = undefined;
  ignoredCode = undefined;
  recordCalls = 0;
  private current: LogRecord | undefined;
  constructor(readonly detailEveryLine = false) {}
  load(record: LogRecord): void {
    this.current = record;
    this.hot.status = record.status;
    this.hot.time = record.time ?? -1;
    this.hot.bytes = record.bytes ?? -1;
    this.hot.durationMs = record.durationMs ?? -1;
  }
  scan(): ScanOutcome {
    return ScanOutcome.Record;
  }
  record(): LogRecord {
    this.recordCalls++;
    return this.current!;
  }
}

describe('Tally', () => {
  it('counts codes, classes, bytes, formats and times', () => {
    const tally = new Tally();
    tally.addRecord(rec(200, { bytes: 100, time: T0 + 5_000 }));
    tally.addRecord(rec(200, { bytes: 50, time: T0 + 65_000 }));
    tally.addRecord(rec(404, { time: T0 + 70_000 }));
    tally.addRecord(rec(502, { time: T0 }));
    tally.addRecord(rec(0));
    tally.addRecord(rec(1234));
    const s = tally.summarize();
    expect(s.requests).toBe(6);
    expect(s.classes).toEqual({ '1xx': 0, '2xx': 2, '3xx': 0, '4xx': 1, '5xx': 1, other: 2 });
    expect(s.codes.map((c) => [c.code, c.count])).toEqual([[200, 2], [0, 1], [404, 1], [502, 1], [1234, 1]]);
    expect(s.bytes).toBe(150);
    expect(s.bytesRecords).toBe(2);
    expect(s.formats).toEqual({ 'nginx-upstreaminfo': 6 });
    expect(s.firstTime).toBe(T0);
    expect(s.lastTime).toBe(T0 + 70_000);
    expect(s.timeline.map((b) => b.minute)).toEqual([T0, T0 + 60_000]);
    expect(s.timeline[0]!.classes['2xx']).toBe(1);
    expect(s.timeline[0]!.codes).toEqual({ '502': 1 });
    expect(s.timeline[1]!.codes).toEqual({ '404': 1 });
  });

  it('tells records that sent 0 bytes from records whose format logs no size', () => {
    const none = new Tally();
    const parser = new FakeParser();
    for (const status of [200, 304, 500]) {
      parser.load(rec(status));
      none.addScanned(parser);
    }
    expect([none.summarize().bytes, none.summarize().bytesRecords]).toEqual([0, 0]);
    const empty = new Tally();
    for (const status of [204, 304]) {
      parser.load(rec(status, { bytes: 0 }));
      empty.addScanned(parser);
    }
    expect([empty.summarize().bytes, empty.summarize().bytesRecords]).toEqual([0, 2]);
    // An out-of-range size (a 400-digit field reads as Infinity) is no size at all.
    empty.addRecord(rec(200, { bytes: Number.POSITIVE_INFINITY }));
    none.merge(empty);
    expect([none.summarize().bytes, none.summarize().bytesRecords]).toEqual([0, 2]);
  });

  it('builds the full record only for errors unless the format asks for every line', () => {
    const tally = new Tally();
    const parser = new FakeParser();
    for (const status of [200, 200, 301, 404, 503]) {
      parser.load(rec(status, { path: '/x' }));
      tally.addScanned(parser);
    }
    expect(parser.recordCalls).toBe(2);
    const detailed = new FakeParser(true);
    detailed.load(rec(200, { upstreamStatus: [502, 200], upstream: ['10.0.0.1:80', '10.0.0.2:80'] }));
    tally.addScanned(detailed);
    expect(detailed.recordCalls).toBe(1);
    const s = tally.summarize();
    expect(s.formats).toEqual({ 'fake-combined': 6 });
    expect(s.vendors).toEqual({ apache: 6 });
    expect(s.upstreamCodes).toEqual([{ code: 200, count: 1 }, { code: 502, count: 1 }]);
    expect(s.upstreamFailures).toEqual([{ code: 502, count: 1, rescued: 1, addresses: [{ value: '10.0.0.1:80', count: 1 }] }]);
  });

  it('keeps error detail: shaped paths, hosts, clients, upstreams, statuses, sub-statuses, latency', () => {
    const tally = new Tally({ top: 3 });
    for (let i = 0; i < 10; i++) {
      tally.addRecord(
        rec(502, {
          path: `/users/${i}`,
          host: 'a.example',
          client: i < 7 ? '1.1.1.1' : '2.2.2.2',
          upstream: ['10.0.3.12:8080'],
          upstreamStatus: [502],
          durationMs: 60_000 + (i % 3),
          time: T0 + i * 60_000,
        }),
      );
    }
    tally.addRecord(rec(503, { subStatus: 2, win32Status: 0, vendor: 'iis', format: 'iis-w3c' }));
    tally.addRecord(rec(522, { originStatus: 0, vendor: 'cloudflare', format: 'cloudflare-json' }));
    const s = tally.summarize();
    const e502 = s.errors.find((e) => e.code === 502)!;
    expect(e502.count).toBe(10);
    expect(e502.paths).toEqual([{ value: '/users/:id', count: 10 }]);
    expect(e502.clients).toEqual([{ value: '1.1.1.1', count: 7 }, { value: '2.2.2.2', count: 3 }]);
    expect(e502.upstreams).toEqual([{ value: '10.0.3.12:8080', count: 10 }]);
    expect(e502.upstreamStatuses).toEqual([{ value: '502', count: 10 }]);
    expect(e502.minutes).toHaveLength(10);
    expect(e502.firstTime).toBe(T0);
    expect(e502.lastTime).toBe(T0 + 9 * 60_000);
    expect(e502.latency!.max).toBe(60_002);
    expect(e502.latencyPile!.share).toBe(1);
    expect(Math.abs(e502.latencyPile!.valueMs - 60_000)).toBeLessThan(600);
    const e503 = s.errors.find((e) => e.code === 503)!;
    expect(e503.subStatuses).toEqual([{ value: '503.2', count: 1 }]);
    expect(e503.win32Statuses).toEqual([{ value: '0', count: 1 }]);
    expect(e503.vendor).toBe('iis');
    expect(s.errors.find((e) => e.code === 522)!.originStatuses).toEqual([{ value: '0', count: 1 }]);
    expect(s.originCodes).toEqual([{ code: 0, count: 1 }]);
    expect(s.codes.find((c) => c.code === 522)!.vendor).toBe('cloudflare');
    expect(s.top.paths).toEqual([{ value: '/users/:id', count: 10 }]);
  });

  it('counts records outside the window as parsed only, and keeps malformed samples bounded', () => {
    const tally = new Tally();
    tally.addRecord(rec(200));
    tally.addOutsideWindow();
    tally.addIgnored('blank');
    tally.addIgnored('elb-tcp-listener');
    tally.addIgnored('elb-tcp-listener');
    for (let i = 0; i < 25; i++) {
      const code = i % 2 ? 'time-invalid' : 'status-missing';
      tally.addMalformed({ line: i + 1, source: 'a.log', code, reason: i % 2 ? 'bad time' : 'no status', text: 'x'.repeat(1000) });
    }
    const s = tally.summarize();
    expect(s.lines).toEqual({ parsed: 2, malformed: 25, ignored: 3, outsideWindow: 1, filteredOut: 0 });
    // By reason, most first: the reasons add up to the ignored lines.
    expect(s.ignoredCodes).toEqual({ 'elb-tcp-listener': 2, blank: 1 });
    expect(Object.keys(s.ignoredCodes)).toEqual(['elb-tcp-listener', 'blank']);
    expect(s.requests).toBe(1);
    expect(s.malformed.codes).toEqual({ 'status-missing': 13, 'time-invalid': 12 });
    expect(Object.keys(s.malformed.codes)).toEqual(['status-missing', 'time-invalid']);
    expect(s.malformed.samples).toHaveLength(20);
    expect(s.malformed.samples[0]!.text.length).toBe(300);
  });

  it('merges into the same summary as tallying everything in one', () => {
    const records = Array.from({ length: 200 }, (_, i) =>
      rec([200, 404, 500, 502][i % 4]!, { time: T0 + i * 7_000, path: `/p/${i % 5}`, client: `c${i % 3}`, durationMs: i, bytes: i }),
    );
    const one = new Tally();
    for (const r of records) one.addRecord(r);
    const a = new Tally();
    const b = new Tally();
    for (const [i, r] of records.entries()) (i % 2 ? a : b).addRecord(r);
    a.addMalformed({ line: 1, source: 's', code: 'json-invalid', reason: 'r', text: 't' });
    one.addMalformed({ line: 1, source: 's', code: 'json-invalid', reason: 'r', text: 't' });
    for (const code of ['nlb-tls', 'blank', 'nlb-tls'] as const) one.addIgnored(code);
    a.addIgnored('nlb-tls');
    b.addIgnored('blank');
    b.addIgnored('nlb-tls');
    a.merge(b);
    const merged = a.summarize();
    const whole = one.summarize();
    // Sketch internals may bin differently; every count must agree.
    expect({ ...merged, latency: undefined, errors: undefined }).toEqual({ ...whole, latency: undefined, errors: undefined });
    expect(merged.errors.map((e) => [e.code, e.count, e.paths, e.clients, e.minutes])).toEqual(
      whole.errors.map((e) => [e.code, e.count, e.paths, e.clients, e.minutes]),
    );
    expect(merged.latency!.count).toBe(200);
    expect(merged.latency!.max).toBe(199);
    expect(merged.ignoredCodes).toEqual({ 'nlb-tls': 2, blank: 1 });
  });
});

describe('Tally minute order', () => {
  it('gives the timeline and each status\'s minutes in time order when records come out of order', () => {
    const tally = new Tally();
    for (const minutes of [5, 0, 2, 5, 1]) tally.addRecord(rec(502, { time: T0 + minutes * 60_000 }));
    const summary = tally.summarize();
    expect(summary.timeline.map((b) => (b.minute - T0) / 60_000)).toEqual([0, 1, 2, 5]);
    expect(summary.errors[0]!.minutes).toEqual([
      { minute: T0, count: 1 },
      { minute: T0 + 60_000, count: 1 },
      { minute: T0 + 120_000, count: 1 },
      { minute: T0 + 300_000, count: 2 },
    ]);
  });

  it('puts a status in the same minute as its class for times just before a minute ends', () => {
    const tally = new Tally();
    tally.addRecord(rec(502, { time: T0 + 59_999.75 }));
    tally.addRecord(rec(504, { time: T0 + 60_000 }));
    tally.addRecord(rec(503, { time: T0 + 119_999.999 }));
    const summary = tally.summarize();
    expect(summary.timeline.map((b) => [b.minute, b.classes['5xx'], b.codes])).toEqual([
      [T0, 1, { '502': 1 }],
      [T0 + 60_000, 2, { '503': 1, '504': 1 }],
    ]);
    expect(summary.errors.map((e) => [e.code, e.minutes])).toEqual([
      [502, [{ minute: T0, count: 1 }]],
      [503, [{ minute: T0 + 60_000, count: 1 }]],
      [504, [{ minute: T0 + 60_000, count: 1 }]],
    ]);
  });
});

describe('Tally timeline buckets', () => {
  function hundredMinutes(options: { timelineBuckets?: number }, order: number[]): Tally {
    const tally = new Tally(options);
    for (const i of order) {
      tally.addRecord(rec(200, { time: T0 + i * 60_000 + 1_000 }));
      if (i % 10 === 0) {
        tally.addRecord(rec(502, { time: T0 + i * 60_000 }));
        tally.addRecord(rec(502, { time: T0 + i * 60_000 + 59_999 }));
      }
    }
    return tally;
  }
  const inOrder = Array.from({ length: 100 }, (_, i) => i);

  it('keeps one bucket per minute while the span fits', () => {
    const summary = hundredMinutes({ timelineBuckets: 100 }, inOrder).summarize();
    expect(summary.timelineBucketSeconds).toBe(60);
    expect(summary.timeline).toHaveLength(100);
    expect(summary.timeline[10]).toEqual({ minute: T0 + 600_000, classes: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 2, other: 0 }, codes: { '502': 2 } });
    expect(summary.timeline[11]!.codes).toEqual({});
  });

  it('sums into the narrowest readable width that fits, keeping every count', () => {
    const summary = hundredMinutes({ timelineBuckets: 30 }, inOrder).summarize();
    expect(summary.timelineBucketSeconds).toBe(5 * 60);
    expect(summary.timeline).toHaveLength(20);
    expect(summary.timeline[0]).toEqual({ minute: T0, classes: { '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 0, '5xx': 2, other: 0 }, codes: { '502': 2 } });
    expect(summary.timeline[1]).toEqual({ minute: T0 + 300_000, classes: { '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 }, codes: {} });
    expect(summary.timeline.reduce((sum, b) => sum + b.classes['2xx'], 0)).toBe(100);
    expect(summary.timeline.reduce((sum, b) => sum + (b.codes['502'] ?? 0), 0)).toBe(20);
    // The status's own minutes stay per minute, for onset detection.
    expect(summary.errors[0]!.minutes).toHaveLength(10);
  });

  it('gives the same buckets for records out of order and for merged tallies', () => {
    const reference = hundredMinutes({ timelineBuckets: 30 }, inOrder).summarize();
    const shuffled = [...inOrder].sort((a, b) => ((a * 37) % 100) - ((b * 37) % 100));
    expect(hundredMinutes({ timelineBuckets: 30 }, shuffled).summarize().timeline).toEqual(reference.timeline);
    const merged = hundredMinutes({ timelineBuckets: 30 }, inOrder.filter((i) => i % 2 === 0));
    merged.merge(hundredMinutes({}, inOrder.filter((i) => i % 2 === 1)));
    expect(merged.summarize().timeline).toEqual(reference.timeline);
  });

  it('starts buckets at multiples of the width since the epoch', () => {
    const tally = new Tally({ timelineBuckets: 2 });
    for (const minute of [3, 4, 5]) tally.addRecord(rec(504, { time: T0 + minute * 60_000 }));
    const summary = tally.summarize();
    expect(summary.timelineBucketSeconds).toBe(120);
    expect(summary.timeline.map((b) => [(b.minute - T0) / 60_000, b.codes])).toEqual([
      [2, { '504': 1 }],
      [4, { '504': 2 }],
    ]);
  });
});

describe('Tally malformed reasons', () => {
  it('counts by code however many distinct details the lines give', () => {
    const tally = new Tally();
    for (let i = 0; i < 150; i++) {
      tally.addMalformed({ line: i, source: 's', code: i < 100 ? 'status-invalid' : 'line-too-long', reason: `bad value ${i}`, text: '' });
    }
    const { codes, samples } = tally.summarize().malformed;
    expect(codes).toEqual({ 'status-invalid': 100, 'line-too-long': 50 });
    // Samples keep each line's own detail.
    expect(samples.slice(0, 2).map((sample) => [sample.code, sample.reason])).toEqual([
      ['status-invalid', 'bad value 0'],
      ['status-invalid', 'bad value 1'],
    ]);
  });

  it('merges counts by code', () => {
    const a = new Tally();
    const b = new Tally();
    a.addMalformed({ line: 1, source: 'a', code: 'status-unset', reason: "status is '-'", text: '' });
    b.addMalformed({ line: 1, source: 'b', code: 'status-unset', reason: 'the record has no status', text: '' });
    b.addMalformed({ line: 2, source: 'b', code: 'json-invalid', reason: 'invalid JSON', text: '' });
    a.merge(b);
    expect(a.summarize().malformed.codes).toEqual({ 'status-unset': 2, 'json-invalid': 1 });
  });
});
