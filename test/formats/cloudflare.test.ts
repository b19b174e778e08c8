import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome, type LineParser } from '../../src/formats/parser.js';
import { ABSENT, type LogRecord } from '../../src/formats/record.js';
import { cloudflareFormats } from '../../src/formats/cloudflare.js';
import { caddyFormats } from '../../src/formats/caddy.js';

const json = cloudflareFormats.find((f) => f.name === 'cloudflare-json')!;
const csv = cloudflareFormats.find((f) => f.name === 'cloudflare-csv')!;
const dir = fileURLToPath(new URL('../../fixtures/corpus/cloudflare/', import.meta.url));

function lines(name: string): string[] {
  return readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
}

function records(parser: LineParser, input: readonly string[]): LogRecord[] {
  const out: LogRecord[] = [];
  for (const line of input) if (parser.scan(line) === ScanOutcome.Record) out.push(parser.record());
  return out;
}

describe('cloudflare-json', () => {
  it('reads unixnano timestamps exactly to the millisecond, beyond what JSON.parse keeps', () => {
    const [first] = lines('handwritten-52x.ndjson');
    // 1712790044999999999 ns; as a double it rounds up to ...045000000000, a millisecond too late.
    expect(Math.floor(Number(JSON.parse(first!).EdgeStartTimestamp) / 1e6)).toBe(1712790045000);
    const parser = json.create();
    expect(parser.scan(first!)).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(1712790044999);
    // End - start = 12345678 - (-1) ns past the second boundary = 12.345679 ms.
    expect(parser.hot.durationMs).toBeCloseTo(12.345679, 6);
    expect(parser.hot.status).toBe(520);
    expect(parser.hot.bytes).toBe(2310);
  });

  it('builds the full record of a 520 with origin status 0 kept', () => {
    const parser = json.create();
    parser.scan(lines('handwritten-52x.ndjson')[0]!);
    expect(parser.record()).toEqual({
      status: 520,
      format: 'cloudflare-json',
      vendor: 'cloudflare',
      time: 1712790044999,
      tzOffsetMinutes: 0,
      method: 'GET',
      path: '/checkout',
      query: 'step=2',
      host: 'shop.example.com',
      client: '198.51.100.7',
      bytes: 2310,
      durationMs: parser.hot.durationMs,
      upstream: ['203.0.113.10'],
      originStatus: 0,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      referer: 'https://shop.example.com/cart',
      extra: { RayID: '8f00a1b2c3d4e520', EdgeColoCode: 'AMS', CacheCacheStatus: 'unknown', OriginResponseDurationMs: '11' },
    });
  });

  it('accepts every timestamp_format: unixnano string, unix seconds, unix ms, RFC 3339', () => {
    const recs = records(json.create(), lines('handwritten-52x.ndjson'));
    expect(recs.map((r) => r.status)).toEqual([520, 521, 522, 523, 524, 525, 526, 530, 502]);
    expect(recs[1]!.time).toBe(1712790050123);
    expect(recs[1]!.durationMs).toBe(1);
    expect(recs[1]!.client).toBe('2001:db8::42');
    expect(recs[2]!.time).toBe(1712790060000);
    expect(recs[2]!.durationMs).toBe(19_000);
    expect(recs[3]!.time).toBe(Date.UTC(2024, 3, 10, 23, 1, 40));
    expect(recs[3]!.upstream).toBeUndefined();
    expect(recs[4]!.time).toBe(1712790100000);
    expect(recs[4]!.durationMs).toBe(120_000);
    expect(recs[8]).toMatchObject({ originStatus: 502, upstream: ['203.0.113.40'], durationMs: 250 });
  });

  it('reads the lnav records: RFC 3339 seconds, empty OriginIP and user agent (real) and unixnano (synthetic)', () => {
    const [ripe] = records(json.create(), lines('lnav-logfile_cloudflare.json.ndjson'));
    expect(ripe).toMatchObject({ status: 301, method: 'HEAD', host: 'www.ripe.net', path: '/', originStatus: 0, bytes: 570 });
    expect(ripe!.time).toBe(Date.UTC(2022, 9, 30, 0, 0, 2));
    expect(ripe!.upstream).toBeUndefined();
    expect(ripe!.userAgent).toBeUndefined();
    const synthetic = records(json.create(), lines('lnav-logfile_cloudflare.1-unixnano.ndjson'));
    expect(synthetic).toHaveLength(15);
    expect(synthetic[14]!.time).toBe(1712790044995);
    expect(synthetic[14]!.durationMs).toBe(5);
    expect(synthetic[8]).toMatchObject({ status: 502, originStatus: 502, durationMs: 300 });
    expect(synthetic[4]!.extra?.['WAFAction']).toBe('block');
  });

  it('falls back to OriginResponseDurationMs, then OriginResponseTime in ns', () => {
    const parser = json.create();
    parser.scan('{"EdgeResponseStatus":200,"EdgeStartTimestamp":1712790000000000000,"OriginResponseDurationMs":42}');
    expect(parser.hot.durationMs).toBe(42);
    parser.scan('{"EdgeResponseStatus":521,"OriginResponseTime":3000000}');
    expect([parser.hot.durationMs, parser.hot.time]).toEqual([3, ABSENT]);
  });

  it('reports non-JSON, invalid JSON and records without EdgeResponseStatus as malformed', () => {
    const parser = json.create();
    expect(parser.scan('hello')).toBe(ScanOutcome.Malformed);
    expect(parser.scan('{"EdgeResponseStatus":')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'json-invalid', detail: 'invalid JSON' });
    expect(parser.scan('{"RayID":"x"}')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'status-missing', detail: 'no EdgeResponseStatus field' });
    expect(parser.scan('')).toBe(ScanOutcome.Ignored);
  });

  it('tolerates a trailing \\r', () => {
    const parser = json.create();
    expect(parser.scan(`${lines('handwritten-52x.ndjson')[0]!}\r`)).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(1712790044999);
  });

  it('scores Cloudflare lines and not Caddy or nginx JSON lines', () => {
    const caddyLine = readFileSync(fileURLToPath(new URL('../../fixtures/corpus/caddy/lnav-logfile_caddy_log.1.ndjson', import.meta.url)), 'utf8').split('\n')[0]!;
    expect(json.match(lines('lnav-logfile_cloudflare.json.ndjson')[0]!)).toBeGreaterThan(0);
    expect(json.match(caddyLine)).toBe(0);
    expect(json.match('{"time":"2024-01-01T00:00:00+00:00","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"502"}')).toBe(0);
    expect(caddyFormats[0]!.match(lines('handwritten-52x.ndjson')[0]!)).toBe(0);
  });
});

describe('cloudflare-csv', () => {
  it('reads records by the header, ignoring the header line', () => {
    const input = lines('handwritten-logpush-with-header.csv');
    const parser = csv.create();
    expect(csv.match(input[0]!)).toBeGreaterThan(0);
    expect(csv.match(input[1]!)).toBe(0);
    expect(parser.scan(input[0]!)).toBe(ScanOutcome.Ignored);
    expect(parser.scan(input[1]!)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.time, parser.hot.bytes]).toEqual([520, 1712790044999, 2310]);
    expect(parser.record()).toMatchObject({
      format: 'cloudflare-csv',
      vendor: 'cloudflare',
      path: '/checkout',
      query: 'step=2',
      originStatus: 0,
      upstream: ['203.0.113.10'],
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
    expect(parser.scan(input[2]!)).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ query: 'q=a,b', userAgent: 'curl/8.5.0 "quoted"', durationMs: 20 });
    expect(parser.scan(`${input[3]!}\r`)).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ status: 200, originStatus: 0, extra: { CacheCacheStatus: 'hit', RayID: '8f00a1b2c3d4e601' } });
  });

  it('reports records before any header as malformed, and re-reads a repeated header', () => {
    const parser = csv.create();
    expect(parser.scan('"1.2.3.4",200')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('header-missing');
    expect(parser.reason?.detail).toMatch(/header/);
    parser.scan('EdgeResponseStatus,ClientIP');
    expect(parser.scan('404,"1.2.3.4"')).toBe(ScanOutcome.Record);
    expect(parser.record().client).toBe('1.2.3.4');
    parser.scan('ClientIP,EdgeResponseStatus');
    expect(parser.scan('"1.2.3.5",503')).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(503);
  });
});

describe('raw timestamp digits', () => {
  it('ignores a nested key of the same name that disagrees with the parsed value', () => {
    const parser = json.create();
    parser.scan('{"Extra":{"EdgeStartTimestamp":1},"EdgeResponseStatus":200,"EdgeStartTimestamp":1712790044999999999}');
    // The nested key comes first in the text; its digits do not match, so the parsed value is used,
    // with the precision JSON.parse gives it.
    // biome-ignore lint/correctness/noPrecisionLoss: the expected value is the rounded double JSON.parse returns
    expect(parser.hot.time).toBe(Math.floor(1712790044999999999 / 1e6));
  });
});
