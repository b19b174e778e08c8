import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/formats/record.js';
import { Tally } from '../../src/tally/tally.js';
import { adviceFor, readSignals } from '../../src/triage/signals.js';
import { triage } from '../../src/triage/triage.js';

const T0 = Date.UTC(2026, 4, 1, 0, 0, 0);
const MINUTE = 60_000;

function rec(status: number, minute: number, extra: Partial<LogRecord> = {}): LogRecord {
  return { status, time: T0 + minute * MINUTE + 1_000, format: 'aws-alb', vendor: 'aws-elb', path: '/a', ...extra };
}

/** 30 minutes of 50 OK requests, and from minute 20 on, `errors(minute)` besides. */
function tallyOf(errors: (minute: number) => LogRecord[]): Tally {
  const tally = new Tally();
  for (let m = 0; m < 30; m++) {
    for (let i = 0; i < 50; i++) tally.addRecord(rec(200, m, { durationMs: 20 }));
    if (m >= 20) for (const record of errors(m)) tally.addRecord(record);
  }
  return tally;
}

const lambda = (m: number): LogRecord => rec(502, m, { signal: { kind: 'alb-error-reason', value: 'LambdaInvalidResponse' } });

describe('signals', () => {
  it('are counted per status and kind, and merge', () => {
    const a = tallyOf((m) => [lambda(m), rec(502, m, { signal: { kind: 'alb-error-reason', value: 'LambdaUnhandled' } }), lambda(m)]);
    const b = tallyOf((m) => [lambda(m)]);
    a.merge(b);
    const error = a.summarize().errors.find((e) => e.code === 502)!;
    expect(error.signals).toEqual([
      { kind: 'alb-error-reason', label: 'error_reason', values: [{ value: 'LambdaInvalidResponse', count: 30 }, { value: 'LambdaUnhandled', count: 10 }] },
    ]);
  });

  it('leave a finding without them as it was: no signals key', () => {
    const [finding] = triage(tallyOf((m) => Array.from({ length: 5 }, () => rec(502, m))).summarize());
    expect(finding!.code).toBe(502);
    expect(finding!.evidence).not.toHaveProperty('signals');
  });

  it('name the value in the evidence, and its advice leads the finding', () => {
    const [finding] = triage(tallyOf((m) => Array.from({ length: 5 }, () => lambda(m))).summarize());
    expect(finding!.evidence.signals).toEqual([
      { kind: 'alb-error-reason', label: 'error_reason', values: [{ value: 'LambdaInvalidResponse', count: 50 }] },
    ]);
    expect(finding!.headline).toContain('error_reason LambdaInvalidResponse, the Lambda function returned an invalid response');
    expect(finding!.lookFirst.startsWith("The Lambda function's return value")).toBe(true);
    expect(finding!.retry).toContain('Here retrying will not help');
    expect(finding!.notes[0]).toMatch(/^error_reason LambdaInvalidResponse on 100% of them: /);
  });

  it('give advice only for the value behind most of the records, a note for the others', () => {
    const readings = readSignals({
      ...tallyOf(() => []).summarize().errors[0],
      code: 502,
      count: 10,
      signals: [{ kind: 'alb-error-reason', label: 'error_reason', values: [{ value: 'LambdaThrottling', count: 7 }, { value: 'WAFServiceError', count: 3 }] }],
    } as never);
    expect(readings).toHaveLength(2);
    expect(readings[0]!.headline).toContain('throttled');
    expect(readings[0]!.retry).toContain('backoff');
    expect(readings[1]!.headline).toBeUndefined();
    expect(readings[1]!.note).toMatch(/^error_reason WAFServiceError on 30% of them: /);
  });

  it('name an unknown value only when it stands behind most of the records', () => {
    const base = { code: 502, count: 10, signals: [] } as never as Parameters<typeof readSignals>[0];
    const unknown = (count: number) => readSignals({ ...base, signals: [{ kind: 'alb-error-reason', label: 'error_reason', values: [{ value: 'SomethingNew', count }] }] });
    expect(unknown(6)).toEqual([{ note: 'error_reason SomethingNew on 60% of them.' }]);
    expect(unknown(4)).toEqual([]);
    expect(adviceFor('alb-error-reason', 'SomethingNew')).toBeUndefined();
  });
});

describe('proxy signals', () => {
  const finding = (status: number, vendor: LogRecord['vendor'], kind: 'haproxy-termination' | 'envoy-response-flags', value: string) =>
    triage(tallyOf((m) => Array.from({ length: 5 }, () => rec(status, m, { vendor, format: vendor, signal: { kind, value } }))).summarize())[0]!;

  it('a HAProxy sH-- 504 names the state and calls the backend slow', () => {
    const f = finding(504, 'haproxy', 'haproxy-termination', 'sH--');
    expect(f.evidence.signals).toEqual([{ kind: 'haproxy-termination', label: 'termination', values: [{ value: 'sH--', count: 50 }] }]);
    expect(f.headline).toContain('termination sH--, server timeout waiting for the response headers: the backend is slow');
    expect(f.lookFirst.startsWith('The backend servers behind these requests')).toBe(true);
  });

  it('reads a HAProxy state by its pair, then by its first letter', () => {
    expect(finding(503, 'haproxy', 'haproxy-termination', 'SC--').headline).toContain('the server refused the connection: it is down');
    expect(finding(503, 'haproxy', 'haproxy-termination', 'sQ--').headline).toContain('queue timeout: the backend is at capacity');
    expect(finding(504, 'haproxy', 'haproxy-termination', 'cD--').headline).toContain('not a server problem');
    expect(adviceFor('haproxy-termination', 'sT--')).toMatchObject({ key: 's' });
    expect(adviceFor('haproxy-termination', 'PR--')?.advice.retry).toContain('will not help');
  });

  it('an Envoy UF 503 names the flag and says Envoy could not connect to the upstream', () => {
    const f = finding(503, 'envoy', 'envoy-response-flags', 'UF');
    expect(f.evidence.signals![0]!.values).toEqual([{ value: 'UF', count: 50 }]);
    expect(f.headline).toContain('Envoy flags UF, Envoy could not connect to the upstream');
    expect(f.lookFirst.startsWith('The upstream host named in the log')).toBe(true);
  });

  it('reads an Envoy combination by its first flag, and names that flag in the note', () => {
    const f = finding(503, 'envoy', 'envoy-response-flags', 'UF,URX');
    expect(f.headline).toContain('Envoy flags UF,URX, Envoy could not connect to the upstream');
    expect(f.notes[0]).toMatch(/^Envoy flags UF,URX \(UF\) on 100% of them: /);
    expect(adviceFor('envoy-response-flags', 'XYZ,UH')).toMatchObject({ key: 'UH' });
  });
});
