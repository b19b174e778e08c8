import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome, type LineParser } from '../../src/formats/parser.js';
import { ABSENT, type LogRecord } from '../../src/formats/record.js';
import { iisFormats, splitW3cValues } from '../../src/formats/iis.js';

const w3c = iisFormats.find((f) => f.name === 'iis-w3c')!;
const native = iisFormats.find((f) => f.name === 'iis-native')!;
const dir = fileURLToPath(new URL('../../fixtures/corpus/iis/', import.meta.url));

/** Raw lines, split on \n only, so CRLF files keep their \r. */
function rawLines(name: string): string[] {
  const lines = readFileSync(`${dir}${name}`, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function records(parser: LineParser, lines: readonly string[]): LogRecord[] {
  const out: LogRecord[] = [];
  for (const line of lines) if (parser.scan(line) === ScanOutcome.Record) out.push(parser.record());
  return out;
}

const BIG_FIRST =
  '2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm) - 404 0 2 1405 242 283';

describe('splitW3cValues', () => {
  it('splits on runs of spaces and reads quoted values with doubled quotes', () => {
    expect(splitW3cValues('a  b\t"c d" "" "x ""y"" z" -')).toEqual(['a', 'b', 'c d', '', 'x "y" z', '-']);
  });
  it('keeps the rest of the line for an unterminated quote', () => {
    expect(splitW3cValues('a "b c')).toEqual(['a', 'b c']);
  });
});

describe('iis-w3c', () => {
  it('reads the IIS 8.5 default fields exactly, with + as space in the user agent', () => {
    const parser = w3c.create();
    const rec = records(parser, rawLines('lnav-logfile_w3c_big.0-iis85-multiheader.log'))[0]!;
    expect(rec).toEqual({
      status: 404,
      format: 'iis-w3c',
      vendor: 'iis',
      time: Date.UTC(2015, 0, 13, 0, 32, 17),
      tzOffsetMinutes: 0,
      method: 'GET',
      path: '/robots.txt',
      client: '157.55.39.146',
      bytes: 1405,
      durationMs: 283,
      subStatus: 0,
      win32Status: 2,
      // IIS writes a literal '+' as is: `++http` was ` +http`.
      userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      extra: { 's-ip': '100.79.192.81', 's-port': '80' },
    });
  });

  it('sets the hot fields in scan()', () => {
    const parser = w3c.create();
    parser.scan('#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken');
    expect(parser.scan(BIG_FIRST)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.time, parser.hot.bytes, parser.hot.durationMs]).toEqual([404, Date.UTC(2015, 0, 13, 0, 32, 17), 1405, 283]);
  });

  it('reads sub-status and win32 status, and re-reads #Fields: mid-file (CRLF kept)', () => {
    const lines = rawLines('handwritten-substatus-500-503.log');
    expect(lines.every((line) => line.endsWith('\r'))).toBe(true);
    const parser = w3c.create();
    const outcomes = lines.map((line) => parser.scan(line));
    expect(outcomes.filter((o) => o === ScanOutcome.Ignored)).toHaveLength(8);
    const recs = records(w3c.create(), lines);
    expect(recs.map((r) => [r.status, r.subStatus, r.win32Status])).toEqual([
      [500, 19, 13],
      [503, 2, 0],
      [503, 0, 1816],
      [200, 0, 64],
      [503, 3, 0],
      [401, 2, 2148074254],
      [404, 8, 0],
    ]);
    expect(recs[1]).toMatchObject({ path: '/api/orders', query: 'id=7', durationMs: 1, userAgent: 'okhttp/4.12.0' });
    expect(recs[2]).toMatchObject({ method: 'POST', user: 'CORP\\alice', referer: 'https://app.example.com/' });
    expect(recs[3]!.durationMs).toBe(61250);
    // Second block: different columns, cs-host and sc-bytes, no s-ip.
    expect(recs[4]).toMatchObject({ host: 'www.example.com', client: '198.51.100.24', bytes: 1320, durationMs: 4, path: '/app/' });
    expect(recs[4]!.time).toBe(Date.UTC(2024, 2, 5, 9, 5, 1));
    expect(recs[4]!.extra).toBeUndefined();
  });

  it('gives the same records whether or not \\r was stripped', () => {
    const lines = rawLines('handwritten-substatus-500-503.log');
    expect(records(w3c.create(), lines)).toEqual(records(w3c.create(), lines.map((l) => l.replace(/\r$/, ''))));
  });

  it('ignores directives, comments after directive values, and blank lines', () => {
    const parser = w3c.create();
    for (const line of ['#Version: 1.0   // the log file version', '', '   ', '#Remark: hello', '#Software: IIS Advanced Logging Module']) {
      expect(parser.scan(line)).toBe(ScanOutcome.Ignored);
    }
  });

  it('uses the IIS default field set before any #Fields: line when the values fit it', () => {
    const parser = w3c.create();
    expect(parser.scan(BIG_FIRST)).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ status: 404, subStatus: 0, win32Status: 2, client: '157.55.39.146' });
    expect(parser.scan('2015-01-13 00:32:17 10.0.0.1 GET /x')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'header-missing', detail: 'no #Fields: directive before this line' });
  });

  it('names the layouts it inferred, with the records read with each, and none under a #Fields: line', () => {
    const parser = w3c.create();
    const xff = rawLines('elastic-beats-filebeat-iis-access-test-x-forward-for.log');
    const iis72 = rawLines('elastic-beats-filebeat-iis-access-test-iis-7.2.log');
    expect(records(parser, [...xff, ...iis72])).toHaveLength(xff.length + iis72.length);
    const defaults = ['date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip', 'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken'];
    expect(parser.inferredLayouts!()).toEqual([
      { format: 'iis-w3c', fields: [...defaults, 'X-Forwarded-For'], records: xff.length },
      { format: 'iis-w3c', fields: defaults, records: iis72.length },
    ]);
    // Once a #Fields: line comes, it is what the records are read with.
    const declared = w3c.create();
    records(declared, [iis72[0]!, `#Fields: ${defaults.join(' ')}`, ...iis72]);
    expect(declared.inferredLayouts!()).toEqual([{ format: 'iis-w3c', fields: defaults, records: 1 }]);
    const headed = w3c.create();
    expect(records(headed, rawLines('lnav-logfile_w3c_big.0-iis85-multiheader.log')).length).toBeGreaterThan(0);
    expect(headed.inferredLayouts!()).toEqual([]);
  });

  it('does not crash on 6 declared fields and 17 values (lnav w3c.5), reading the IIS default set', () => {
    const recs = records(w3c.create(), rawLines('lnav-logfile_w3c.5.log'));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ status: 404, subStatus: 0, win32Status: 2, path: '/robots.txt', durationMs: 283 });
  });

  it('uses what is there when a record is short, and reports a missing sc-status', () => {
    const parser = w3c.create();
    parser.scan('#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-substatus time-taken');
    expect(parser.scan('2024-01-02 03:04:05 10.1.1.1 GET /a 502 3')).toBe(ScanOutcome.Record);
    expect(parser.hot.durationMs).toBe(ABSENT);
    expect(parser.record()).toMatchObject({ status: 502, subStatus: 3 });
    expect(parser.record().extra?.['fieldCountMismatch']).toBe('7 values, 8 fields');
    expect(parser.scan('2024-01-02 03:04:05 10.1.1.1 GET')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('field-count');
    expect(parser.reason?.detail).toMatch(/sc-status is missing/);
  });

  it('reports layouts without sc-status as malformed (brianary ex031118)', () => {
    const parser = w3c.create();
    const outcomes = rawLines('brianary-scripts-ex031118-w3c-minimal-fields.log').map((l) => parser.scan(l));
    expect(outcomes.slice(4)).toEqual([ScanOutcome.Malformed, ScanOutcome.Malformed, ScanOutcome.Malformed, ScanOutcome.Malformed]);
    expect(parser.reason).toEqual({ code: 'status-missing', detail: '#Fields: declares no sc-status field' });
  });

  it('reports FTP service records as malformed, not as HTTP statuses (lnav w3c.2)', () => {
    const parser = w3c.create();
    const lines = rawLines('lnav-logfile_w3c.2.log');
    expect(parser.scan(lines[0]!)).toBe(ScanOutcome.Ignored);
    for (const line of lines.slice(1, 4)) parser.scan(line);
    expect(parser.scan(lines[4]!)).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('not-a-request');
    expect(parser.reason?.detail).toMatch(/FTP/);
  });

  it('reads Advanced Logging quoted values, date-local with ms, and a doubled-quote junk sub-status (lnav w3c.3)', () => {
    const recs = records(w3c.create(), rawLines('lnav-logfile_w3c.3.log'));
    expect(recs).toHaveLength(3);
    expect(recs[0]!.time).toBe(Date.UTC(2012, 7, 15, 17, 0, 0, 363));
    // Local time with no stated offset: no tzOffsetMinutes.
    expect(recs[0]!.tzOffsetMinutes).toBeUndefined();
    expect(recs[0]).toMatchObject({ client: '70.95.0.0', host: 'xzy.example.com', durationMs: 109, status: 200 });
    // Quoted values keep spaces as written and '+' is not decoded.
    expect(recs[0]!.userAgent).toBe('Mozilla/5.0 (Linux; Android 4.4.4; SM-G900V Build/KTU84P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.59 Mobile Safari/537.36');
    expect(recs[2]).toMatchObject({ status: 404, win32Status: 0, durationMs: 359, path: '/hello/world/6,681965' });
    expect(recs[2]!.subStatus).toBeUndefined();
  });

  it('reads Oracle Web Cache lines: padded separators, #GMT-Offset, quoted cookie and referrer (lnav w3c.1)', () => {
    const recs = records(w3c.create(), rawLines('lnav-logfile_w3c.1.log'));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      status: 200,
      client: '64.103.37.2',
      user: 'DMS.user',
      path: '/admin/images/oc_bottomleft.gif',
      bytes: 350,
      referer: 'http://www.oracle.com/nl/partner/content.html',
      userAgent: 'Mozilla/4.5 [en] (WinNT; I)',
      tzOffsetMinutes: -480,
    });
    // 00:00:18 at -0800 is 08:00:18 UTC.
    expect(recs[0]!.time).toBe(Date.UTC(2001, 9, 31, 8, 0, 18));
  });

  it('reads Incapsula all-quoted records, including one with an empty sc-status (lnav w3c.4)', () => {
    const recs = records(w3c.create(), rawLines('lnav-logfile_w3c.4.log'));
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ status: 200, method: 'GET', host: 'www.example.com', path: '/page.php', query: 'variable=test', client: '123.123.123.123' });
    expect(recs[0]!.time).toBe(Date.UTC(2017, 5, 28, 7, 26, 35));
    expect(recs[1]!.status).toBe(ABSENT);
    expect(recs[1]!.extra?.['sc-action']).toBe('REQ_BAD_SERVER_CLOSED_CONNECTION');
  });

  it('uses #Date: for records that only have a time', () => {
    const parser = w3c.create();
    parser.scan('#Date: 2000-10-09 16:44:49');
    parser.scan('#Fields: time c-ip cs-method cs-uri-stem sc-status');
    expect(parser.scan('16:44:50 1.1.1.1 GET /x 200')).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(Date.UTC(2000, 9, 9, 16, 44, 50));
  });

  it('scores IIS directive lines high and other formats zero', () => {
    expect(w3c.match('#Software: Microsoft Internet Information Services 8.5')).toBeGreaterThanOrEqual(90);
    expect(w3c.match('#Fields: date time s-ip cs-method cs-uri-stem')).toBeGreaterThanOrEqual(90);
    expect(w3c.match('#Version: 1.0')).toBeGreaterThan(0);
    expect(w3c.match(BIG_FIRST)).toBeGreaterThan(0);
    expect(w3c.match('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')).toBe(0);
    expect(w3c.match('{"status":200}')).toBe(0);
    expect(w3c.match('# just a comment')).toBe(0);
    expect(native.match(BIG_FIRST)).toBe(0);
  });
});

describe('iis-native', () => {
  it('reads the native comma format in local time, with a trailing comma and CRLF', () => {
    const lines = rawLines('brianary-scripts-ex010320-iis-native-format.log');
    expect(native.match(lines[0]!.replace(/\r$/, ''))).toBeGreaterThan(0);
    expect(w3c.match(lines[0]!)).toBe(0);
    const parser = native.create();
    expect(parser.scan(lines[0]!)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.time, parser.hot.bytes, parser.hot.durationMs]).toEqual([200, Date.UTC(2001, 2, 20, 7, 55, 20), 3223, 4502]);
    expect(parser.record()).toEqual({
      status: 200,
      format: 'iis-native',
      vendor: 'iis',
      time: Date.UTC(2001, 2, 20, 7, 55, 20),
      client: '192.168.114.201',
      method: 'GET',
      path: '/DeptLogo.gif',
      bytes: 3223,
      durationMs: 4502,
      win32Status: 0,
      extra: { 's-sitename': 'W3SVC2', 's-computername': 'SERVER', 's-ip': '172.21.13.45' },
    });
  });

  it('keeps a target containing ", " whole and reports short lines', () => {
    const parser = native.create();
    expect(parser.scan('10.0.0.1, -, 12/31/99, 23:59:59, W3SVC1, WEB, 10.0.0.2, 10, 100, 200, 500, 0, GET, /a, b.htm, x=1,')).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ status: 500, path: '/a, b.htm', query: 'x=1', time: Date.UTC(1999, 11, 31, 23, 59, 59) });
    expect(parser.scan('10.0.0.1, -, 12/31/99')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('field-count');
    expect(parser.reason?.detail).toMatch(/15 comma-separated fields/);
  });
});

describe('status values', () => {
  it('rejects a non-decimal sc-status with a reason', () => {
    const parser = w3c.create();
    parser.scan('#Fields: date time cs-uri-stem sc-status');
    expect(parser.scan('2024-01-01 00:00:00 /a 0x1f4')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'status-invalid', detail: 'sc-status is not a number: 0x1f4' });
    expect(parser.scan('2024-01-01 00:00:00 /a 500')).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(500);
  });
});

describe('HTTPERR logs (http.sys, W3C layout)', () => {
  it('keeps s-reason and s-queuename, and takes the path from cs-uri', () => {
    const parser = w3c.create();
    expect(w3c.match('#Software: Microsoft HTTP API 2.0')).toBeGreaterThanOrEqual(90);
    parser.scan('#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename');
    expect(parser.scan('2024-03-05 09:10:00 198.51.100.30 50123 10.0.0.5 443 HTTP/1.1 GET /app/home?x=1 503 2 AppOffline DefaultAppPool')).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({
      status: 503,
      protocol: 'HTTP/1.1',
      path: '/app/home',
      query: 'x=1',
      extra: { 's-reason': 'AppOffline', 's-queuename': 'DefaultAppPool' },
    });
    // A connection dropped before any request is not a request.
    expect(parser.scan('2024-03-05 09:10:01 198.51.100.31 50124 10.0.0.5 443 - - - - - Timer_ConnectionIdle -')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('not-a-request');
    expect(parser.reason?.detail).toMatch(/connection event/);
  });
});
