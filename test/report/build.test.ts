import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../scripts/gen-incident.js';
import { describeStatus } from '../../src/codes/registry.js';
import type { LogRecord } from '../../src/formats/record.js';
import { buildReport } from '../../src/report/build.js';
import { REPORT_SCHEMA } from '../../src/model/report.js';
import { IGNORED_CODES } from '../../src/model/ignored.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';
import { SCHEMA_PATH } from './fixtures.js';

const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

function rec(status: number, second: number, extra: Partial<LogRecord> = {}): LogRecord {
  return { status, time: T0 + second * 1000, format: 'nginx-combined', vendor: 'nginx', path: '/p', bytes: 10, ...extra };
}

function sampleTally(): Tally {
  const tally = new Tally();
  for (let s = 0; s < 600; s++) tally.addRecord(rec(200, s, { durationMs: 10 }));
  for (let s = 0; s < 60; s++) tally.addRecord(rec(404, s * 10, { path: `/missing/${s}` }));
  for (let s = 300; s < 420; s++) tally.addRecord(rec(502, s, { client: `10.0.0.${s % 12}`, upstream: ['10.0.3.12:8080'], upstreamStatus: [502] }));
  tally.addRecord(rec(499, 100));
  tally.addRecord(rec(522, 200, { vendor: 'cloudflare', format: 'cloudflare-json', originStatus: 0 }));
  tally.addIgnored('blank');
  tally.addOutsideWindow();
  tally.addMalformed({ line: 3, source: 'access.log', code: 'status-missing', reason: 'no status', text: 'garbage' });
  return tally;
}

describe('buildReport', () => {
  const summary = sampleTally().summarize();
  const findings = triage(summary);
  const generatedAt = new Date(Date.UTC(2026, 5, 2));
  const report = buildReport(summary, findings, {
    sources: [{ name: 'access.log', lines: 785, format: 'nginx-combined' }],
    generatedAt,
    failedRules: ['5xx>2%'],
    window: { since: '2026-06-01T10:00:00.000Z' },
    top: 3,
  });

  it('fills the line counts so that parsed + malformed + ignored = total', () => {
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.generatedAt).toBe(generatedAt.toISOString());
    // 782 records in the window, one outside it, one ignored line, one malformed line.
    expect(report.lines).toEqual({ total: 785, parsed: 783, malformed: 1, ignored: 1 });
    expect(report.formats).toEqual({ 'nginx-combined': 781, 'cloudflare-json': 1 });
    expect(report.malformedSamples).toEqual([{ line: 3, source: 'access.log', code: 'status-missing', reason: 'no status', text: 'garbage' }]);
    expect(report.malformedCodes).toEqual({ 'status-missing': 1 });
    expect(report.ignoredReasons).toEqual([{ code: 'blank', reason: 'blank line', lines: 1 }]);
  });

  it('lists ignored lines by reason, most first, in words, adding up to lines.ignored', () => {
    const tally = sampleTally();
    for (let i = 0; i < 3; i++) tally.addIgnored('elb-tcp-listener');
    tally.addIgnored('nlb-tls');
    const summary = tally.summarize();
    const built = buildReport(summary, [], { sources: [] });
    expect(built.ignoredReasons).toEqual([
      { code: 'elb-tcp-listener', reason: IGNORED_CODES['elb-tcp-listener'], lines: 3 },
      // Ties in the order of the code list.
      { code: 'blank', reason: 'blank line', lines: 1 },
      { code: 'nlb-tls', reason: 'NLB TLS record: no HTTP status', lines: 1 },
    ]);
    expect(built.ignoredReasons.reduce((sum, reason) => sum + reason.lines, 0)).toBe(built.lines.ignored);
  });

  it('lists codes by count with class, share and the meaning for the vendor whose log had them', () => {
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([[200, 600], [502, 120], [404, 60], [499, 1], [522, 1]]);
    for (const row of report.codes) {
      const logVendor = row.code === 522 ? 'cloudflare' : 'nginx';
      const described = describeStatus(row.code, logVendor);
      expect(row).toMatchObject({ class: described.class, vendor: described.vendor, meaning: described.meaning });
      expect(row.share).toBeCloseTo(row.count / 782, 10);
    }
    expect(report.classes).toEqual({ '1xx': 0, '2xx': 600, '3xx': 0, '4xx': 61, '5xx': 121, other: 0 });
    expect(report.errorRates['5xx']).toBeCloseTo(121 / 782, 10);
    expect(report.bytes).toBe(782 * 10);
    expect(report.bytesRecords).toBe(782);
  });

  it('has no bytes when no record carried a size, and 0 when they carried 0', () => {
    const unsized = new Tally();
    for (let s = 0; s < 10; s++) unsized.addRecord(rec(200, s, { bytes: undefined }));
    const absent = buildReport(unsized.summarize(), [], { sources: [] });
    expect('bytes' in absent).toBe(false);
    expect('bytesRecords' in absent).toBe(false);
    const empty = new Tally();
    for (let s = 0; s < 10; s++) empty.addRecord(rec(304, s, { bytes: 0 }));
    expect(buildReport(empty.summarize(), [], { sources: [] })).toMatchObject({ bytes: 0, bytesRecords: 10 });
  });

  it("words the findings in UTC and in the report's one rate unit, their times and rates kept as data", () => {
    // 782 requests over 599 s: more than one a second, so every rate is per second.
    const finding = report.triage.find((f) => f.code === 502)!;
    expect(finding.phrases).toBeDefined();
    const values = [finding.phrases!.headline, ...finding.phrases!.notes].flat().filter((part) => typeof part !== 'string');
    expect(values.some((value) => value.kind === 'clock')).toBe(true);
    expect(values.some((value) => value.kind === 'rate')).toBe(true);
    const sentences = [finding.headline, ...finding.notes].join(' ');
    expect(sentences).toMatch(/\d\d:\d\d UTC/);
    expect(sentences).toMatch(/\/s\b/);
    expect(sentences).not.toMatch(/\/min|\/h\b/);
    expect(finding.notes).toHaveLength(finding.phrases!.notes.length);
  });

  it('gives times as ISO strings and the span of the log', () => {
    expect(report.span.first).toBe(new Date(T0).toISOString());
    expect(report.span.last).toBe(new Date(T0 + 599_000).toISOString());
    expect(report.span.seconds).toBe(599);
    expect(report.span.requestsPerSecond).toBeCloseTo(782 / 599, 10);
    expect(report.timeline.bucketSeconds).toBe(60);
    expect(report.timeline.buckets).toHaveLength(10);
    expect(report.timeline.buckets[0]!.start).toBe(new Date(T0).toISOString());
    expect(report.timeline.buckets[5]!.codes['502']).toBe(60);
    const total = report.timeline.buckets.reduce((sum, b) => sum + Object.values(b.classes).reduce((a, c) => a + c, 0), 0);
    expect(total).toBe(782);
  });

  it('cuts top lists to meta.top and carries findings, window and failed rules', () => {
    expect(report.top.clients).toHaveLength(3);
    expect(report.top.paths[0]).toEqual({ value: '/p', count: 122 });
    expect(report.top.upstreams).toEqual([{ value: '10.0.3.12:8080', count: 120 }]);
    expect(report.upstreamCodes).toEqual([{ code: 502, count: 120 }]);
    expect(report.originCodes).toEqual([{ code: 0, count: 1 }]);
    expect(report.triage.map((f) => f.code)).toEqual(findings.map((f) => f.code));
    expect(report.triage[0]!.evidence.topClients).toHaveLength(3);
    expect(report.failedRules).toEqual(['5xx>2%']);
    expect(report.window).toEqual({ since: '2026-06-01T10:00:00.000Z' });
    expect(report.latencyMs!.count).toBe(600);
  });

  it('builds an empty report for an empty tally', () => {
    const empty = buildReport(new Tally().summarize(), [], { sources: [] });
    expect(empty.lines).toEqual({ total: 0, parsed: 0, malformed: 0, ignored: 0 });
    expect(empty.codes).toEqual([]);
    expect(empty.span).toEqual({ seconds: 0, requestsPerSecond: 0 });
    expect(empty.errorRates).toEqual({ '4xx': 0, '5xx': 0 });
    expect(empty.timeline.buckets).toEqual([]);
    expect(empty.latencyMs).toBeUndefined();
    expect('failedRules' in empty).toBe(false);
  });
});

describe('the report timeline', () => {
  it('keeps every 4xx/5xx of a log too long for minute buckets, code by code', () => {
    const tally = new Tally();
    // Three days: more minutes than the timeline has buckets, so they are regrouped.
    const codes = [404, 429, 499, 500, 502, 503, 504];
    for (let i = 0; i < 3 * 1440; i++) tally.addRecord(rec(codes[i % codes.length]!, i * 60 + (i % 50)));
    const summary = tally.summarize();
    const report = buildReport(summary, [], { sources: [] });
    expect(report.timeline.bucketSeconds).toBeGreaterThan(60);
    for (const code of codes) {
      const inTimeline = report.timeline.buckets.reduce((sum, bucket) => sum + (bucket.codes[String(code)] ?? 0), 0);
      expect(inTimeline, String(code)).toBe(report.codes.find((row) => row.code === code)!.count);
    }
  });
});

describe('built reports against the JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

  it.each(allIncidents().map((log) => ({ file: log.file, log })))('the report of $file is valid', ({ file, log }) => {
    const tally = new Tally();
    for (const record of log.records) tally.addRecord(record);
    const summary = tally.summarize();
    const report = buildReport(summary, triage(summary), { sources: [{ name: file, lines: log.lines.length }] });
    const json = JSON.parse(JSON.stringify(report)) as unknown;
    expect(validate(json) ? '' : ajv.errorsText(validate.errors)).toBe('');
    expect(report.triage.length).toBeGreaterThan(0);
  });

  it('an empty report is valid', () => {
    const report = buildReport(new Tally().summarize(), [], { sources: [] });
    expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
  });

  it('a report with ignored lines of every reason is valid, and one with an unknown reason code is not', () => {
    const tally = new Tally();
    for (const code of Object.keys(IGNORED_CODES) as (keyof typeof IGNORED_CODES)[]) tally.addIgnored(code);
    const report = JSON.parse(JSON.stringify(buildReport(tally.summarize(), [], { sources: [] }))) as { ignoredReasons: { code: string }[] };
    expect(report.ignoredReasons).toHaveLength(Object.keys(IGNORED_CODES).length);
    expect(validate(report) ? '' : ajv.errorsText(validate.errors)).toBe('');
    report.ignoredReasons[0]!.code = 'tcp';
    expect(validate(report)).toBe(false);
  });
});
