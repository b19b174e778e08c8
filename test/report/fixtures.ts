import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LogRecord } from '../../src/formats/record.js';
import type { Report } from '../../src/model/report.js';
import { withBaseline } from '../../src/report/baseline-compare.js';
import { figuresOfSummary } from '../../src/report/baseline-figures.js';
import { buildReport } from '../../src/report/build.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';

export const FIXTURE_NAMES = ['incident', 'clean', 'hostile'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

const root = fileURLToPath(new URL('../../', import.meta.url));

export function fixturePath(name: FixtureName): string {
  return `${root}fixtures/report/${name}.json`;
}

/** A hand-built report fixture; schema.test.ts checks each against the JSON Schema. */
export function loadReport(name: FixtureName): Report {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Report;
}

export const SCHEMA_PATH = `${root}schema/report.schema.json`;

/** Characters that must never reach a terminal or a Markdown cell raw. */
export const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The hostile strings planted in fixtures/report/hostile.json. */
export const HOSTILE = {
  script: '<script>window.__pwned=1;document.title="pwned"</script>',
  img: '"><img src=x onerror="window.__pwned=2">',
  sgr: '/admin\u001b[31mRED\u001b[0m',
  osc: '/x\u001b]0;owned-title\u0007y',
  pipes: '/a|b||c`code`',
  newline: '/line1\nline2\r\ninjected: yes',
  bidi: '/files/\u202egnp.exe\u202c?\u2066x\u2069',
  c1: '/c1\u009b31mX\u0085\u0008back',
} as const;

/** A report of an empty input, derived from the clean fixture: nothing parsed, no timestamps. */
export function emptyReport(): Report {
  const clean = loadReport('clean');
  const zero = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 };
  return {
    ...clean,
    sources: [{ name: '-', lines: 0 }],
    lines: { total: 0, parsed: 0, malformed: 0, ignored: 0 },
    formats: {},
    span: { seconds: 0, requestsPerSecond: 0 },
    classes: zero,
    errorRates: { '4xx': 0, '5xx': 0 },
    bytes: undefined,
    codes: [],
    top: { paths: [], hosts: [], clients: [], upstreams: [] },
    latencyMs: undefined,
    timeline: { bucketSeconds: 60, buckets: [] },
    triage: [],
    malformedSamples: [],
    ignoredReasons: [],
  };
}

/** The clean fixture with these ignored lines (parsed lines made fewer, so the total stays). */
export function withIgnored(reasons: Report['ignoredReasons']): Report {
  const report = loadReport('clean');
  const ignored = reasons.reduce((sum, reason) => sum + reason.lines, 0);
  return { ...report, lines: { ...report.lines, parsed: report.lines.total - ignored, ignored }, ignoredReasons: reasons };
}

/** The IIS default field set, as inferred for records without a #Fields: line. */
export const IIS_DEFAULT_FIELDS = ['date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip', 'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken'];

/** The clean fixture as if its records had come from a headerless IIS log. */
export function withInferredLayout(): Report {
  const report = loadReport('clean');
  const [source] = report.sources;
  return { ...report, sources: [{ ...source!, format: 'iis-w3c', inferredLayouts: [{ format: 'iis-w3c', fields: IIS_DEFAULT_FIELDS, records: 8085 }] }] };
}

/** Lines an ELB TCP/SSL listener's records leave ignored, as buildReport lists them. */
export const LISTENER_REASONS: Report['ignoredReasons'] = [
  { code: 'elb-ssl-listener', reason: 'SSL listener: no HTTP status', lines: 1200 },
  { code: 'elb-tcp-listener', reason: 'TCP listener: no HTTP status', lines: 34 },
  { code: 'blank', reason: 'blank line', lines: 1 },
];

export interface BuiltOptions {
  /** Requests a minute, 502s included. */
  perMinute: number;
  /** The bytes field of each record; absent when undefined, as in a format without one. */
  bytes?: (i: number) => number | undefined;
  /** Whether records carry a duration. */
  durations?: boolean;
}

/**
 * A report built from records as the command builds it, with findings and a --baseline comparison:
 * two hours at `perMinute`, 502s at a tenth of the requests in minutes 60 to 79 and a trickle before.
 */
export function builtReport(options: BuiltOptions): Report {
  const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
  const tallyOf = (from: number, to: number): Tally => {
    const tally = new Tally();
    let i = 0;
    for (let minute = from; minute < to; minute++) {
      for (let n = 0; n < options.perMinute; n++, i++) {
        const failing = minute >= 60 && minute < 80 ? n % 10 === 0 : n === 0 && minute % 15 === 0;
        const record: LogRecord = {
          status: failing ? 502 : 200,
          time: T0 + minute * 60_000 + Math.floor((n * 60_000) / options.perMinute),
          format: 'nginx-combined',
          vendor: 'nginx',
          path: failing ? '/api/orders' : '/',
        };
        const bytes = options.bytes?.(i);
        if (bytes !== undefined) record.bytes = bytes;
        if (options.durations) record.durationMs = failing ? 30_000 : 40;
        tally.addRecord(record);
      }
    }
    return tally;
  };
  const summary = tallyOf(0, 120).summarize();
  const report = buildReport(summary, triage(summary), { sources: [{ name: 'access.log', lines: summary.requests, format: 'nginx-combined' }] });
  return withBaseline(report, figuresOfSummary('yesterday.json', tallyOf(0, 60).summarize()));
}

/** Every rate written in a text: `12/s`, `0.3/min`, `0.5/h`, as [whole, unit]. */
export function ratesIn(text: string): Array<[string, string]> {
  return [...text.matchAll(/\d[\d,.]*\/(s|min|h)\b/g)].map((match) => [match[0], match[1]!]);
}
