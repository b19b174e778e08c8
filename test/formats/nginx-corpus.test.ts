import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apacheFormats } from '../../src/formats/apache.js';
import { nginxFormats } from '../../src/formats/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { checkedReason } from './reason.js';

const FORMATS = [...nginxFormats, ...apacheFormats];

function readLines(dir: string, file: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/corpus/${dir}/${file}`, import.meta.url), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function totals(lines: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const format of FORMATS) scores.set(format.name, lines.reduce((sum, line) => sum + format.match(line), 0));
  return scores;
}

function best(lines: string[]): string {
  return [...totals(lines)].sort((a, b) => b[1] - a[1])[0]![0];
}

function format(name: string): FormatDefinition {
  const found = FORMATS.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no format ${name}`);
  return found;
}

interface ParseResult {
  records: (LogRecord | undefined)[];
  malformed: { line: number; reason: string }[];
}

function parseAll(name: string, lines: string[]): ParseResult {
  const parser = format(name).create();
  const result: ParseResult = { records: [], malformed: [] };
  lines.forEach((line, i) => {
    const outcome = parser.scan(line);
    if (outcome === ScanOutcome.Record) {
      const rec = parser.record();
      // The hot fields must agree with the full record.
      expect(rec.status).toBe(parser.hot.status);
      result.records.push(rec);
    } else {
      expect(outcome).toBe(ScanOutcome.Malformed);
      result.malformed.push({ line: i + 1, reason: checkedReason(parser).detail });
      result.records.push(undefined);
    }
  });
  return result;
}

const NGINX_FILES: [file: string, expected: string, minParsed: number][] = [
  ['lnav-logfile_shop_access_log.0-zanbil-combined-xff.log', 'nginx-main', 1],
  ['elastic-beats-filebeat-nginx-access-test.log', 'nginx-combined', 1],
  ['elastic-beats-filebeat-nginx-access-access.log', 'nginx-combined', 1],
  ['elastic-beats-filebeat-nginx-access-test-with-host.log', 'nginx-combined', 1],
  ['elastic-beats-filebeat-nginx-ingress_controller-test.log', 'nginx-upstreaminfo', 1],
  // A grab bag of combined, main and ingress lines; the escaped 400s are nginx-only and tip it to combined.
  ['vectordotdev-vrl-parse_nginx_log-tests.log', 'nginx-combined', 1],
  // Line 5 is a bare pair of upstream lists, not a log line.
  ['nielsbasjes-logparser-test-nginx-lines.log', 'nginx-main', 0.8],
];

describe('nginx corpus', () => {
  for (const [file, expected, minParsed] of NGINX_FILES) {
    it(`${file}: detected as ${expected}, parse rate >= ${minParsed * 100}%`, () => {
      const lines = readLines('nginx', file);
      expect(best(lines)).toBe(expected);
      const { records } = parseAll(expected, lines);
      const parsed = records.filter((r) => r !== undefined).length;
      expect(parsed / lines.length).toBeGreaterThanOrEqual(minParsed);
    });
  }

  it('zanbil: time with +0330, path without query, X-Forwarded-For as client', () => {
    const lines = readLines('nginx', 'lnav-logfile_shop_access_log.0-zanbil-combined-xff.log');
    const { records } = parseAll('nginx-main', lines);
    const first = records[0]!;
    expect(first.status).toBe(200);
    expect(first.time).toBe(Date.UTC(2019, 0, 22, 0, 26, 14));
    expect(first.tzOffsetMinutes).toBe(210);
    expect(first.bytes).toBe(30577);
    expect(first.client).toBe('54.36.149.41');
    expect(first.method).toBe('GET');
    expect(first.path!.startsWith('/filter/27|13%20%D9%85')).toBe(true);
    expect(first.query).toBeUndefined();
    expect(first.userAgent).toBe('Mozilla/5.0 (compatible; AhrefsBot/6.1; +http://ahrefs.com/robot/)');
    expect(first.referer).toBeUndefined();
    // line 23 has ?page=4
    expect(records[22]!.path!.endsWith('%2Cb67')).toBe(true);
    expect(records[22]!.query).toBe('page=4');
    // line 648: "$http_x_forwarded_for" = 103.28.132.65 behind 66.249.83.1
    expect(records[647]!.client).toBe('103.28.132.65');
    expect(records[647]!.extra?.remoteAddr).toBe('66.249.83.1');
    expect(records[647]!.status).toBe(302);
    expect(records[647]!.bytes).toBe(0);
    expect(records.filter((r) => r?.extra?.forwardedFor !== undefined)).toHaveLength(13);
  });

  it('ingress: upstream lists with ", " kept in order and "-" as null', () => {
    const lines = readLines('nginx', 'elastic-beats-filebeat-nginx-ingress_controller-test.log');
    const { records } = parseAll('nginx-upstreaminfo', lines);
    const first = records[0]!;
    expect(first).toMatchObject({
      status: 200,
      method: 'POST',
      path: '/products',
      bytes: 59,
      durationMs: 1,
      upstream: ['172.17.0.5:8080'],
      upstreamStatus: [200],
      upstreamTimeMs: [0],
      userAgent: 'curl/7.54.0',
    });
    expect(first.time).toBe(Date.UTC(2020, 1, 7, 11, 48, 51));
    expect(first.extra?.upstreamName).toBe('default-web-8080');
    // invalid method: all upstream fields '-'
    expect(records[4]!.status).toBe(400);
    expect(records[4]!.upstream).toBeUndefined();
    expect(records[4]!.upstreamStatus).toBeUndefined();
    expect(records[4]!.method).toBe('PATCHp');
    // two upstreams
    expect(records[22]!.upstream).toEqual(['172.17.0.6:8080', '172.17.0.7:8080']);
    expect(records[22]!.upstreamStatus).toEqual([200, 203]);
    expect(records[22]!.upstreamTimeMs).toEqual([100, 4]);
    // IPv6 client and bracketed IPv6 upstreams, 502, 502
    expect(records[25]!.client).toBe('2a02:cf40::4e36');
    expect(records[25]!.upstream).toEqual(['[2a02:cf40::7]:5000', '[2a02:cf40::4e36]:5000']);
    expect(records[25]!.upstreamStatus).toEqual([502, 502]);
    expect(records[26]!.upstream).toEqual(['[2a02:cf40::7]:5000', '[2a02:cf40::::::::4e36]:500000000']);
    expect(records[27]!.upstream).toEqual(['unix:/var/run/php-fpm.sock']);
    // 200, - with 0.100, -
    expect(records[28]!.upstreamStatus).toEqual([200, null]);
    expect(records[28]!.upstreamTimeMs).toEqual([100, null]);
    expect(records[24]!.user).toBe('remote_monitoring_user');
  });

  it('ingress lines ask for detail on every line; combined does not', () => {
    expect(format('nginx-upstreaminfo').create().detailEveryLine).toBe(true);
    expect(format('nginx-combined').create().detailEveryLine).toBe(false);
    expect(format('nginx-main').create().detailEveryLine).toBe(false);
  });

  it('beats test.log: X-Forwarded-For lists before or instead of $remote_addr, empty request', () => {
    const lines = readLines('nginx', 'elastic-beats-filebeat-nginx-access-test.log');
    const { records } = parseAll('nginx-combined', lines);
    expect(records[0]!.client).toBe('10.0.0.2');
    expect(records[0]!.extra?.forwardedFor).toBe('10.0.0.2, 10.0.0.1, 127.0.0.1');
    expect(records[0]!.time).toBe(Date.UTC(2016, 11, 7, 10, 5, 7));
    expect(records[4]!.client).toBe('10.5.102.222');
    expect(records[4]!.extra?.remoteAddr).toBe('10.2.1.185');
    expect(records[4]!.path).toBe('/assets/xxxx');
    expect(records[4]!.query).toBe('q=100');
    expect(records[5]!.client).toBe('2a03:0000:10ff:f00f:0000:0000:0:8000');
    expect(records[6]).toMatchObject({ status: 400, bytes: 0, client: '127.0.0.1' });
    expect(records[6]!.method).toBeUndefined();
    expect(records[6]!.path).toBeUndefined();
  });

  it('beats test-with-host: $host / host:port prefixes and unix: clients', () => {
    const lines = readLines('nginx', 'elastic-beats-filebeat-nginx-access-test-with-host.log');
    const { records } = parseAll('nginx-combined', lines);
    expect(records[0]).toMatchObject({ host: 'example.com', client: '10.0.0.2' });
    expect(records[1]).toMatchObject({ host: 'example.com', client: '172.17.0.1' });
    expect(records[3]).toMatchObject({ host: 'example.com:80', client: '81.2.69.143' });
    expect(records[4]).toMatchObject({ host: 'example.com:80', client: '10.5.102.222' });
    expect(records[6]).toMatchObject({ host: '1.128.3.4:80', client: '127.0.0.1', status: 400 });
    expect(records[7]).toMatchObject({ host: 'example.com:80', client: 'unix:', status: 400, bytes: 173 });
    expect(records[7]!.extra?.request).toBe('hello');
    expect(records[8]).toMatchObject({ host: '1.128.3.4', client: 'localhost' });
    expect(records[9]).toMatchObject({ host: 'example.com', client: 'localhost' });
  });

  it('VRL lines: uppercase \\xHH garbage request kept decoded, empty quoted fields, trailing gzip ratio', () => {
    const lines = readLines('nginx', 'vectordotdev-vrl-parse_nginx_log-tests.log');
    const { records } = parseAll('nginx-combined', lines);
    expect(records[2]).toMatchObject({ status: 400, bytes: 0 });
    expect(records[2]!.referer).toBeUndefined();
    expect(records[2]!.userAgent).toBeUndefined();
    expect(records[3]).toMatchObject({ status: 400, bytes: 150 });
    // \xDF\xBD is valid UTF-8 (U+07FD) but \xE7\xBB< is not, so the bytes read as Latin-1.
    expect(records[3]!.extra?.request).toBe(']&\u00df\u00bdV\u00e7\u00bb<\u0010;\u00a2b}\u00dfM\u001d');
    expect(records[5]).toMatchObject({ status: 404, user: 'alice', path: '/not-found', method: 'POST' });
    expect(records[5]!.extra?.trailing).toBe('"2.75"');
  });

  it('nielsbasjes nginx lines: RDP scanner request and a line that is not a log line', () => {
    const lines = readLines('nginx', 'nielsbasjes-logparser-test-nginx-lines.log');
    const { records, malformed } = parseAll('nginx-main', lines);
    expect(records[2]).toMatchObject({ status: 400, bytes: 157 });
    expect(records[2]!.extra?.request).toBe('x00Cookie: mstshash=Administr');
    expect(records[0]!.time).toBe(Date.UTC(2018, 11, 16, 0, 27, 57));
    expect(records[0]!.tzOffsetMinutes).toBe(-300);
    expect(malformed).toEqual([{ line: 5, reason: expect.stringContaining('time') }]);
  });
});

describe('mixed corpus', () => {
  it('syslog lines with embedded requests are claimed by no format and never parse', () => {
    const lines = readLines('mixed', 'lnav-logfile_syslog_with_access_log.0.log');
    for (const [, score] of totals(lines)) expect(score).toBe(0);
    for (const definition of FORMATS) {
      const parser = definition.create();
      for (const line of lines) expect(parser.scan(line)).toBe(ScanOutcome.Malformed);
    }
  });
});
