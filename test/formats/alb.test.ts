import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome } from '../../src/formats/parser.js';
import { ABSENT } from '../../src/formats/record.js';
import { albFormats, splitElbFields } from '../../src/formats/alb.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { SourceProcessor } from '../../src/pipeline/source-processor.js';
import { Tally } from '../../src/tally/tally.js';

const alb = albFormats.find((f) => f.name === 'aws-alb')!;
const classic = albFormats.find((f) => f.name === 'aws-elb-classic')!;
const dir = fileURLToPath(new URL('../../fixtures/corpus/alb/', import.meta.url));

function lines(name: string): string[] {
  return readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
}

const albLines = lines('vectordotdev-vrl-parse_aws_alb_log-tests.log');
const classicLines = lines('logstash-patterns-core-aws_spec-classic-elb.log');
/** Two HTTP(S) listener records, then a TCP and two SSL listener records. */
const listenerLines = lines('toshihirock-node-elb-log-parser-test.log');
const nlbLines = [
  ...lines('opentelemetry-collector-contrib-awslogsencoding-nlb_al_valid_logs.log'),
  ...lines('dynatrace-aws-s3-log-forwarder-test_attribute_extraction-nlb.log'),
];

/** Every line through a source's processor, among every format, as `report` reads a file. */
function processed(text: readonly string[]): { tally: Tally; processor: SourceProcessor } {
  const tally = new Tally();
  const processor = new SourceProcessor('elb.log', { main: tally }, { candidates: builtinFormats });
  text.forEach((line, i) => {
    processor.line(line, i + 1);
  });
  processor.flush();
  return { tally, processor };
}

describe('splitElbFields', () => {
  it('keeps spaces inside quoted fields and a quote not followed by a space', () => {
    expect(splitElbFields('a "b c" "d"e f" - "-"')).toEqual(['a', 'b c', 'd"e f', '-', '-']);
  });
});

describe('aws-alb', () => {
  it('reads a full https entry exactly', () => {
    const parser = alb.create();
    expect(parser.scan(albLines[1]!)).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(200);
    expect(parser.hot.time).toBe(Date.UTC(2018, 6, 2, 22, 23, 0, 186));
    expect(parser.hot.bytes).toBe(57);
    expect(parser.hot.durationMs).toBeCloseTo(171, 9);
    expect(parser.record()).toMatchObject({
      format: 'aws-alb',
      vendor: 'aws-elb',
      method: 'GET',
      path: '/',
      protocol: 'HTTP/1.1',
      host: 'www.example.com',
      client: '192.168.131.39',
      upstream: ['10.0.0.1:80'],
      originStatus: 200,
      userAgent: 'curl/7.46.0',
      tzOffsetMinutes: 0,
    });
    expect(parser.record().extra).toMatchObject({ type: 'https', actions_executed: 'authenticate,forward', ssl_protocol: 'TLSv1.2', conn_trace_id: 'TID_dc57cebed65b444ebc8177bb698fe166' });
  });

  it('reads `-1 -1 -1 400 -` with a broken request as an entry without duration or target', () => {
    const line = albLines.find((l) => l.includes('"- http://awseb'))!;
    const parser = alb.create();
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.durationMs, parser.hot.bytes]).toEqual([400, ABSENT, 272]);
    const rec = parser.record();
    expect(rec.originStatus).toBeUndefined();
    expect(rec.upstream).toBeUndefined();
    expect(rec.method).toBeUndefined();
    expect(rec.path).toBeUndefined();
    expect(rec.host).toBe('awseb-awseb-1kgu6fbag3fad-640112591.us-east-1.elb.amazonaws.com');
    expect(rec.client).toBe('113.241.19.90');
  });

  it('splits unbracketed IPv6 client:port and target:port at the last colon', () => {
    const line = albLines.find((l) => l.includes('2601:6bbc'))!;
    const parser = alb.create();
    parser.scan(line);
    const rec = parser.record();
    expect(rec.client).toBe('2601:6bbc:c529:9dad:6bbc:c529:9dad:6bbc');
    expect(rec.upstream).toEqual(['fd6d:6bbc:c529:6::face:ed83:f46:80']);
    expect(rec).toMatchObject({ host: 'some.domain.com', path: '/api/deposits/transactions:search', query: 'detailsLevel=FULL&offset=0&limit=50' });
  });

  it('keeps error_reason for a Lambda 502 with no target status', () => {
    const line = albLines.find((l) => l.includes('LambdaInvalidResponse'))!;
    const parser = alb.create();
    parser.scan(line);
    const rec = parser.record();
    expect(rec.status).toBe(502);
    expect(rec.originStatus).toBeUndefined();
    expect(rec.extra?.['error_reason']).toBe('LambdaInvalidResponse');
    expect(rec.signal).toEqual({ kind: 'alb-error-reason', value: 'LambdaInvalidResponse' });
  });

  it('carries no signal where error_reason is "-"', () => {
    const parser = alb.create();
    const line = albLines.find((l) => l.includes(' 200 200 ') && l.includes('"forward" "-"'))!;
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.record().signal).toBeUndefined();
  });

  it('ignores extra trailing fields and tolerates a trailing \\r', () => {
    const last = albLines[albLines.length - 1]!;
    expect(last.endsWith('"-" "-" "-"')).toBe(true);
    const parser = alb.create();
    expect(parser.scan(`${last}\r`)).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ status: 200, originStatus: 200, extra: { conn_trace_id: 'TID_dc57cebed65b444ebc8177bb698fe166' } });
  });

  it('reports short or foreign lines as malformed', () => {
    const parser = alb.create();
    expect(parser.scan('http 2018-07-02T22:23:00.186641Z lb 1.2.3.4:5')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('field-count');
    expect(parser.reason?.detail).toMatch(/fields/);
    // `tls` alone is no NLB record: the version, time, net/ balancer and client must be in their places.
    expect(parser.scan(nlbLines[0]!.replace(' net/', ' app/'))).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('not-a-request');
    expect(parser.scan(listenerLines[2]!)).toBe(ScanOutcome.Malformed);
  });

  it('recognises NLB TLS records, old and new shape, and ignores them as records without an HTTP status', () => {
    const parser = alb.create();
    for (const line of nlbLines) {
      expect(alb.match(line), line).toBeGreaterThan(0);
      expect(classic.match(line)).toBe(0);
      expect(parser.scan(line)).toBe(ScanOutcome.Ignored);
      expect(parser.ignoredCode).toBe('nlb-tls');
      expect(parser.hot.status).toBe(ABSENT);
      // Through the fast path too: a line read in place is judged as scan() judges it.
      expect(parser.scanAt!(`x\n${line}\n`, 2, line.length + 2)).toBe(ScanOutcome.Ignored);
      expect(parser.ignoredCode).toBe('nlb-tls');
    }
    expect(classic.create().scan(nlbLines[0]!)).toBe(ScanOutcome.Malformed);
  });

  it('counts ALB requests and NLB records of one bucket in one source: requests parsed, NLB records ignored, none malformed', () => {
    const { tally, processor } = processed([...albLines.slice(0, 3), ...nlbLines, ...albLines.slice(3)]);
    const summary = tally.summarize();
    expect(processor.mainFormat).toBe('aws-alb');
    expect(summary.lines).toMatchObject({ parsed: albLines.length, malformed: 0, ignored: nlbLines.length });
    expect(summary.ignoredCodes).toEqual({ 'nlb-tls': nlbLines.length });
  });

  it('scores ALB lines for ALB only, and classic lines for classic only', () => {
    for (const line of albLines) {
      expect(alb.match(line)).toBeGreaterThan(0);
      expect(classic.match(line)).toBe(0);
    }
    for (const line of classicLines) {
      expect(classic.match(line)).toBeGreaterThan(0);
      expect(alb.match(line)).toBe(0);
    }
    // An ALB connection log line starts with a timestamp too, but is not a request entry.
    expect(classic.match('2024-10-04T17:05:15.514108Z 10.0.0.1 50000 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - - - - Success - -')).toBe(0);
  });
});

describe('aws-elb-classic', () => {
  it('reads the old 12-field form', () => {
    const parser = classic.create();
    expect(parser.scan(classicLines[0]!)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.time, parser.hot.bytes]).toEqual([200, Date.UTC(2014, 1, 15, 23, 39, 43, 945), 29]);
    expect(parser.hot.durationMs).toBeCloseTo(1.178, 9);
    expect(parser.record()).toMatchObject({ format: 'aws-elb-classic', vendor: 'aws-elb', host: 'www.example.com', path: '/', upstream: ['10.0.0.1:80'], originStatus: 200 });
  });

  it('reads a client timeout `-1 -1 -1 408 -` without duration or backend', () => {
    const parser = classic.create();
    parser.scan(classicLines[1]!);
    expect([parser.hot.status, parser.hot.durationMs, parser.hot.bytes]).toEqual([408, ABSENT, 0]);
    const rec = parser.record();
    expect(rec.upstream).toBeUndefined();
    expect(rec.originStatus).toBeUndefined();
    expect(rec.extra?.['received_bytes']).toBe('1294336');
    expect(rec).toMatchObject({ method: 'PUT', host: 'media.xxxyyyzzz.com', path: '/videos/F4_M-T4X0MM6Hvy1PFHesw' });
  });

  it('ignores TCP and SSL listener records, telling them apart by the cipher', () => {
    const parser = classic.create();
    const outcomes = listenerLines.map((line) => {
      const outcome = parser.scan(line);
      return [outcome, outcome === ScanOutcome.Ignored ? parser.ignoredCode : parser.hot.status];
    });
    expect(outcomes).toEqual([
      [ScanOutcome.Record, 200],
      [ScanOutcome.Record, 200],
      [ScanOutcome.Ignored, 'elb-tcp-listener'],
      [ScanOutcome.Ignored, 'elb-ssl-listener'],
      // Backend `-1`: the connection reached no backend; still an SSL listener's record.
      [ScanOutcome.Ignored, 'elb-ssl-listener'],
    ]);
    for (const line of listenerLines) {
      expect(classic.match(line), line).toBeGreaterThan(0);
      expect(alb.match(line)).toBe(0);
    }
    // A record from before the user-agent and TLS fields: no cipher, so a TCP listener's.
    const [old] = lines('handwritten-classic-elb-tcp-without-agent-and-tls-fields.log');
    expect(parser.scan(old!)).toBe(ScanOutcome.Ignored);
    expect(parser.ignoredCode).toBe('elb-tcp-listener');
  });

  it('still calls a "-" status malformed when the record has a request: only a listener record without one is ignored', () => {
    const parser = classic.create();
    const withRequest = listenerLines[0]!.replace(' 200 200 ', ' - - ');
    expect(classic.match(withRequest)).toBe(0);
    expect(parser.scan(withRequest)).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-invalid');
    // A status on one side only is no listener record either.
    expect(parser.scan(listenerLines[2]!.replace(' - - 82 ', ' - 200 82 '))).toBe(ScanOutcome.Malformed);
  });

  it('detects a file of listener records alone as classic ELB, every line ignored by reason, none malformed', () => {
    const { tally, processor } = processed(lines('toshihirock-node-elb-log-parser-test-tcp-ssl.log'));
    expect(processor.unknownFormat).toBe(false);
    expect(processor.mainFormat).toBe('aws-elb-classic');
    const summary = tally.summarize();
    expect(summary.lines).toMatchObject({ parsed: 0, malformed: 0, ignored: 3 });
    expect(summary.ignoredCodes).toEqual({ 'elb-ssl-listener': 2, 'elb-tcp-listener': 1 });
  });

  it('reads user agent and TLS fields, with "-" as absent', () => {
    const parser = classic.create();
    parser.scan(classicLines[2]!);
    expect(parser.record()).toMatchObject({ userAgent: 'curl/7.38.0 (#56-0ef1d4a5)', extra: { ssl_cipher: 'DHE-RSA-AES128-SHA', ssl_protocol: 'TLSv1.2' } });
    parser.scan(classicLines[3]!);
    const rec = parser.record();
    expect(rec.userAgent).toBeUndefined();
    expect(rec.extra?.['ssl_cipher']).toBeUndefined();
  });
});
