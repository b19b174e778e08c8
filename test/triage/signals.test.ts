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
