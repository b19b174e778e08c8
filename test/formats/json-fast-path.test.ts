/**
 * The JSON-lines formats read a line in place and fall back to JSON.parse for any line they
 * cannot be sure of. These tests hold the in-place reading to the JSON.parse reading
 * (scanParsed()), record for record: on the real corpus, on the hostile fixtures and on lines
 * mutated from real ones by a seeded generator, read alone, in place, and in place with bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaddyParser } from '../../src/formats/caddy.js';
import { CloudflareJsonParser } from '../../src/formats/cloudflare.js';
import { NginxJsonParser } from '../../src/formats/logformat/nginxjson.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { everyKeyEveryShape, mutated } from './json-mutations.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

function linesOf(dir: string, pattern: RegExp): string[] {
  return readdirSync(fixture(dir))
    .filter((file) => pattern.test(file))
    .flatMap((file) => readFileSync(fixture(`${dir}/${file}`), 'utf8').split('\n'))
    .filter((line) => line.length > 0);
}

/** A parser with a fast path and the JSON.parse reading it falls back to. */
interface FastParser {
  scan(line: string): ScanOutcome;
  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset?: number): ScanOutcome;
  scanParsed(line: string): ScanOutcome;
  readonly hot: { status: number; time: number; bytes: number; durationMs: number };
  readonly detailEveryLine: boolean;
  reason: { code: string; detail: string } | undefined;
  record(): LogRecord;
  detail?(): LogRecord;
}

const TALLY_FIELDS = ['status', 'time', 'tzOffsetMinutes', 'path', 'host', 'client', 'bytes', 'durationMs', 'upstream', 'upstreamStatus', 'originStatus', 'format', 'vendor'] as const;
/**
 * What the tally reads of a line other than a 4xx/5xx when the format's detail() is asked for on
 * every line: the statuses behind it, and the upstream addresses when one of those failed
 * (LineParser.detail).
 */
const LINE_FIELDS = ['status', 'upstreamStatus', 'originStatus', 'format', 'vendor'] as const;

function tallyFields(record: LogRecord, everyLine: boolean): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  const error = !everyLine || (record.status >= 400 && record.status < 600);
  const failed = record.upstreamStatus?.some((status) => status !== null && status >= 500) === true;
  const fields: readonly (keyof LogRecord)[] = error ? TALLY_FIELDS : failed ? [...LINE_FIELDS, 'upstream'] : LINE_FIELDS;
  for (const field of fields) if (record[field] !== undefined) picked[field] = record[field];
  return picked;
}

/** Everything a reading of one line gives: outcome, hot fields, reason or record and detail. */
function reading(parser: FastParser, outcome: ScanOutcome): unknown {
  if (outcome === ScanOutcome.Malformed) return { outcome, reason: parser.reason };
  if (outcome !== ScanOutcome.Record) return { outcome };
  const { status, time, bytes, durationMs } = parser.hot;
  return {
    outcome,
    hot: { status, time, bytes, durationMs },
    record: parser.record(),
    detail: tallyFields(parser.detail !== undefined ? parser.detail() : parser.record(), parser.detailEveryLine),
  };
}

type ReadMode = 'alone' | 'in place' | 'in place with bytes';

/** How many lines a comparison read, were records, and took the fallback when read alone. */
interface Compared {
  records: number;
  fallbacks: number;
}

/** Counts the parser's calls of its JSON.parse reading. */
function countingFallbacks(parser: FastParser): { parser: FastParser; count: () => number } {
  let calls = 0;
  const parse = parser.scanParsed.bind(parser);
  parser.scanParsed = (line: string): ScanOutcome => {
    calls++;
    return parse(line);
  };
  return { parser, count: () => calls };
}

/** Reads `lines` every way and compares each reading with the JSON.parse one. */
function compareReadings(create: () => FastParser, lines: readonly string[]): Compared {
  const oracle = create();
  const expected = lines.map((line) => reading(oracle, oracle.scanParsed(line)));
  const text = lines.join('\n');
  // Bytes at an offset, as a run inside a larger read buffer; only when the text is ASCII.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const bytes = ascii ? new Uint8Array(Buffer.from(`#####${text}`, 'latin1')) : undefined;
  let fallbacks = 0;
  for (const mode of ['alone', 'in place', 'in place with bytes'] as ReadMode[]) {
    if (mode === 'in place with bytes' && bytes === undefined) continue;
    const counting = countingFallbacks(create());
    const parser = counting.parser;
    let from = 0;
    lines.forEach((line, i) => {
      const end = from + line.length;
      const outcome = mode === 'alone' ? parser.scan(line) : mode === 'in place' ? parser.scanAt(text, from, end) : parser.scanAt(text, from, end, bytes, 5);
      expect(reading(parser, outcome), `${mode}: ${line}`).toEqual(expected[i]);
      from = end + 1;
    });
    if (mode === 'alone') fallbacks = counting.count();
  }
  return { records: expected.filter((r) => (r as { outcome: ScanOutcome }).outcome === ScanOutcome.Record).length, fallbacks };
}

const hostile = readdirSync(fixture('hostile'))
  .filter((file) => file.endsWith('.log'))
  .flatMap((file) => readFileSync(fixture(`hostile/${file}`), 'utf8').split('\n'));

const formats = [
  {
    name: 'cloudflare-json',
    create: (): FastParser => new CloudflareJsonParser(),
    corpus: linesOf('corpus/cloudflare', /\.ndjson$/),
    extraLines: readFileSync(fixture('incident/cloudflare-incident.ndjson'), 'utf8').split('\n').slice(0, 1000),
    corpusFallbacks: 0,
    mutatedRecords: 1000,
    keys: [
      'EdgeResponseStatus', 'EdgeStartTimestamp', 'EdgeEndTimestamp', 'EdgeResponseBytes', 'OriginResponseDurationMs', 'OriginResponseTime',
      'ClientRequestURI', 'ClientRequestPath', 'ClientRequestHost', 'ClientIP', 'OriginIP', 'OriginResponseStatus',
    ],
  },
  {
    name: 'nginx-json',
    create: (): FastParser => new NginxJsonParser(),
    corpus: linesOf('real', /^nginx-json.*\.log$/),
    extraLines: [],
    corpusFallbacks: 0,
    mutatedRecords: 1000,
    keys: [
      'status', 'status_code', 'time_iso8601', 'time_local', 'msec', 'time', 'request', 'request_uri', 'uri', 'path', 'remote_addr', 'client_ip',
      'http_x_forwarded_for', 'host', 'http_host', 'body_bytes_sent', 'bytes_sent', 'request_time', 'upstream_addr', 'upstream_status',
    ],
  },
  {
    name: 'caddy-json',
    create: (): FastParser => new CaddyParser(),
    corpus: linesOf('corpus/caddy', /\.(ndjson|log)$/),
    extraLines: [],
    corpusFallbacks: 0,
    // Most of the corpus is Caddy's runtime lines, which are ignored, and so are their mutations.
    mutatedRecords: 250,
    keys: ['level', 'ts', 'logger', 'msg', 'status', 'size', 'duration', 'request', 'remote_ip', 'client_ip', 'host', 'uri', 'headers'],
  },
];

for (const format of formats) {
  describe(`${format.name}: the in-place reading agrees with JSON.parse`, () => {
    it('on the real corpus', () => {
      const lines = [...format.corpus, ...format.extraLines];
      const compared = compareReadings(format.create, lines);
      expect(compared.records).toBeGreaterThan(5);
      // Real lines are read in place: the fallback is for what the reader cannot be sure of.
      expect(compared.fallbacks).toBeLessThanOrEqual(format.corpusFallbacks);
    });

    it('on the hostile fixtures and on the other formats', () => {
      const others = [...linesOf('corpus/nginx', /\.log$/), ...linesOf('corpus/caddy', /./), ...linesOf('corpus/cloudflare', /./)];
      compareReadings(format.create, [...hostile, ...others]);
    });

    it('on every odd value, duplicate, nested, quoted or escaped spelling of each key it reads, and on cut-short lines', () => {
      const line = format.corpus.find((l) => format.create().scanParsed(l) === ScanOutcome.Record)!;
      const lines = everyKeyEveryShape(line, format.keys);
      const compared = compareReadings(format.create, lines);
      expect(compared.records).toBeGreaterThan(lines.length / 4);
      // Duplicates and nested names fall back by design; the odd values that are still plain are read in place.
      expect(lines.length - compared.fallbacks).toBeGreaterThan(150);
    });

    it('on lines mutated from real ones by a seeded generator', () => {
      const lines = mutated(format.corpus, format.keys, 4000, 15);
      const compared = compareReadings(format.create, lines);
      // Many mutations still parse, and many of those are read in place: both readings are compared.
      expect(compared.records).toBeGreaterThan(format.mutatedRecords);
      expect(compared.fallbacks).toBeLessThan(lines.length - 500);
    });
  });
}
