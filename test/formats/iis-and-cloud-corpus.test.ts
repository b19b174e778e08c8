// Corpus checks shared by the IIS, Cloudflare, AWS ELB and Caddy parsers:
// every fixture goes to the right format among these, every line gets an
// outcome (with a reason when malformed), and nearly all records parse.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import { iisFormats } from '../../src/formats/iis.js';
import { cloudflareFormats } from '../../src/formats/cloudflare.js';
import { albFormats } from '../../src/formats/alb.js';
import { caddyFormats } from '../../src/formats/caddy.js';
import { MAX_GROWTH, SCALE, growthRatio } from './growth.js';
import { checkedReason } from './reason.js';

const ours: FormatDefinition[] = [...iisFormats, ...cloudflareFormats, ...albFormats, ...caddyFormats];
const corpusRoot = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));

function linesOf(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // The ingest layer strips \r; the parsers are also tested with it left in place elsewhere.
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Expected format per fixture (where each came from: SOURCES.md in its folder). */
const expected: Record<string, string> = {
  'iis/brianary-scripts-ex010320-iis-native-format.log': 'iis-native',
  'iis/brianary-scripts-ex031118-w3c-minimal-fields.log': 'iis-w3c',
  'iis/brianary-scripts-ex960101-w3c-webtrends.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.0.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.1.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.2.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.3.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.4.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.5.log': 'iis-w3c',
  'iis/lnav-logfile_w3c.6.log': 'iis-w3c',
  'iis/lnav-logfile_w3c_big.0-iis85-multiheader.log': 'iis-w3c',
  'iis/handwritten-substatus-500-503.log': 'iis-w3c',
  'iis/elastic-beats-filebeat-iis-access-test-iis-7.2.log': 'iis-w3c',
  'iis/elastic-beats-filebeat-iis-access-test-x-forward-for.log': 'iis-w3c',
  'iis/elastic-beats-filebeat-iis-access-test-x-forward-for-extended.log': 'iis-w3c',
  'cloudflare/lnav-logfile_cloudflare.json.ndjson': 'cloudflare-json',
  'cloudflare/lnav-logfile_cloudflare.1-unixnano.ndjson': 'cloudflare-json',
  'cloudflare/handwritten-52x.ndjson': 'cloudflare-json',
  'cloudflare/handwritten-logpush-with-header.csv': 'cloudflare-csv',
  'alb/vectordotdev-vrl-parse_aws_alb_log-tests.log': 'aws-alb',
  'alb/logstash-patterns-core-aws_spec-classic-elb.log': 'aws-elb-classic',
  'alb/toshihirock-node-elb-log-parser-test.log': 'aws-elb-classic',
  'alb/toshihirock-node-elb-log-parser-test-tcp-ssl.log': 'aws-elb-classic',
  'alb/handwritten-classic-elb-tcp-without-agent-and-tls-fields.log': 'aws-elb-classic',
  'alb/opentelemetry-collector-contrib-awslogsencoding-nlb_al_valid_logs.log': 'aws-alb',
  'alb/dynatrace-aws-s3-log-forwarder-test_attribute_extraction-nlb.log': 'aws-alb',
  'caddy/lnav-logfile_caddy_log.1.ndjson': 'caddy-json',
  'caddy/lnav-logfile_caddy_log.0-docker-compose-prefixed.log': 'caddy-json',
};

/**
 * Files whose records carry no HTTP status by design: an FTP service log, and
 * a W3C layout whose #Fields: has no sc-status column. Every record line must
 * still come back malformed with a reason.
 */
const withoutHttpStatus = new Set(['iis/lnav-logfile_w3c.2.log', 'iis/brianary-scripts-ex031118-w3c-minimal-fields.log']);

/** Files of ELB connection records alone (TCP and SSL listeners', an NLB's): no line is a request. */
const connectionsOnly = new Set([
  'alb/toshihirock-node-elb-log-parser-test-tcp-ssl.log',
  'alb/handwritten-classic-elb-tcp-without-agent-and-tls-fields.log',
  'alb/opentelemetry-collector-contrib-awslogsencoding-nlb_al_valid_logs.log',
  'alb/dynatrace-aws-s3-log-forwarder-test_attribute_extraction-nlb.log',
]);

/**
 * Lines that are not records, judged without the parsers: blank, `#` directives, the CSV header,
 * Caddy's non-access JSON, ELB listener records without a request (`"- - - "`) and NLB records.
 */
function isNonRecord(file: string, line: string): boolean {
  if (line.trim() === '') return true;
  if (file.startsWith('iis/')) return line.startsWith('#');
  if (file.startsWith('alb/')) return line.includes(' "- - - "') || line.startsWith('tls 2.0 ');
  if (file.endsWith('.csv')) return line.startsWith('ClientIP,');
  if (file.startsWith('caddy/')) return !line.includes('"logger":"http.log.access');
  return false;
}

function bestFormat(lines: readonly string[]): FormatDefinition {
  const sample = lines.slice(0, 100);
  let best = ours[0]!;
  let bestScore = -1;
  for (const format of ours) {
    const score = sample.reduce((sum, line) => sum + format.match(line), 0);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

function fixtureFiles(): string[] {
  const files: string[] = [];
  for (const dir of ['iis', 'cloudflare', 'alb', 'caddy']) {
    for (const name of readdirSync(`${corpusRoot}${dir}`)) {
      if (!name.endsWith('.md')) files.push(`${dir}/${name}`);
    }
  }
  return files.sort();
}

describe('IIS, Cloudflare, ELB and Caddy corpus', () => {
  it('lists an expected format for every fixture file', () => {
    expect(fixtureFiles()).toEqual(Object.keys(expected).sort());
  });

  for (const file of Object.keys(expected)) {
    it(`${file}: detected as ${expected[file]}, every line accounted for`, () => {
      const lines = linesOf(`${corpusRoot}${file}`);
      expect(bestFormat(lines).name).toBe(expected[file]);

      const parser = ours.find((format) => format.name === expected[file])!.create();
      let records = 0;
      let recordLines = 0;
      for (const line of lines) {
        const outcome = parser.scan(line);
        expect([ScanOutcome.Record, ScanOutcome.Ignored, ScanOutcome.Malformed]).toContain(outcome);
        if (outcome === ScanOutcome.Malformed) checkedReason(parser);
        if (outcome === ScanOutcome.Record) {
          records++;
          const record = parser.record();
          expect(record.format).toBe(expected[file]);
          expect(record.status).toBe(parser.hot.status);
        }
        if (isNonRecord(file, line)) expect(outcome).toBe(ScanOutcome.Ignored);
        else recordLines++;
      }
      if (connectionsOnly.has(file)) expect(recordLines).toBe(0);
      else expect(recordLines).toBeGreaterThan(0);
      if (withoutHttpStatus.has(file) || connectionsOnly.has(file)) expect(records).toBe(0);
      else expect(records / recordLines).toBeGreaterThanOrEqual(0.99);
    });
  }

  it('scores the other formats\' lines zero', () => {
    for (const file of Object.keys(expected)) {
      const lines = linesOf(`${corpusRoot}${file}`).filter((line) => !isNonRecord(file, line));
      const vendor = ours.find((format) => format.name === expected[file])!.vendor;
      for (const format of ours.filter((f) => f.vendor !== vendor)) {
        for (const line of lines) expect(format.match(line), `${format.name} on ${file}`).toBe(0);
      }
    }
  });

  it('has an example line that its own format matches and parses', () => {
    for (const format of ours) {
      expect(format.match(format.example), format.name).toBeGreaterThan(0);
      const parser = format.create();
      const outcome = parser.scan(format.example);
      // A CSV header is the only example that is not itself a record.
      expect(outcome, format.name).toBe(format.name === 'cloudflare-csv' ? ScanOutcome.Ignored : ScanOutcome.Record);
    }
  });
});

describe('hostile input', () => {
  // Each input as a function of its size: 100 KB, and 1/SCALE of that to compare it with.
  const size = 100_000;
  const inputs: Record<string, (size: number) => string> = {
    quotes: (size) => '"'.repeat(size),
    'quote-space': (size) => '" '.repeat(size / 2),
    commas: (size) => ','.repeat(size),
    'comma-space': (size) => ', '.repeat(size / 2),
    braces: (size) => '{'.repeat(size),
    'json-ish': (size) => `{"EdgeResponseStatus":${'['.repeat(size / 2)}`,
    'caddy-ish': (size) => `caddy | {"logger":"http.log.access","msg":"handled request","request":{${'"a":"b",'.repeat(size / 8)}`,
    'iis-ish': (size) => `2024-01-01 00:00:00 ${'"x"" '.repeat(size / 5)}`,
    'alb-ish': (size) => `http 2024-01-01T00:00:00.000000Z lb 1.2.3.4:1 - -1 -1 -1 400 - 0 0 ${'"a "'.repeat(size / 4)}`,
    'native-ish': (size) => `1.2.3.4, -, 1/1/24, 1:00:00, ${'W, '.repeat(size / 3)}`,
    digits: (size) => '1'.repeat(size),
    colons: (size) => `${'a:'.repeat(size / 2)}`,
    pipes: (size) => `${'x |'.repeat(size / 3)}{`,
  };

  function exercise(format: FormatDefinition, line: string): void {
    const parser = format.create();
    // Give stateful parsers a layout first, so the line reaches the field splitting.
    if (format.name === 'iis-w3c') parser.scan('#Fields: date time c-ip cs-method cs-uri-stem sc-status');
    if (format.name === 'cloudflare-csv') parser.scan('ClientIP,EdgeResponseStatus,ClientRequestURI');
    format.match(line);
    const outcome = parser.scan(line);
    if (outcome === ScanOutcome.Record) parser.record();
  }

  for (const [name, build] of Object.entries(inputs)) {
    const small = build(size / SCALE);
    const large = build(size);
    it(`handles 100 KB of ${name} in every parser with work linear in the line`, () => {
      for (const format of ours) {
        const growth = growthRatio(
          () => exercise(format, small),
          () => exercise(format, large),
        );
        expect(growth, `${format.name} on ${name}: ${SCALE}x the input cost ${growth.toFixed(1)}x`).toBeLessThan(MAX_GROWTH);
      }
    });
  }
});
