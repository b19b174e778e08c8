import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../src/formats/builtin.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { Tally } from '../../src/tally/tally.js';

const fixtureDir = (dir: string): string => fileURLToPath(new URL(`../../fixtures/${dir}/`, import.meta.url));

function linesOf(dir: string): string[] {
  return readdirSync(fixtureDir(dir))
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => readFileSync(fixtureDir(dir) + file, 'utf8').split('\n'));
}

// Lines whose head, request or tail take the slower branches of detail().
const edgeCases = [
  'example.com 10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a?b=1 HTTP/1.1" 502 10 "-" "curl/8.0"',
  '"10.0.0.9, 10.0.0.8" 10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a HTTP/1.1" 502 10 "-" "curl/8.0"',
  '10.0.0.2, 10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /x HTTP/1.1" 500 0 "-" "-"',
  '- - - [10/Oct/2025:13:55:36 +0000] "GET /x HTTP/1.1" 500 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /caf\\xC3\\xA9\\x3Fq HTTP/1.1" 404 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /p?\\x22 HTTP/1.1" 404 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "-" 400 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /no-protocol" 404 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET  HTTP/1.1" 400 0 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a HTTP/1.1" 503 5 "-" "ua" "203.0.113.7, 10.0.0.2"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a HTTP/1.1" 503 5 "-" "ua" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a HTTP/1.1" 504 5 "-" "ua" rt=1.500 uct="0.000"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /a HTTP/1.1" 504 5 "-" bare "203.0.113.7"',
];

const TALLY_FIELDS = ['status', 'time', 'path', 'host', 'client', 'durationMs', 'upstream', 'upstreamStatus', 'originStatus', 'subStatus', 'win32Status', 'format', 'vendor'] as const;

function tallyFields(record: LogRecord): Partial<LogRecord> {
  const picked: Partial<Record<keyof LogRecord, unknown>> = {};
  for (const field of TALLY_FIELDS) if (record[field] !== undefined) picked[field] = record[field];
  return picked as Partial<LogRecord>;
}

/** The JSON-lines corpora, whose files are .ndjson as well as .log. */
function jsonLinesOf(dir: string): string[] {
  return readdirSync(fixtureDir(dir))
    .filter((file) => /\.(ndjson|log)$/.test(file))
    .flatMap((file) => readFileSync(fixtureDir(dir) + file, 'utf8').split('\n'));
}

describe('detail() gives the tally fields exactly as record() does', () => {
  const lines = [
    ...linesOf('corpus/nginx'), ...linesOf('corpus/apache'), ...linesOf('real'), ...edgeCases,
    ...jsonLinesOf('corpus/cloudflare'), ...jsonLinesOf('corpus/caddy'), ...readFileSync(fixtureDir('incident') + 'cloudflare-incident.ndjson', 'utf8').split('\n').slice(0, 500),
  ];
  const withDetail = builtinFormats.filter((format) => format.create().detail !== undefined);

  it('is offered by the CLF formats', () => {
    expect(withDetail.map((f) => f.name)).toEqual(expect.arrayContaining(['nginx-combined', 'nginx-main', 'apache-combined', 'apache-common']));
  });

  for (const format of withDetail) {
    it(`${format.name}: every fixture line it accepts, read alone and in place`, () => {
      const parser = format.create();
      const text = lines.join('\n');
      let from = 0;
      let compared = 0;
      for (const line of lines) {
        for (const outcome of [parser.scan(line), parser.scanAt!(text, from, from + line.length)]) {
          if (outcome !== ScanOutcome.Record) continue;
          expect(tallyFields(parser.detail!()), line).toEqual(tallyFields(parser.record()));
          compared++;
        }
        from += line.length + 1;
      }
      // The Caddy corpus holds eight access lines among Caddy's runtime lines.
      expect(compared).toBeGreaterThan(format.name === 'caddy-json' ? 10 : 100);
    });
  }
});

describe('locateDetail() finds in the bytes what detail() gives', () => {
  // In place, lines come with their bytes only when their run is ASCII.
  const lines = [...linesOf('corpus/nginx'), ...linesOf('corpus/apache'), ...linesOf('real'), ...edgeCases].filter((line) => /^[\x00-\x7f]*$/.test(line));
  const text = lines.join('\n');
  // Read at an offset, as the splitter passes a run that starts inside its buffer.
  const shift = 7;
  const bytes = Buffer.concat([Buffer.alloc(shift, 0x20), Buffer.from(text, 'latin1')]);
  const located = builtinFormats.filter((format) => format.create().locateDetail !== undefined);

  it('is offered by the CLF formats', () => {
    expect(located.map((f) => f.name)).toEqual(expect.arrayContaining(['nginx-combined', 'apache-combined', 'apache-common']));
  });

  for (const format of located) {
    it(`${format.name}: the path and client ranges of every line it accepts`, () => {
      const parser = format.create();
      let from = 0;
      let found = 0;
      let declined = 0;
      for (const line of lines) {
        if (parser.scanAt!(text, from, from + line.length, bytes, shift) === ScanOutcome.Record) {
          const ranges = parser.locateDetail!();
          const detail = parser.detail!();
          if (ranges === undefined) declined++;
          else {
            found++;
            const cut = (start: number, end: number): string | undefined => (start < 0 ? undefined : text.slice(start - shift, end - shift));
            expect(cut(ranges.pathStart, ranges.pathEnd), line).toBe(detail.path);
            expect(cut(ranges.clientStart, ranges.clientEnd), line).toBe(detail.client);
            expect(detail.host, line).toBeUndefined();
          }
        }
        from += line.length + 1;
      }
      expect(found).toBeGreaterThan(100);
      // Lines with an escaped path or a host or forwarded-for list in the head go to detail().
      expect(declined).toBeGreaterThan(0);
    });

    it(`${format.name}: a tally fed in place counts what one fed line by line does`, () => {
      const inPlace = new Tally();
      const byLine = new Tally();
      const parser = format.create();
      let from = 0;
      for (const line of lines) {
        if (parser.scanAt!(text, from, from + line.length, bytes, shift) === ScanOutcome.Record && parser.hot.status >= 0) inPlace.addScanned(parser);
        if (parser.scan(line) === ScanOutcome.Record && parser.hot.status >= 0) byLine.addScanned(parser);
        from += line.length + 1;
      }
      const summary = inPlace.summarize();
      expect(summary.errors.length).toBeGreaterThan(3);
      expect(summary).toEqual(byLine.summarize());
    });
  }
});
