import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats, findFormat } from '../../src/formats/builtin.js';
import { detectFormat } from '../../src/formats/detect.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/haproxy/', import.meta.url));
const linesOf = (file: string): string[] => readFileSync(dir + file, 'utf8').split('\n').filter((line) => line.trim() !== '');
const httplog = findFormat('haproxy-http')!;
const clf = findFormat('haproxy-http-clf')!;

function parse(format: FormatDefinition, line: string) {
  const parser = format.create();
  const outcome = parser.scan(line);
  return { outcome, parser, record: outcome === ScanOutcome.Record ? parser.record() : undefined };
}

const raw = linesOf('debian-haproxy-2.6-httplog-raw.log');
const rfc3164 = linesOf('debian-haproxy-2.6-httplog-rfc3164.log');
const clfLines = linesOf('debian-haproxy-2.6-httplog-clf.log');

describe('haproxy-http (option httplog)', () => {
  it('reads a line of Debian haproxy 2.6 logging to stdout: time, status, bytes, timers, upstream, termination state', () => {
    const line = raw.find((l) => l.includes('sH--') && l.includes('"GET /slow HTTP/1.1"'))!;
    const { outcome, parser, record } = parse(httplog, line);
    expect(outcome).toBe(ScanOutcome.Record);
    expect(parser.hot).toMatchObject({ status: 504, time: Date.UTC(2026, 11, 2, 4, 58, 52, 306), bytes: 198, durationMs: 1004 });
    expect(record).toMatchObject({
      status: 504,
      method: 'GET',
      path: '/slow',
      protocol: 'HTTP/1.1',
      client: '127.0.0.1',
      upstream: ['be_app/app1'],
      upstreamTimeMs: [null],
      signal: { kind: 'haproxy-termination', value: 'sH--' },
      extra: { frontend: 'fe_main', backend: 'be_app', server: 'app1', timers: '0/0/0/-1/1004', termination_state: 'sH--' },
    });
  });

  it('reads the same requests behind an RFC 3164 syslog prefix, with its <PRI>', () => {
    const bare = raw.map((line) => parse(httplog, line).record);
    const prefixed = rfc3164.filter((line) => !line.includes(' - - [')).map((line) => parse(httplog, line).record);
    expect(rfc3164[0]!.startsWith('<134>Dec  2 ')).toBe(true);
    expect(prefixed).toEqual(bare);
  });

  it('reads syslog prefixes as files have them: host and tag, tag alone, an ISO time, none', () => {
    const lines = linesOf('logstash-patterns-core-haproxy_spec-lines.log');
    const records = lines.map((line) => parse(httplog, line));
    expect(records.map((r) => r.outcome)).toEqual([...Array(7).fill(ScanOutcome.Record), ScanOutcome.Malformed]);
    expect(records[0]!.record).toMatchObject({ status: 200, client: '127.0.0.1', upstream: ['default/instance8'], durationMs: 99627, bytes: 83285 });
    expect(records[1]!.record).toMatchObject({ status: 304, time: Date.UTC(2015, 10, 3, 6, 25, 25, 105), upstream: ['def/api'] });
    // A proxy request names its host in the target.
    expect(records[2]!.record).toMatchObject({ host: '192.168.0.12', path: '/serv/login.php', query: 'lang=en&profile=2' });
    // <BADREQ>: no request line, no server, every timer but the total -1.
    expect(records[3]!.record).toMatchObject({ status: 408, durationMs: 6001, signal: { value: 'cR--' } });
    expect(records[3]!.record!.method).toBeUndefined();
    expect(records[3]!.record!.upstream).toBeUndefined();
    // No prefix at all, and a '+' before the total (option logasap).
    expect(records[4]!.record).toMatchObject({ status: 200, durationMs: 99627, path: '/' });
    // A request cut short by syslog's line limit keeps what it has.
    expect(records[5]!.record!.path!.startsWith('/path/to/request/that/exceeds/more/than/1024/characters')).toBe(true);
    expect(records[5]!.record!.signal).toBeUndefined();
    expect(records[7]!.parser.reason).toEqual({ code: 'not-a-request', detail: 'an HAProxy TCP log line (option tcplog): a connection, no HTTP status' });
  });

  it('reads the lines of the Elastic Beats test logs, a captured host before the timers among them', () => {
    const lines = [...linesOf('elastic-beats-filebeat-haproxy-log-haproxy.log'), ...linesOf('elastic-beats-filebeat-haproxy-log-httplog-no-headers.log')];
    const records = lines.map((line) => parse(httplog, line).record);
    expect(records.every((r) => r !== undefined)).toBe(true);
    expect(records[1]).toMatchObject({ status: 200, durationMs: 18, upstream: ['myapp/node2'] });
    expect(records[1]!.client).toBeUndefined();
    const refused = records.slice(-3);
    expect(refused.map((r) => [r!.status, r!.signal?.value, r!.upstream])).toEqual(Array(3).fill([503, 'SC--', undefined]));
  });

  it('takes Ta as the duration, Tr when Ta is -1, and none when both are', () => {
    const base = '127.0.0.1:1 [02/Dec/2026:04:58:52.246] fe be/s1 0/0/0/26/TA 200 104 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"';
    expect(parse(httplog, base.replace('TA', '30')).parser.hot.durationMs).toBe(30);
    expect(parse(httplog, base.replace('TA', '-1')).parser.hot.durationMs).toBe(26);
    expect(parse(httplog, base.replace('26/TA', '-1/-1')).parser.hot.durationMs).toBe(-1);
  });

  it('rejects event lines and broken records with a reason', () => {
    const cases: [string, string][] = [
      ['Sep 20 15:42:59 67.43.156.13 haproxy[24551]: Connect from 67.43.156.13:40780 to 67.43.156.13:5000 (main/HTTP)', 'not-a-request'],
      ['Dec  3 18:27:14 localhost haproxy[6103]: 127.0.0.1:56059 [03/Dec/2012:17:35:10.380] frt/f1: Connection error during SSL handshake', 'field-count'],
      ['127.0.0.1:1 [02/Dec/2026:04:58:52.246] fe be/s1 0/0/0/26/30 2x0 104 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"', 'status-invalid'],
      ['127.0.0.1:1 [02/Xyz/2026:04:58:52.246] fe be/s1 0/0/0/26/30 200 104 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"', 'not-a-request'],
      ['127.0.0.1:1 [02/Dec/2026:25:58:52.246] fe be/s1 0/0/0/26/30 200 104 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"', 'time-invalid'],
      ['127.0.0.1:1 [02/Dec/2026:04:58:52.246] fe be/s1 0/0/0/26/30 200 104 - - ---- 1/1/0/0/0 0/0', 'request-missing'],
    ];
    for (const [line, code] of cases) {
      const { outcome, parser } = parse(httplog, line);
      expect(outcome, line).toBe(ScanOutcome.Malformed);
      expect(parser.reason?.code, line).toBe(code);
    }
    expect(parse(httplog, '   ').outcome).toBe(ScanOutcome.Ignored);
  });
});

describe('haproxy-http-clf (option httplog clf)', () => {
  it('reads the CLF variant of Debian haproxy 2.6, its names quoted, as the default layout reads the same requests', () => {
    const records = clfLines.map((line) => parse(clf, line).record!);
    expect(records.map((r) => [r.status, r.path, r.upstream?.[0], r.signal?.value, r.durationMs])).toEqual([
      [200, '/', 'be_app/app1', undefined, 7],
      [404, '/missing', 'be_app/app1', undefined, 0],
      [500, '/err', 'be_app/app1', undefined, 9],
      [504, '/slow', 'be_app/app1', 'sH--', 1001],
      [503, '/dead/y', 'be_dead/dead1', 'SC--', 1510],
    ]);
    expect(records[3]).toMatchObject({ time: Date.UTC(2026, 11, 2, 4, 58, 54), tzOffsetMinutes: 0, client: '127.0.0.1', extra: { frontend: 'fe_clf' } });
  });

  it('reads the names unquoted too, as HAProxy 1.x writes them, and behind a syslog prefix', () => {
    // Hand-written: a 2.6 line with the quotes of HAProxy 1.x's CLF variant (none around the names).
    const line = clfLines[3]!.replace('"fe_clf" "be_app" "app1"', 'fe_clf be_app app1');
    expect(parse(clf, line).record).toEqual(parse(clf, clfLines[3]!).record);
    const prefixed = rfc3164.filter((l) => l.includes(' - - ['));
    expect(prefixed.map((l) => parse(clf, l).record)).toEqual(clfLines.map((l) => parse(clf, l).record));
  });
});

describe('HAProxy detection among all formats', () => {
  it('picks haproxy-http for the default lines and haproxy-http-clf for the CLF variant, not a CLF format', () => {
    expect(detectFormat(raw, builtinFormats)?.format.name).toBe('haproxy-http');
    expect(detectFormat(clfLines, builtinFormats)?.format.name).toBe('haproxy-http-clf');
    expect(detectFormat(linesOf('logstash-patterns-core-haproxy_spec-lines.log').slice(-1), builtinFormats)?.format.name).toBe('haproxy-http');
  });

  it('parses every record line of the real samples', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
      const lines = linesOf(file);
      const format = detectFormat(lines, builtinFormats)!.format;
      const parser = format.create();
      const rejected = lines.filter((line) => parser.scan(line) !== ScanOutcome.Record && !line.includes(' 212 SC ') && !(format === httplog && line.includes(' - - [')));
      expect(rejected, file).toEqual([]);
    }
  });
});
