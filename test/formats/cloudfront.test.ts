import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome, type LineParser } from '../../src/formats/parser.js';
import { CloudFrontParser, cloudfrontFormats } from '../../src/formats/cloudfront.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { detectFormat } from '../../src/formats/detect.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/cloudfront/', import.meta.url));
const lines = (name: string): string[] => readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
const docs = lines('awsdocs-cloudfront-developer-guide-AccessLogs-example.log');
const logstash = lines('logstash-patterns-core-aws_spec-cloudfront.log');
const crowdsec = lines('crowdsecurity-hub-aws-cloudfront-logs.log');
const cloudfront = cloudfrontFormats[0]!;

function readAll(parser: LineParser, sample: readonly string[], inPlace: boolean): unknown[] {
  const text = sample.join('\n');
  let from = 0;
  return sample.map((line) => {
    const outcome = inPlace ? parser.scanAt!(text, from, from + line.length) : parser.scan(line);
    from += line.length + 1;
    if (outcome !== ScanOutcome.Record) return { outcome, reason: outcome === ScanOutcome.Malformed ? parser.reason : undefined };
    const { status, time, bytes, durationMs } = parser.hot;
    return { outcome, status, time, bytes, durationMs, record: parser.record() };
  });
}

describe('aws-cloudfront', () => {
  it('counts every record of the real samples, with or without their header', () => {
    for (const sample of [docs, logstash, crowdsec]) {
      const parser = cloudfront.create();
      const outcomes = sample.map((line) => parser.scan(line));
      expect(outcomes.filter((o) => o === ScanOutcome.Record)).toHaveLength(sample.filter((l) => !l.startsWith('#')).length);
      expect(outcomes.filter((o) => o === ScanOutcome.Malformed)).toHaveLength(0);
    }
  });

  it('reads the documented example: UTC time, sc-bytes, time-taken in s, the viewer host and the edge result', () => {
    const parser = cloudfront.create();
    for (const line of docs.slice(0, 6)) parser.scan(line);
    expect(parser.hot).toMatchObject({ status: 502, time: Date.UTC(2019, 11, 13, 22, 36, 27), bytes: 900, durationMs: 102 });
    expect(parser.record()).toMatchObject({
      vendor: 'aws-cloudfront',
      method: 'GET',
      path: '/favicon.ico',
      host: 'www.example.com',
      client: '192.0.2.200',
      protocol: 'HTTP/1.1',
      referer: 'http://www.example.com/',
      userAgent: expect.stringMatching(/^Mozilla\/5\.0 \(Windows NT 10\.0; Win64; x64\)/),
      tzOffsetMinutes: 0,
      extra: {
        'x-edge-location': 'SEA19-C1',
        'x-edge-result-type': 'Error',
        'x-edge-detailed-result-type': 'OriginDnsError',
        'cs(Host)': 'd111111abcdef8.cloudfront.net',
      },
    });
    expect(parser.record().extra?.['layout']).toBeUndefined();
  });

  it('reads a headerless record with the documented field order and says so', () => {
    const parser = new CloudFrontParser();
    expect(parser.scan(logstash[0]!)).toBe(ScanOutcome.Record);
    expect(parser.layoutInferred).toBe(true);
    expect(parser.hot).toMatchObject({ status: 200, bytes: 224281, durationMs: 36 });
    expect(parser.record()).toMatchObject({
      path: '/content/sample/thing.pdf',
      host: 'host.example.com',
      extra: { 'x-edge-result-type': 'Miss', 'x-edge-response-result-type': 'RefreshHit', layout: 'inferred: the first 23 CloudFront standard log fields' },
    });
    // The old logs encoded the user agent twice: one decoding leaves %20 as written then.
    expect(parser.record().userAgent).toMatch(/^Mozilla\/5\.0%20\(Windows/);
    parser.scan(crowdsec[0]!);
    expect(parser.record()).toMatchObject({ status: 400, query: 'query_param=42', extra: { 'x-edge-detailed-result-type': 'Error' } });
  });

  it('follows a #Fields: line in another order, and rejects what is not a record', () => {
    const parser = cloudfront.create();
    expect(parser.scan('#Fields: time date sc-status cs-uri-stem time-taken sc-bytes')).toBe(ScanOutcome.Ignored);
    expect(parser.scan('01:02:03\t2024-05-06\t504\t/slow\t30.001\t-')).toBe(ScanOutcome.Record);
    expect(parser.hot).toMatchObject({ status: 504, time: Date.UTC(2024, 4, 6, 1, 2, 3), durationMs: 30001, bytes: -1 });
    expect(parser.record()).toMatchObject({ path: '/slow' });
    expect(parser.scan('01:02:03\t2024-05-06\t000\t/gone\t0.001\t0')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-unset');
    expect(parser.scan('01:02:03\t2024-05-06\t5x3\t/x\t0.001\t0')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-invalid');
    const fresh = cloudfront.create();
    expect(fresh.scan('2024-05-06\t01:02:03\tLAX1\t0')).toBe(ScanOutcome.Malformed);
    expect(fresh.reason?.code).toBe('header-missing');
  });

  // Hand-written edge cases around the real lines: cut short, CR endings, a declared layout wider than the record.
  const edges = [
    ...docs,
    `${docs[2]!}\r`,
    docs[3]!.split('\t').slice(0, 20).join('\t'),
    docs[3]!.split('\t').slice(0, 12).join('\t'),
    docs[3]!.replace('\t502\t', '\t50\t'),
    docs[3]!.replace('\t0.102\t', '\t-\t'),
    docs[3]!.replace('2019-12-13', '2019-13-13'),
    '#Fields: date time sc-status',
    '2024-05-06\t01:02:03\t503',
    '2024-05-06\t01:02:03',
    ...logstash,
  ];

  it('reads in place, on the fast path, exactly what the full split reads', () => {
    for (const sample of [docs, logstash, crowdsec, edges]) {
      const full = readAll(new CloudFrontParser(false), sample, false);
      expect(readAll(new CloudFrontParser(true), sample, false)).toEqual(full);
      expect(readAll(new CloudFrontParser(true), sample, true)).toEqual(full);
    }
  });

  it('is detected as aws-cloudfront among all formats, header or not', () => {
    expect(detectFormat(docs, builtinFormats)?.format.name).toBe('aws-cloudfront');
    expect(detectFormat(docs.slice(0, 2), builtinFormats)?.format.name).toBe('aws-cloudfront');
    expect(detectFormat(logstash, builtinFormats)?.format.name).toBe('aws-cloudfront');
    expect(detectFormat(crowdsec, builtinFormats)?.format.name).toBe('aws-cloudfront');
  });
});
