/**
 * Differential tests of the in-place readers (scanAt, detail) against the full parser (scan,
 * record) of the formats whose fast path reads fields where they lie: IIS W3C, AWS ALB and
 * classic ELB, and compiled --log-format strings. Every line of the corpus, of the real-server
 * logs and of the hostile inputs is read both ways, as it comes and mutated at the places a fast
 * path could go wrong (a double space, a quote, a tab, a CR, a cut), and must give the same
 * outcome, hot fields, record and detail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BenchLogGenerator, BENCH_FORMATS, CUSTOM_LOG_FORMAT, type BenchFormat } from '../../scripts/gen-bench-log.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { compileApacheLogFormat } from '../../src/formats/logformat/apache.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from '../../src/formats/parser.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every text log of the corpus, the real servers and the hostile inputs. */
const logFiles = ['corpus', 'real', 'hostile']
  .flatMap((dir) => filesUnder(join(FIXTURES, dir)))
  .filter((path) => /\.(log|ndjson|csv)$/.test(path));

function linesOf(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split(/\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function benchLines(format: BenchFormat, count: number): string[] {
  const generator = new BenchLogGenerator(7);
  const { render, header } = BENCH_FORMATS[format];
  const out = header === undefined ? [] : header().split('\n');
  const day = Date.UTC(2026, 2, 14) - 3_600_000;
  // Spread over the day so the incident's errors are among them.
  for (let i = 0; i < count; i++) out.push(render(generator.request(day + Math.floor((i * 86_400_000) / count))));
  return out;
}

/** The line changed where a fast path makes its decisions. */
function mutations(line: string): string[] {
  const out: string[] = [];
  const spaces: number[] = [];
  for (let i = 0; i < line.length && spaces.length < 40; i++) if (line.charCodeAt(i) === 32) spaces.push(i);
  for (const at of spaces.filter((_, k) => k % 3 === 0)) {
    out.push(line.slice(0, at) + '  ' + line.slice(at + 1));
    out.push(line.slice(0, at + 1) + '"' + line.slice(at + 1));
    out.push(line.slice(0, at) + '\t' + line.slice(at + 1));
    out.push(line.slice(0, at));
    out.push(line.slice(0, at + 1) + '-' + line.slice(at + 2));
    out.push(line.slice(0, at + 1) + '1e3' + line.slice(at + 2));
  }
  out.push(`${line}\r`, ` ${line}`, `${line} `, line.replaceAll('.', ','), line.replace(/\d/, 'x'), line.replace(/:/, '-'));
  return out;
}

interface Reading {
  outcome: ScanOutcome;
  reason?: unknown;
  hot?: unknown;
  record?: unknown;
  detail?: unknown;
}

function reading(parser: LineParser, outcome: ScanOutcome): Reading {
  if (outcome !== ScanOutcome.Record) return { outcome, reason: outcome === ScanOutcome.Malformed ? parser.reason : undefined };
  const { status, time, bytes, durationMs } = parser.hot;
  // detail() first: it must not depend on record() having been called.
  const detail = parser.detail?.();
  return { outcome, hot: { status, time, bytes, durationMs }, detail, record: parser.record() };
}

/** The fields of an error line detail() must give as record() does (LineParser.detail). */
const ERROR_DETAIL = ['status', 'format', 'vendor', 'time', 'path', 'host', 'client', 'durationMs', 'upstream', 'upstreamStatus', 'originStatus', 'subStatus', 'win32Status', 'signal'];
/** The fields of any other line, the ones the tally counts on every line. */
const LINE_DETAIL = ['status', 'format', 'vendor', 'originStatus', 'upstreamStatus'];

/** What detail() must carry, as the full record has it (the tally reads no other field). */
function detailOfRecord(record: Record<string, unknown>, everyLine: boolean): Record<string, unknown> {
  const status = record['status'] as number;
  const keep = !everyLine || (status >= 400 && status < 600) ? ERROR_DETAIL : LINE_DETAIL;
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => keep.includes(key) && value !== undefined));
}

/**
 * Reads the lines one after the other with a fresh parser each way, as the bulk path does: in
 * place in one text (with a line before the first so no offset is 0), and alone.
 */
function compare(format: FormatDefinition, lines: readonly string[]): number {
  const alone = format.create();
  const inPlace = format.create();
  if (inPlace.scanAt === undefined) throw new Error(`${format.name} has no scanAt`);
  const text = `#lead\n${lines.join('\n')}\n`;
  let from = 6;
  let records = 0;
  for (const line of lines) {
    const end = from + line.length;
    const want = reading(alone, alone.scan(line));
    const got = reading(inPlace, inPlace.scanAt(text, from, end));
    if (want.outcome === ScanOutcome.Record) {
      records++;
      const { detail: wantDetail, ...wantRest } = want;
      const { detail: gotDetail, ...gotRest } = got;
      expect(gotRest, line).toEqual(wantRest);
      // detail() may leave out what the tally does not read, never change what it does.
      const everyLine = alone.detailEveryLine;
      const full = detailOfRecord(want.record as Record<string, unknown>, everyLine);
      if (gotDetail !== undefined) expect(detailOfRecord(gotDetail as Record<string, unknown>, everyLine), line).toEqual(full);
      if (wantDetail !== undefined) expect(detailOfRecord(wantDetail as Record<string, unknown>, everyLine), line).toEqual(full);
    } else {
      expect(got, line).toEqual(want);
    }
    from = end + 1;
  }
  return records;
}

const builtin = (name: string): FormatDefinition => builtinFormats.find((format) => format.name === name)!;

const compiledFormats: FormatDefinition[] = [
  compileNginxLogFormat(CUSTOM_LOG_FORMAT, 'nginx-custom'),
  ...filesUnder(join(FIXTURES, 'real'))
    .filter((path) => path.endsWith('.log_format'))
    .map((path) => {
      const text = readFileSync(path, 'utf8').trim();
      return text.startsWith('LogFormat') ? compileApacheLogFormat(text, 'apache-custom') : compileNginxLogFormat(text, 'nginx-custom');
    }),
  compileApacheLogFormat('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"', 'apache-custom'),
  compileApacheLogFormat('%a %t %U%q %>s %D %{X-Forwarded-For}i', 'apache-custom'),
  compileNginxLogFormat('$time_iso8601 $remote_addr "$request" $status $body_bytes_sent $request_time $upstream_addr $upstream_status $upstream_response_time', 'nginx-custom'),
  compileNginxLogFormat('$msec|$status|$host|$request_uri|$upstream_status', 'nginx-custom'),
];

describe('the in-place readers agree with the full parsers, record for record', () => {
  const formats = [builtin('iis-w3c'), builtin('aws-alb'), builtin('aws-elb-classic'), ...compiledFormats];

  for (const format of formats) {
    it(`${format.name}: every corpus, real-server and hostile line`, () => {
      for (const path of logFiles) compare(format, linesOf(path));
    });
  }

  const own: [string, BenchFormat][] = [
    ['iis-w3c', 'iis-w3c'],
    ['aws-alb', 'aws-alb'],
    ['nginx-custom', 'custom-log-format'],
  ];
  for (const [name, bench] of own) {
    const format = name === 'nginx-custom' ? compiledFormats[0]! : builtin(name);
    it(`${name}: generated traffic, as it comes and mutated`, () => {
      const lines = benchLines(bench, 1500);
      expect(compare(format, lines)).toBe(1500);
      // The incident's hour, where the errors are, and a stretch before it.
      compare(format, [...lines.slice(0, 4), ...lines.slice(300, 400), ...lines.slice(875, 935)].flatMap(mutations));
    });
    it(`${name}: the corpus of its own format, mutated`, () => {
      const dir = name === 'iis-w3c' ? 'iis' : name === 'nginx-custom' ? 'nginx' : 'alb';
      for (const path of filesUnder(join(FIXTURES, 'corpus', dir)).filter((p) => !p.endsWith('.md'))) {
        const lines = linesOf(path);
        // Directives first, so IIS records are read under their #Fields: line.
        compare(format, [...lines.filter((l) => l.startsWith('#')).slice(0, 8), ...lines.slice(0, 60).flatMap(mutations)]);
      }
    });
  }

  it('aws-alb: times of one minute with other seconds, fractions and zones', () => {
    const example = builtin('aws-alb').example;
    const times = [
      '2018-07-02T22:23:00.186641Z',
      '2018-07-02T22:23:59.9999999Z',
      '2018-07-02T22:23:05Z',
      '2018-07-02T22:23:05',
      '2018-07-02T22:23:05.5+02:00',
      '2018-07-02T22:23:05.5-0130',
      '2018-07-02T22:23:60Z',
      '2018-07-02T22:23:61Z',
      '2018-07-02T22:23:05.Z',
      '2018-07-02T22:23:05+2',
      '2018-07-02T22:23:05ZZ',
      '2018-07-02 22:23:05Z',
      '2018-07-02T22:24:05Z',
      '2019-07-02T22:23:05Z',
      '2018-07-02T22:23:05Z',
    ];
    const lines = times.map((time) => example.replace('2018-07-02T22:23:00.186641Z', time));
    expect(compare(builtin('aws-alb'), [...lines, ...lines.reverse()])).toBeGreaterThan(20);
  });

  it('reads the generated logs in place, not through scan()', () => {
    for (const [name, bench] of own) {
      const format = name === 'nginx-custom' ? compiledFormats[0]! : builtin(name);
      const parser = format.create();
      const lines = benchLines(bench, 200);
      const text = lines.join('\n');
      let sliced = 0;
      const scan = parser.scan.bind(parser);
      parser.scan = (line: string) => {
        sliced++;
        return scan(line);
      };
      let from = 0;
      for (const line of lines) {
        parser.scanAt!(text, from, from + line.length);
        from += line.length + 1;
      }
      // Only the IIS directives go through scan().
      expect(sliced, name).toBe(name === 'iis-w3c' ? 4 : 0);
    }
  });
});
