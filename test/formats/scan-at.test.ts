import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../src/formats/builtin.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';

const corpus = (file: string): string[] =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/${file}`, import.meta.url)), 'utf8').split('\n');

// Hand-written lines whose fields are cut short, so a search that ignored the
// line's end would find what it wants in the next line.
const cutShort = [
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /unterminated HTTP/1.1',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 20',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000]',
  '10.0.0.1 - - [10/Oct/2025:13:55',
  '10.0.0.1 - -',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200',
];

// Lines with characters above 0x7f, which the scan reads as 0x80 when the run has no bytes.
const nonAscii = [
  '10.0.0.1 - jos\u00e9 [10/Oct/2025:13:55:36 +0000] "GET /caf\u00e9/\u65e5\u672c HTTP/1.1" 404 12 "-" "Mozilla \u00fc"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 2\u00e90 12 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:\u00e95:36 +0000] "GET / HTTP/1.1" 200 12 "-" "-"',
  '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 1\u00e92 "-" "-"',
  '\ud83d\ude00 - - [10/Oct/2025:13:55:37 +0000] "GET / HTTP/1.1" 503 0 "-" "-"',
];

type ReadMode = 'alone' | 'in place' | 'in place with bytes';

// Consecutive lines that share the hour and minute but not the day, month, year or zone: the
// cached minute must not be reused for them.
const sameClockOtherMinute = [
  '10.0.0.1 - - [01/Mar/2026:03:00:05 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [01/Apr/2026:03:00:06 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [01/Jun/2026:03:00:06 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [01/Jul/2026:03:00:06 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [01/Jul/1926:03:00:06 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [02/Apr/2026:03:00:07 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [02/Apr/2027:03:00:08 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [02/Apr/2027:03:00:09 +0100] "GET /a HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [02/Apr/2027:03:00:09 +0130] "GET /a HTTP/1.1" 200 1 "-" "-"',
];

function outcomes(format: FormatDefinition, lines: readonly string[], mode: ReadMode): unknown[] {
  const parser = format.create();
  // A byte offset other than 0, as for a run in the middle of a read buffer.
  const text = lines.join('\n');
  const bytes = Buffer.from(`#####${text}`, 'latin1');
  const results: unknown[] = [];
  let from = 0;
  for (const line of lines) {
    const end = from + line.length;
    const outcome =
      mode === 'alone' ? parser.scan(line) : mode === 'in place' ? parser.scanAt!(text, from, end) : parser.scanAt!(text, from, end, bytes, 5);
    results.push(
      outcome === ScanOutcome.Record
        ? { outcome, status: parser.hot.status, time: parser.hot.time, bytes: parser.hot.bytes, durationMs: parser.hot.durationMs, record: parser.record() }
        : { outcome, reason: outcome === ScanOutcome.Malformed ? parser.reason : '' },
    );
    from = end + 1;
  }
  return results;
}

describe('scanAt reads a line in place exactly as scan reads it alone', () => {
  const lines = [
    ...corpus('nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log').slice(0, 200),
    ...corpus('nginx/vectordotdev-vrl-parse_nginx_log-tests.log'),
    ...corpus('apache/elastic-examples-apache_logs-semicomplete-2015.log').slice(5800, 5900),
    ...corpus('apache/logstash-patterns-core-httpd_spec-access-lines.log'),
    ...corpus('haproxy/debian-haproxy-2.6-httplog-rfc3164.log'),
    ...corpus('haproxy/logstash-patterns-core-haproxy_spec-lines.log'),
    ...corpus('haproxy/elastic-beats-filebeat-haproxy-log-haproxy.log'),
    ...corpus('envoy/istio-istio.io-docs-access-log-istio-format.log'),
    ...corpus('envoy/handwritten-response-flags.log'),
  ];
  const withInPlace = builtinFormats.filter((format) => format.create().scanAt !== undefined);

  it('is offered by the formats on the bulk path', () => {
    expect(withInPlace.map((f) => f.name)).toEqual(expect.arrayContaining(['nginx-combined', 'nginx-main', 'apache-combined', 'apache-common', 'haproxy-http', 'haproxy-http-clf', 'envoy']));
  });

  for (const format of withInPlace) {
    it(`${format.name}: corpus lines and lines cut short`, () => {
      for (const sample of [lines, [...cutShort, ...lines.slice(0, 5)], [lines[0]!, ...cutShort], sameClockOtherMinute, [...nonAscii, ...lines.slice(0, 3)]]) {
        const alone = outcomes(format, sample, 'alone');
        expect(outcomes(format, sample, 'in place')).toEqual(alone);
        // The bulk path hands over the bytes of ASCII runs only.
        if (/^[\x00-\x7f]*$/.test(sample.join(''))) expect(outcomes(format, sample, 'in place with bytes')).toEqual(alone);
      }
    });
  }
});
