import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats, findFormat } from '../../src/formats/builtin.js';
import { detectFormat } from '../../src/formats/detect.js';
import { ScanOutcome } from '../../src/formats/parser.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/envoy/', import.meta.url));
const linesOf = (file: string): string[] => readFileSync(dir + file, 'utf8').split('\n').filter((line) => line.trim() !== '');
const envoy = findFormat('envoy')!;

function parse(line: string) {
  const parser = envoy.create();
  const outcome = parser.scan(line);
  return { outcome, parser, record: outcome === ScanOutcome.Record ? parser.record() : undefined };
}

describe('envoy (default access-log format)', () => {
  it("reads the example of Envoy's documentation", () => {
    const [line] = linesOf('envoyproxy-envoy-docs-access-log-usage-default-format.log');
    const { parser, record } = parse(line!);
    expect(parser.hot).toMatchObject({ status: 204, time: Date.UTC(2016, 3, 15, 20, 17, 0, 310), bytes: 0, durationMs: 226 });
    expect(record).toMatchObject({
      method: 'POST',
      path: '/api/v1/locations',
      protocol: 'HTTP/2',
      client: '10.0.35.28',
      userAgent: 'nsq2http',
      host: 'locations',
      upstream: ['tcp://10.0.2.1:80'],
      upstreamTimeMs: [100],
      extra: { response_flags: '-', bytes_received: '154', request_id: 'cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2' },
    });
    expect(record!.signal).toBeUndefined();
  });

  it("reads a UF 503 from Contour's troubleshooting guide: the flags are the signal, no service time", () => {
    const { record } = parse(linesOf('projectcontour-contour-docs-common-proxy-errors.log')[0]!);
    expect(record).toMatchObject({ status: 503, durationMs: 1998, upstream: ['10.244.8.27:8080'], upstreamTimeMs: [null], signal: { kind: 'envoy-response-flags', value: 'UF' } });
  });

  it("reads Istio's default, with details after the flags and cluster, addresses and route after the upstream host", () => {
    const [outbound, inbound] = linesOf('istio-istio.io-docs-access-log-istio-format.log').map((line) => parse(line).record!);
    expect(outbound).toMatchObject({
      status: 418,
      bytes: 135,
      durationMs: 4,
      host: 'httpbin',
      upstream: ['10.44.1.27:80'],
      client: '10.44.1.23',
      extra: { details: 'via_upstream - "-"', upstream_cluster: 'outbound|8000||httpbin.foo.svc.cluster.local', route_name: 'default' },
    });
    expect(inbound).toMatchObject({ durationMs: 3, upstreamTimeMs: [1], extra: { details: 'via_upstream - "-"', upstream_cluster: 'inbound|8000||' } });
  });

  it('reads flag combinations, a quoted transport failure reason, and response code details alone', () => {
    const lines = linesOf('handwritten-response-flags.log');
    const flags = lines.map((line) => parse(line).record?.signal?.value);
    expect(flags).toEqual([undefined, 'UH', 'UT', 'UO', 'NR', undefined, 'UF,URX', 'UC', 'LR', 'UF']);
    // Hand-written from Istio's layout: code details, termination details, then a quoted failure reason.
    const withReason = lines[9]!.replace('{connection_failure} - "-"', '{connection_failure} - "delayed connect error: 111"');
    expect(parse(withReason).record).toMatchObject({ status: 503, bytes: 145, extra: { details: 'upstream_reset_before_response_started{connection_failure} - "delayed connect error: 111"' } });
    const detailsOnly = '[2024-07-20T07:06:24.729Z] "GET /no-healthy-upstream HTTP/1.1" 503 UH no_healthy_upstream 0 19 0 - "-" "curl/8.4.0" "2f22e5c6-2387-49b8-96c4-7b3a1678dbb0" "localhost:8000" "-"';
    expect(parse(detailsOnly).record).toMatchObject({ status: 503, bytes: 19, durationMs: 0, host: 'localhost', signal: { value: 'UH' } });
    expect(parse(detailsOnly).record!.upstream).toBeUndefined();
  });

  it('counts response code 0 as a record without a status, and rejects broken lines with a reason', () => {
    const zero = parse(linesOf('handwritten-response-flags.log')[5]!);
    expect(zero.outcome).toBe(ScanOutcome.Malformed);
    expect(zero.parser.reason?.code).toBe('status-unset');
    expect(zero.parser.reason?.detail).toContain('flags DC');
    const cases: [string, string][] = [
      ['2016-04-15T20:17:00.310Z "GET / HTTP/1.1" 200 - 0 0 1 1 "-" "-" "-" "-" "-"', 'time-missing'],
      ['[2016-13-15T20:17:00.310Z] "GET / HTTP/1.1" 200 - 0 0 1 1 "-" "-" "-" "-" "-"', 'time-invalid'],
      ['[2016-04-15T20:17:00.310Z] GET / HTTP/1.1 200 - 0 0 1 1 "-" "-" "-" "-" "-"', 'request-missing'],
      ['[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 2x0 - 0 0 1 1 "-" "-" "-" "-" "-"', 'status-invalid'],
      ['[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 200 - zero 0 1 1 "-" "-" "-" "-" "-"', 'field-count'],
      // Envoy's own application log: a time, but no request.
      ['[2016-04-15 20:17:00.310][14][warning][config] [source/server.cc:120] failed', 'request-missing'],
    ];
    for (const [line, code] of cases) {
      const { outcome, parser } = parse(line);
      expect(outcome, line).toBe(ScanOutcome.Malformed);
      expect(parser.reason?.code, line).toBe(code);
    }
  });

  it('reads each START_TIME as the ISO parser does, across minutes, days and years that share a clock', () => {
    const parser = envoy.create();
    const times = ['2026-03-14T00:00:59.999Z', '2026-03-14T00:01:00.000Z', '2026-03-15T00:01:00.000Z', '2027-03-15T00:01:07.042Z', '2027-03-15T00:01:61.000Z', '2027-03-15T00:01:07.042+01:00', '2027-03-15T00:01:07Z'];
    const read = times.map((time) => {
      parser.scan(`[${time}] "GET / HTTP/1.1" 200 - 0 1 2 1 "-" "-" "-" "-" "-"`);
      return parser.hot.time;
    });
    expect(read).toEqual([
      Date.UTC(2026, 2, 14, 0, 0, 59, 999),
      Date.UTC(2026, 2, 14, 0, 1, 0, 0),
      Date.UTC(2026, 2, 15, 0, 1, 0, 0),
      Date.UTC(2027, 2, 15, 0, 1, 7, 42),
      -1,
      Date.UTC(2027, 2, 14, 23, 1, 7, 42),
      Date.UTC(2027, 2, 15, 0, 1, 7, 0),
    ]);
  });

  it('is detected among all formats, and parses every record line of the real samples', () => {
    for (const file of ['envoyproxy-envoy-docs-access-log-usage-default-format.log', 'projectcontour-contour-docs-common-proxy-errors.log', 'istio-istio.io-docs-access-log-istio-format.log']) {
      const lines = linesOf(file);
      expect(detectFormat(lines, builtinFormats)?.format.name, file).toBe('envoy');
      expect(lines.map((line) => parse(line).outcome), file).toEqual(lines.map(() => ScanOutcome.Record));
    }
  });
});
