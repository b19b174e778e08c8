import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findFormat } from '../../src/formats/builtin.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { Tally } from '../../src/tally/tally.js';
import { adviceFor } from '../../src/triage/signals.js';
import { triage } from '../../src/triage/triage.js';

const T0 = Date.UTC(2026, 4, 1, 0, 0, 0);
const MINUTE = 60_000;
const corpus = (file: string): string[] =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/${file}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');

/** The record a format's parser makes of a line (the signal comes with it), moved to `minute`. */
function recordOf(format: string, lines: readonly string[], line: string): LogRecord {
  const parser = findFormat(format)!.create();
  for (const l of lines) {
    if (l === line) break;
    parser.scan(l);
  }
  expect(parser.scan(line)).toBe(ScanOutcome.Record);
  return parser.record();
}

/** 30 minutes of 50 OK requests of the record's format, and from minute 20 on, five copies of `error` a minute. */
function findingOf(error: LogRecord) {
  const tally = new Tally();
  for (let m = 0; m < 30; m++) {
    for (let i = 0; i < 50; i++) tally.addRecord({ status: 200, time: T0 + m * MINUTE, format: error.format, vendor: error.vendor, path: '/ok', durationMs: 20 });
    if (m >= 20) for (let i = 0; i < 5; i++) tally.addRecord({ ...error, time: T0 + m * MINUTE + 1_000 });
  }
  return triage(tally.summarize()).find((finding) => finding.code === error.status)!;
}

describe('the cloud formats own evidence in findings', () => {
  it("CloudFront: an OriginDnsError 502 names the edge result and points at the origin's DNS", () => {
    const lines = corpus('cloudfront/awsdocs-cloudfront-developer-guide-AccessLogs-example.log');
    const record = recordOf('aws-cloudfront', lines, lines.find((l) => l.includes('\t502\t'))!);
    expect(record.signal).toEqual({ kind: 'cloudfront-edge-result', value: 'OriginDnsError' });
    const finding = findingOf(record);
    expect(finding.evidence.signals).toEqual([{ kind: 'cloudfront-edge-result', label: 'edge result', values: [{ value: 'OriginDnsError', count: 50 }] }]);
    expect(finding.headline).toContain("edge result OriginDnsError, CloudFront could not resolve the origin's domain name");
    expect(finding.lookFirst).toMatch(/^The origin domain name in the distribution and its DNS records/);
  });

  it('Google Cloud: failed_to_connect_to_backend and backend_timeout lead to different advice', () => {
    const lines = corpus('gcp/handwritten-backend-failures.ndjson');
    const refused = findingOf(recordOf('gcp-lb-json', lines, lines[0]!));
    expect(refused.evidence.signals?.[0]).toMatchObject({ kind: 'gcp-status-details', label: 'statusDetails', values: [{ value: 'failed_to_connect_to_backend' }] });
    expect(refused.headline).toContain('statusDetails failed_to_connect_to_backend, the load balancer could not connect to the backend');
    expect(refused.lookFirst).toContain('firewall rules');
    const timeout = findingOf(recordOf('gcp-lb-json', lines, lines.find((l) => l.includes('backend_timeout'))!));
    expect(timeout.code).toBe(504);
    // Durations piled at 30 s make the headline; the statusDetails advice follows in the notes and look-first.
    expect(timeout.headline).toContain("a 30 s timeout fired (the backend service's timeout (30 s unless changed)?)");
    expect(timeout.notes.join(' ')).toContain('statusDetails backend_timeout on 100% of them');
    expect(timeout.lookFirst).toMatch(/^Durations pile up at 30 s/);
  });

  it('Google Cloud: a real failed_to_pick_backend 503 says no backend was healthy', () => {
    const lines = corpus('gcp/otel-contrib-googlecloudlogentry-loadbalancer.ndjson');
    const finding = findingOf(recordOf('gcp-lb-json', lines, lines.find((l) => l.includes('failed_to_pick_backend'))!));
    expect(finding.headline).toContain('no healthy backend');
  });

  it("Traefik: OriginStatus 0 means no answer from the service; the service's own 5xx points at its logs", () => {
    const real = corpus('traefik/crowdsecurity-hub-traefik_json.ndjson')[0]!;
    const refused = real.replace('"DownstreamStatus":200', '"DownstreamStatus":502').replace('"OriginStatus":200', '"OriginStatus":0');
    const own = real.replace('"DownstreamStatus":200', '"DownstreamStatus":500').replace('"OriginStatus":200', '"OriginStatus":500');
    const noAnswer = findingOf(recordOf('traefik-json', [refused], refused));
    expect(noAnswer.headline).toContain('OriginStatus 0, no response from the service');
    expect(noAnswer.lookFirst).toContain('ServiceAddr');
    const answered = findingOf(recordOf('traefik-json', [own], own));
    expect(answered.notes[0]).toMatch(/^OriginStatus 500 \(service answered\) on 100% of them: the service behind Traefik sent this status/);
    expect(answered.lookFirst).toMatch(/^The service's application logs/);
  });

  it('has advice for the documented values that mean a server-side failure', () => {
    for (const value of ['OriginError', 'OriginConnectError', 'OriginCommError', 'OriginReadError', 'CapacityExceeded', 'LimitExceeded']) {
      expect(adviceFor('cloudfront-edge-result', value), value).toBeDefined();
    }
    for (const value of ['failed_to_connect_to_backend', 'failed_to_pick_backend', 'backend_timeout', 'backend_connection_closed_before_data_sent_to_client', 'response_sent_by_backend']) {
      expect(adviceFor('gcp-status-details', value), value).toBeDefined();
    }
  });
});
