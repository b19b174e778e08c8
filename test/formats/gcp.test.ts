import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome } from '../../src/formats/parser.js';
import { GcpLoadBalancerParser, addressWithoutPort, gcpFormats } from '../../src/formats/gcp.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { detectFormat } from '../../src/formats/detect.js';
import { scanAll } from './scan-all.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/gcp/', import.meta.url));
const lines = (name: string): string[] => readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
const lb = lines('otel-contrib-googlecloudlogentry-loadbalancer.ndjson');
const run = lines('otel-contrib-googlecloudlogentry-cloud-run-request.ndjson');
const failures = lines('handwritten-backend-failures.ndjson');
const gcp = gcpFormats[0]!;

describe('gcp-lb-json', () => {
  it('counts every entry of the real samples', () => {
    const parser = gcp.create();
    for (const line of [...lb, ...run]) expect(parser.scan(line), line.slice(0, 80)).toBe(ScanOutcome.Record);
  });

  it('reads httpRequest: status, responseSize, latency as a duration, the URL, and the LB verdict', () => {
    const parser = gcp.create();
    const line = lb.find((l) => l.includes('failed_to_pick_backend'))!;
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.hot).toMatchObject({ status: 503, bytes: 155, durationMs: 11.213, time: Date.UTC(2025, 10, 20, 11, 55, 28, 882) });
    expect(parser.record()).toMatchObject({
      vendor: 'gcp',
      method: 'GET',
      host: '136.110.215.198',
      path: '/geoserver/web/',
      client: '64.62.156.212',
      tzOffsetMinutes: 0,
      extra: { statusDetails: 'failed_to_pick_backend', backend_service_name: 'bakcend-test-2', 'resource.type': 'http_load_balancer' },
    });
  });

  it('takes the port off remoteIp but leaves a bare IPv6 address whole; serverIp is the upstream', () => {
    const parser = gcp.create();
    parser.scan(lb[1]!);
    expect(parser.record()).toMatchObject({ client: '79.117.34.252', upstream: ['10.20.0.4:80'], protocol: 'HTTP/2', path: '/', query: 'curl=', extra: { backend_service_name: 'gcp-fixture-alb-backend-service' } });
    parser.scan(run[0]!);
    expect(parser.record()).toMatchObject({ status: 503, client: '1802:2a14:1188:9898:34ab:b5c5:86eb:a142', upstream: ['2024:6048:3248:42::42'], referer: 'https://console.cloud.google.com/' });
    expect(addressWithoutPort('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(addressWithoutPort('2001:db8::1')).toBe('2001:db8::1');
  });

  it('reports an entry whose request got no status, and ignores entries without a request', () => {
    const parser = gcp.create();
    const noResponse = lb[0]!.replace('"status":200', '"status":0').replace('"response_sent_by_backend"', '"client_disconnected_before_any_response"');
    expect(parser.scan(noResponse)).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'status-unset', detail: 'no status sent: client_disconnected_before_any_response' });
    expect(parser.scan('{"insertId":"x","jsonPayload":{"message":"hi"},"logName":"projects/p/logs/requests","timestamp":"2025-11-20T11:55:28Z"}')).toBe(ScanOutcome.Ignored);
    expect(parser.scan('{"httpRequest":{"status":502')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('json-invalid');
  });

  // Hand-written variants of a real entry: spacing, escapes, numbers written other ways, a port-less latency.
  const real = lb[4]!;
  const variants = [
    real,
    real.replace('"status":503', '"status" : 503'),
    real.replace('"responseSize":"155"', '"responseSize":155'),
    real.replace('"latency":"0.011213s"', '"latency":"11ms"'),
    real.replace('"latency":"0.011213s"', '"latency":"0.011213s\\u0020"'),
    real.replace('"requestUrl":"http://136.110.215.198/geoserver/web/"', '"requestUrl":"http://h/\\"}{\\"status\\":200"'),
    real.replace('"timestamp":"2025-11-20T11:55:28.882791Z"', '"timestamp":"2025-11-20T12:55:28.882791+01:00"'),
    real.replace(/"timestamp":"[^"]*",/, ''),
    `  ${real}\r`,
    ...failures,
  ];

  it('reads the hot fields from the raw text exactly as JSON.parse reads them', () => {
    for (const sample of [lb, run, variants]) {
      expect(scanAll(new GcpLoadBalancerParser(true), sample)).toEqual(scanAll(new GcpLoadBalancerParser(false), sample));
    }
  });

  it('is detected among all formats, Cloud Run request entries too', () => {
    expect(detectFormat(lb, builtinFormats)?.format.name).toBe('gcp-lb-json');
    expect(detectFormat(run, builtinFormats)?.format.name).toBe('gcp-lb-json');
    expect(detectFormat(failures, builtinFormats)?.format.name).toBe('gcp-lb-json');
  });
});
