import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nginxCombined } from '../../src/formats/nginx.js';
import { albFormats } from '../../src/formats/alb.js';
import { haproxyFormats } from '../../src/formats/haproxy.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import { RECORD_KEYS, recordLine } from '../../src/export/records.js';

/** The first line of a corpus file that holds `text`. */
function corpusLine(file: string, text: string): string {
  const lines = readFileSync(new URL(`../../fixtures/corpus/${file}`, import.meta.url), 'utf8').split('\n');
  return lines.find((line) => line.includes(text))!;
}

function parsed(format: FormatDefinition, line: string): Record<string, unknown> {
  const parser = format.create();
  expect(parser.scan(line)).toBe(ScanOutcome.Record);
  const json = recordLine(parser.record(), 'access.log', 7);
  return JSON.parse(json) as Record<string, unknown>;
}

describe('recordLine', () => {
  it('writes a combined line in base units, with every key and null for what the format lacks', () => {
    const record = parsed(
      nginxCombined,
      '203.0.113.9 - - [21/Nov/2026:03:10:00 +0100] "GET /api/orders?id=7&x=%22 HTTP/1.1" 502 157 "-" "curl/8.5.0"',
    );
    expect(Object.keys(record)).toEqual(RECORD_KEYS);
    expect(record).toEqual({
      time: '2026-11-21T02:10:00.000Z',
      status: 502,
      method: 'GET',
      host: null,
      path: '/api/orders',
      query: 'id=7&x=%22',
      client: '203.0.113.9',
      bytes: 157,
      duration_s: null,
      upstream: null,
      upstream_status: null,
      origin_status: null,
      sub_status: null,
      win32_status: null,
      signals: null,
      format: 'nginx-combined',
      vendor: 'nginx',
      source: 'access.log',
      line: 7,
    });
  });

  it('keeps upstream lists in order without group separators, and seconds without float noise', () => {
    const format = compileNginxLogFormat('$remote_addr [$time_local] "$request" $status $request_time "$upstream_addr" "$upstream_status"', 'nginx-custom');
    const record = parsed(format, '10.0.0.1 [21/Nov/2026:03:10:00 +0000] "POST /pay HTTP/1.1" 502 1.001 "10.1.0.1:80, 10.1.0.2:80 : 10.2.0.1:80" "502, - : 200"');
    expect(record).toMatchObject({ duration_s: 1.001, upstream: ['10.1.0.1:80', '10.1.0.2:80', '10.2.0.1:80'], upstream_status: [502, null, 200] });
  });

  it("carries the format's own reason for a failure as signals: ALB's error_reason, HAProxy's termination state", () => {
    const alb = albFormats.find((format) => format.name === 'aws-alb')!;
    const albLine = corpusLine('alb/vectordotdev-vrl-parse_aws_alb_log-tests.log', 'LambdaInvalidResponse');
    expect(parsed(alb, albLine)).toMatchObject({ status: 502, signals: [{ kind: 'alb-error-reason', value: 'LambdaInvalidResponse' }] });
    const haproxy = haproxyFormats.find((format) => format.name === 'haproxy-http')!;
    const timeout = corpusLine('haproxy/debian-haproxy-2.6-httplog-raw.log', ' sH-- ');
    expect(parsed(haproxy, timeout)).toMatchObject({ status: 504, signals: [{ kind: 'haproxy-termination', value: 'sH--' }] });
    // A normal termination ('----') is no signal: the key is there, null.
    const normal = corpusLine('haproxy/debian-haproxy-2.6-httplog-raw.log', ' 200 ');
    expect(parsed(haproxy, normal)).toMatchObject({ status: 200, signals: null });
  });
});
