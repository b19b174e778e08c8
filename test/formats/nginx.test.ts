import { describe, expect, it } from 'vitest';
import { apacheCombined } from '../../src/formats/apache.js';
import { nginxCombined, nginxFormats, nginxJson, nginxMain, nginxUpstreamInfo } from '../../src/formats/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import type { MalformedCode } from '../../src/model/malformed.js';

// Hand-written lines, shaped after the nginx source's output rules (FORMATS.md section 1).
const COMBINED = '203.0.113.7 - - [01/May/2024:10:00:00 +0000] "GET /api/items?page=2 HTTP/1.1" 200 512 "-" "curl/8.0"';
const MAIN = `${COMBINED} "198.51.100.4, 10.0.0.1"`;
const UPSTREAMINFO =
  '203.0.113.7 - - [01/May/2024:10:00:00 +0000] "GET /api HTTP/1.1" 502 150 "-" "curl/8.0" 120 0.250 [default-api-80] [] 10.0.0.1:80, 10.0.0.2:80 0, 0 0.125, 0.125 502, 502 0123456789abcdef';

function scanOne(definition: FormatDefinition, line: string) {
  const parser = definition.create();
  const outcome = parser.scan(line);
  return { parser, outcome };
}

describe('nginx format definitions', () => {
  it('each has a name, description, detection rule and an example it accepts', () => {
    for (const definition of nginxFormats) {
      expect(definition.vendor).toBe('nginx');
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.detection.length).toBeGreaterThan(20);
      expect(definition.match(definition.example)).toBeGreaterThan(0);
      expect(scanOne(definition, definition.example).outcome).toBe(ScanOutcome.Record);
    }
  });

  it('more specific formats score higher on lines that fit them: upstreaminfo > main > combined', () => {
    expect(nginxMain.match(MAIN)).toBeGreaterThan(nginxCombined.match(MAIN));
    expect(nginxCombined.match(COMBINED)).toBeGreaterThan(nginxMain.match(COMBINED));
    expect(nginxUpstreamInfo.match(UPSTREAMINFO)).toBeGreaterThan(nginxMain.match(UPSTREAMINFO));
    expect(nginxUpstreamInfo.match(UPSTREAMINFO)).toBeGreaterThan(nginxCombined.match(UPSTREAMINFO));
    expect(nginxUpstreamInfo.match(COMBINED)).toBe(0);
  });

  it('neutral combined lines go to nginx, one point ahead of Apache', () => {
    expect(nginxCombined.match(COMBINED)).toBe(apacheCombined.match(COMBINED) + 1);
  });

  it('nginx-only signals (499, 444, 000, 009, upper-case \\xHH) give nginx the line and Apache nothing', () => {
    for (const line of [
      COMBINED.replace('" 200 512', '" 499 0'),
      COMBINED.replace('" 200 512', '" 444 0'),
      COMBINED.replace('" 200 512', '" 000 0'),
      COMBINED.replace('" 200 512', '" 009 0'),
      COMBINED.replace('curl/8.0', 'Mozilla \\xD0\\x9F'),
    ]) {
      expect(nginxCombined.match(line)).toBeGreaterThan(nginxCombined.match(COMBINED));
      expect(apacheCombined.match(line)).toBe(0);
    }
  });

  it('statuses 000 and 009 are kept as 0 and 9; status "-" is malformed with a reason', () => {
    expect(scanOne(nginxCombined, COMBINED.replace('" 200 512', '" 000 0')).parser.hot.status).toBe(0);
    expect(scanOne(nginxCombined, COMBINED.replace('" 200 512', '" 009 0')).parser.hot.status).toBe(9);
    const dash = scanOne(nginxCombined, COMBINED.replace('" 200 512', '" - 512'));
    expect(dash.outcome).toBe(ScanOutcome.Malformed);
    expect(dash.parser.reason).toEqual({ code: 'status-unset', detail: "status is '-'" });
  });

  it('scan sets the hot fields without record()', () => {
    const { parser, outcome } = scanOne(nginxUpstreamInfo, UPSTREAMINFO);
    expect(outcome).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(502);
    expect(parser.hot.time).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(parser.hot.bytes).toBe(150);
    expect(parser.hot.durationMs).toBe(250);
    expect(parser.record().upstreamStatus).toEqual([502, 502]);
    const combined = scanOne(nginxCombined, COMBINED).parser;
    expect(combined.hot.durationMs).toBe(-1);
  });

  it('a parser reused across lines gives each line its own record', () => {
    const parser = nginxMain.create();
    expect(parser.scan(MAIN)).toBe(ScanOutcome.Record);
    expect(parser.record().client).toBe('198.51.100.4');
    expect(parser.scan(COMBINED.replace('203.0.113.7', '2001:db8::1') + ' "-"')).toBe(ScanOutcome.Record);
    const rec = parser.record();
    expect(rec.client).toBe('2001:db8::1');
    expect(rec.extra?.forwardedFor).toBeUndefined();
  });

  it('reads rt= timing tails after combined into durationMs and extra (hand-written)', () => {
    const { parser } = scanOne(nginxCombined, `${COMBINED} rt=0.192 uct="0.000" uht="0.001" urt="0.002"`);
    expect(parser.hot.durationMs).toBe(192);
    const rec = parser.record();
    expect(rec.durationMs).toBe(192);
    expect(rec.extra).toMatchObject({ rt: '0.192', uct: '0.000', urt: '0.002' });
  });

  it('reports why lines do not fit', () => {
    const cases: [string, MalformedCode, string][] = [
      ['hello world', 'time-missing', 'time'],
      ['1.2.3.4 - - [01/May/2024:10:00:00 +0000] GET / 200 1', 'request-missing', 'quoted request'],
      ['1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1 200 1', 'request-unterminated', 'closing quote'],
      ['1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1"', 'status-missing', 'no status'],
      ['1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 2000 1', 'status-invalid', '3-digit'],
      ['1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 x1', 'bytes-invalid', 'bytes'],
    ];
    for (const [line, code, words] of cases) {
      const { parser, outcome } = scanOne(nginxCombined, line);
      expect(outcome).toBe(ScanOutcome.Malformed);
      expect(parser.reason?.code, line).toBe(code);
      expect(parser.reason?.detail).toContain(words);
    }
    expect(scanOne(nginxCombined, '').outcome).toBe(ScanOutcome.Ignored);
  });
});

describe('nginx-json (hand-written lines in the shape of escape=json configs)', () => {
  const line =
    '{"time_local":"01/May/2024:10:00:00 +0200","remote_addr":"10.0.0.9","http_x_forwarded_for":"198.51.100.4, 10.0.0.9","request_method":"POST","request_uri":"/api/orders?id=5","status":"504","body_bytes_sent":"0","request_time":"60.001","upstream_addr":"10.0.0.1:8080 : 10.0.0.2:8080","upstream_status":"504 : 200","upstream_response_time":"60.000 : 0.001","http_host":"shop.example","http_user_agent":"Mozilla \\"x\\"","http_referer":""}';

  it('maps the usual keys, numbers given as strings', () => {
    const parser = nginxJson.create();
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(504);
    expect(parser.hot.time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0));
    expect(parser.hot.durationMs).toBe(60001);
    expect(parser.hot.bytes).toBe(0);
    expect(parser.detailEveryLine).toBe(true);
    expect(parser.record()).toMatchObject({
      method: 'POST',
      path: '/api/orders',
      query: 'id=5',
      client: '198.51.100.4',
      host: 'shop.example',
      userAgent: 'Mozilla "x"',
      upstream: ['10.0.0.1:8080', ':', '10.0.0.2:8080'],
      upstreamStatus: [504, 200],
      upstreamTimeMs: [60000, 1],
      tzOffsetMinutes: 120,
    });
  });

  it('accepts numeric values, $msec and $time_iso8601, and the request line', () => {
    const parser = nginxJson.create();
    expect(parser.scan('{"msec":1714557600.5,"request":"GET /x?y=1 HTTP/2.0","status":200,"bytes_sent":10,"request_time":0.004}')).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 500));
    expect(parser.hot.durationMs).toBe(4);
    expect(parser.record()).toMatchObject({ method: 'GET', path: '/x', query: 'y=1', protocol: 'HTTP/2.0' });
    expect(parser.scan('{"time_iso8601":"2024-05-01T10:00:00+00:00","status":"301"}')).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
  });

  it('does not claim JSON without nginx variable names, and explains bad lines', () => {
    expect(nginxJson.match('{"level":"info","status":200,"msg":"handled request"}')).toBe(0);
    expect(nginxJson.match(line)).toBeGreaterThan(0);
    const parser = nginxJson.create();
    expect(parser.scan('{"remote_addr":"1.2.3.4","status":""}')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'status-missing', detail: 'no status field' });
    expect(parser.scan('{"remote_addr":"1.2.3.4"')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'json-invalid', detail: 'not a JSON object' });
  });
});
