import { describe, expect, it } from 'vitest';
import { compileApacheLogFormat, parseApacheFormatBody } from '../../src/formats/logformat/apache.js';
import { compileNginxLogFormat, LogFormatSyntaxError, parseNginxFormatBody } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { checkedReason } from './reason.js';

function parseOne(definition: FormatDefinition, line: string): LogRecord {
  const parser = definition.create();
  const outcome = parser.scan(line);
  if (outcome !== ScanOutcome.Record) throw new Error(`not parsed: ${parser.reason?.detail}`);
  return parser.record();
}

function reasonFor(definition: FormatDefinition, line: string): string {
  const parser = definition.create();
  expect(parser.scan(line)).toBe(ScanOutcome.Malformed);
  return checkedReason(parser).detail;
}

describe('compileNginxLogFormat', () => {
  // Hand-written lines below follow the variables' documented output.
  const mainExt = `log_format main_ext '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for" '
                    'rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time" us="$upstream_status"';`;

  it('reads a multi-piece log_format directive with its name', () => {
    const format = compileNginxLogFormat(mainExt);
    expect(format.name).toBe('nginx-main_ext');
    expect(format.vendor).toBe('nginx');
    expect(format.create().detailEveryLine).toBe(true);
  });

  it('maps timing tails and " : " upstream groups (hand-written line)', () => {
    const format = compileNginxLogFormat(mainExt);
    const rec = parseOne(
      format,
      '10.1.2.3 - - [01/May/2024:10:00:00 +0200] "GET /report?id=7 HTTP/1.1" 200 512 "-" "curl/8.0" "-" rt=60.004 uct="0.001, 0.000 : 0.002" uht="-, 0.010" urt="60.000, 0.003 : 0.001" us="504, 200 : 200"',
    );
    expect(rec.status).toBe(200);
    expect(rec.time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0));
    expect(rec.durationMs).toBe(60004);
    expect(rec.upstreamStatus).toEqual([504, 200, 200]);
    expect(rec.upstreamTimeMs).toEqual([60000, 3, 1]);
    expect(rec.path).toBe('/report');
    expect(rec.query).toBe('id=7');
    expect(rec.extra?.upstreamConnectTime).toBe('0.001, 0.000 : 0.002');
  });

  it('keeps " : " as a group break in upstream addresses (logparser upstream test string)', () => {
    const format = compileNginxLogFormat('"$upstream_addr" "$upstream_status" $status');
    const rec = parseOne(format, '"192.168.1.1:80, 192.168.1.2:80, unix:/tmp/sock : 192.168.10.1:80, 192.168.10.2:80" "502, 502, 502 : 200, -" 200');
    expect(rec.upstream).toEqual(['192.168.1.1:80', '192.168.1.2:80', 'unix:/tmp/sock', ':', '192.168.10.1:80', '192.168.10.2:80']);
    expect(rec.upstreamStatus).toEqual([502, 502, 502, 200, null]);
  });

  it('finds unquoted upstream lists between spaces (504 : 200)', () => {
    const format = compileNginxLogFormat('$remote_addr [$time_local] $status $upstream_addr $upstream_status $request_time');
    const rec = parseOne(format, '1.2.3.4 [01/May/2024:10:00:00 +0000] 200 10.0.0.1:80 : 10.0.0.9:80 504 : 200 60.010');
    expect(rec.upstream).toEqual(['10.0.0.1:80', ':', '10.0.0.9:80']);
    expect(rec.upstreamStatus).toEqual([504, 200]);
    expect(rec.durationMs).toBe(60010);
  });

  it('accepts a bare format, $time_iso8601, $msec, $request_method/$request_uri and ${var}', () => {
    const format = compileNginxLogFormat('$remote_addr $time_iso8601 ${request_method} $request_uri $status $bytes_sent $msec $host');
    const rec = parseOne(format, '::1 2024-05-01T10:00:00+02:00 POST /a/b?c=1 201 77 1714550400.250 api.example.com');
    expect(rec).toMatchObject({ client: '::1', method: 'POST', path: '/a/b', query: 'c=1', status: 201, bytes: 77, host: 'api.example.com', tzOffsetMinutes: 120 });
    expect(rec.time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0));
    expect(format.name).toBe('nginx-custom');
    expect(format.create().detailEveryLine).toBe(false);

    const msec = compileNginxLogFormat('$msec $status');
    expect(parseOne(msec, '1714550400.250 200').time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 250));
  });

  it('handles escape=json formats with escaped quotes in values', () => {
    const format = compileNginxLogFormat(
      `log_format json_combined escape=json '{"time":"$time_local","addr":"$remote_addr","request":"$request","status":$status,"ua":"$http_user_agent"}';`,
    );
    const rec = parseOne(format, '{"time":"01/May/2024:10:00:00 +0000","addr":"1.2.3.4","request":"GET /q?x=\\"y\\" HTTP/1.1","status":404,"ua":"say \\"hi\\""}');
    expect(rec.status).toBe(404);
    expect(rec.userAgent).toBe('say "hi"');
    expect(rec.query).toBe('x="y"');
  });

  it('skips unknown variables and reports where a line stops fitting', () => {
    const format = compileNginxLogFormat('$remote_addr $pipe [$time_local] $status $connection');
    expect(parseOne(format, '1.2.3.4 p [01/May/2024:10:00:00 +0000] 200 17').status).toBe(200);
    expect(reasonFor(format, '1.2.3.4 p 01/May/2024:10:00:00 +0000 200 17')).toContain('" ["');
    expect(reasonFor(format, "1.2.3.4 p [01/May/2024:10:00:00 +0000] - 17")).toBe("status is '-'");
  });

  it('rejects formats without $status and broken quoting', () => {
    expect(() => compileNginxLogFormat('$remote_addr $request')).toThrow(LogFormatSyntaxError);
    expect(() => compileNginxLogFormat("log_format x '$status")).toThrow(LogFormatSyntaxError);
  });

  it('parses the pieces of a body', () => {
    expect(parseNginxFormatBody('[$time_local] $status')).toEqual([
      '[',
      { kind: 'timeClf', name: '$time_local', list: false },
      '] ',
      { kind: 'status', name: '$status', list: false },
    ]);
  });
});

describe('compileApacheLogFormat', () => {
  it('reads LogFormat lines with \\" escapes and a nickname', () => {
    const format = compileApacheLogFormat('LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-agent}i\\"" combined');
    expect(format.name).toBe('apache-combined');
    const rec = parseOne(format, '::1 - bob [26/Dec/2016:16:16:29 +0200] "GET /x?y=1 HTTP/1.1" 304 - "http://r/" "UA \\"q\\""');
    expect(rec).toMatchObject({ client: '::1', user: 'bob', status: 304, bytes: 0, path: '/x', query: 'y=1', referer: 'http://r/', userAgent: 'UA "q"', tzOffsetMinutes: 120 });
    expect(rec.time).toBe(Date.UTC(2016, 11, 26, 14, 16, 29));
  });

  it('accepts the bare format and CustomLog lines', () => {
    expect(compileApacheLogFormat('%h %l %u %t "%r" %>s %b').name).toBe('apache-custom');
    const custom = compileApacheLogFormat('CustomLog "logs/access_log" "%h %t %>s %D"');
    expect(parseOne(custom, '1.2.3.4 [26/Dec/2016:16:16:29 +0000] 503 2500000').durationMs).toBe(2500);
  });

  it('maps %U %q %m %H %v %V %{Host}i %I %O %T %{ms}T %{us}T %{msec}t', () => {
    const format = compileApacheLogFormat('%{msec}t %V %v %m %U%q %H %>s %I %O %{ms}T %{Host}i');
    const rec = parseOne(format, '1714550400123 www.example.com canonical GET /a?b=2 HTTP/1.1 500 300 4000 1234 h.example');
    expect(rec).toMatchObject({ host: 'www.example.com', method: 'GET', path: '/a', query: 'b=2', protocol: 'HTTP/1.1', status: 500, bytes: 4000, durationMs: 1234 });
    expect(rec.time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 123));
    expect(rec.extra?.bytesIn).toBe('300');
    expect(parseOne(compileApacheLogFormat('%>s %T'), '200 3').durationMs).toBe(3000);
    expect(parseOne(compileApacheLogFormat('%>s %{us}T'), '200 1500').durationMs).toBe(1.5);
    expect(parseOne(compileApacheLogFormat('%>s %{sec}t'), '200 1714550400').time).toBe(Date.UTC(2024, 4, 1, 8, 0, 0));
  });

  it('understands status-conditional items, %%, and skips other headers, notes and env', () => {
    const format = compileApacheLogFormat('%% %h %>s %400,501{User-agent}i %!200{Referer}i %{Cookie}i %{X}n %{Y}e %{Z}o %X %k %P %L %R');
    const rec = parseOne(format, '% 1.2.3.4 200 - http://r/ a=b n e o + 0 1234 id handler');
    expect(rec.status).toBe(200);
    expect(rec.userAgent).toBeUndefined();
    expect(rec.referer).toBe('http://r/');
    expect(rec.extra).toMatchObject({ connectionStatus: '+', keepAliveRequests: '0', pid: '1234', errorLogId: 'id', handler: 'handler' });
  });

  it('prefers %>s over %s and reads X-Forwarded-For as the client origin', () => {
    const format = compileApacheLogFormat('%a %s %>s "%{X-Forwarded-For}i"');
    const rec = parseOne(format, '10.0.0.1 302 200 "203.0.113.9, 10.0.0.1"');
    expect(rec.status).toBe(200);
    expect(rec.client).toBe('203.0.113.9');
    expect(rec.extra?.remoteAddr).toBe('10.0.0.1');
  });

  it('rejects formats without a status and unknown directives', () => {
    expect(() => compileApacheLogFormat('%h %t')).toThrow(LogFormatSyntaxError);
    expect(() => compileApacheLogFormat('%h %>s %J')).toThrow(LogFormatSyntaxError);
    expect(() => compileApacheLogFormat('%h %>s %{Referer')).toThrow(LogFormatSyntaxError);
  });

  it('parses the pieces of a body', () => {
    expect(parseApacheFormatBody('%t %>s')).toEqual([
      { kind: 'timeClfBracketed', name: '%t' },
      ' ',
      { kind: 'status', name: '%>s' },
    ]);
  });
});

describe('a format with two variables and nothing between them', () => {
  it.each([
    ['$remote_addr [$time_local] "$request" $status$body_bytes_sent', '$status and $body_bytes_sent'],
    ['log_format x \'$remote_addr$remote_user [$time_local] $status\';', '$remote_addr and $remote_user'],
  ])('is rejected at compile time with the reason: %s', (format, pair) => {
    expect(() => compileNginxLogFormat(format)).toThrow(`log_format: ${pair} have nothing between them`);
  });

  it('is rejected for Apache too, but not where the second variable starts with its own mark (%U%q)', () => {
    expect(() => compileApacheLogFormat('%h %t "%r" %>s%b')).toThrow('LogFormat: %>s and %b have nothing between them');
    expect(() => compileApacheLogFormat('%h %t "%m %U%q %H" %>s %b')).not.toThrow();
  });
});
