import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/formats/record.js';
import type { TallySummary } from '../../src/tally/summary.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';

const T0 = Date.UTC(2026, 4, 1, 0, 0, 0);
const MINUTE = 60_000;

function rec(status: number, minute: number, extra: Partial<LogRecord> = {}): LogRecord {
  return { status, time: T0 + minute * MINUTE + 1_000, format: 'nginx-upstreaminfo', vendor: 'nginx', path: '/a', ...extra };
}

/** `minutes` minutes of 50 OK requests each, plus whatever `extra(minute)` adds. */
function summaryOf(minutes: number, extra: (minute: number) => LogRecord[]): TallySummary {
  const tally = new Tally();
  for (let m = 0; m < minutes; m++) {
    for (let i = 0; i < 50; i++) tally.addRecord(rec(200, m, { durationMs: 20 }));
    for (const record of extra(m)) tally.addRecord(record);
  }
  return tally.summarize();
}

const times = (n: number, make: () => LogRecord): LogRecord[] => Array.from({ length: n }, make);

describe('triage', () => {
  it('has no findings for a healthy log', () => {
    const summary = summaryOf(30, (m) => (m % 5 === 0 ? [rec(404, m), rec(301, m)] : []));
    expect(triage(summary)).toEqual([]);
  });

  it('reports 408 and 429 only as bursts, not as a steady trickle', () => {
    const steady = summaryOf(40, (m) => [rec(429, m), rec(408, m)]);
    expect(triage(steady)).toEqual([]);
    const burst = summaryOf(40, (m) => (m >= 30 ? times(20, () => rec(429, m)) : m % 4 === 0 ? [rec(429, m)] : []));
    const [f] = triage(burst);
    expect(f!.code).toBe(429);
    expect(f!.evidence.onset).toBe(new Date(T0 + 30 * MINUTE).toISOString());
  });

  it('leaves out a rare steady 499 but reports a frequent one', () => {
    expect(triage(summaryOf(40, (m) => (m % 10 === 0 ? [rec(499, m)] : [])))).toEqual([]);
    const frequent = triage(summaryOf(40, (m) => times(3, () => rec(499, m))));
    expect(frequent.map((f) => f.code)).toEqual([499]);
    expect(frequent[0]!.evidence.onset).toBeUndefined();
  });

  it('recognizes "no live upstreams" when nginx logs the group name as the address', () => {
    const summary = summaryOf(30, (m) =>
      m >= 20 ? times(10, () => rec(502, m, { upstream: ['backend'], upstreamStatus: [502], durationMs: 0 })) : [],
    );
    const [f] = triage(summary);
    expect(f!.code).toBe(502);
    expect(f!.headline).toContain('no live upstreams');
    expect(f!.notes.join(' ')).toContain('upstream group backend');
  });

  it('says when the clients of 5xx lines went away (IIS win32 64/995/1236)', () => {
    const summary = summaryOf(30, (m) =>
      m % 3 === 0 ? [rec(500, m, { vendor: 'iis', format: 'iis-w3c', subStatus: 0, win32Status: 64 })] : [],
    );
    const [f] = triage(summary);
    expect(f!.notes.join(' ')).toMatch(/win32 status 64 .*went away/);
  });

  it('orders findings most severe first: a sudden, large 5xx before a trickle and a client signal', () => {
    const summary = summaryOf(60, (m) => [
      ...(m % 6 === 0 ? [rec(500, m)] : []),
      ...(m >= 45 ? times(30, () => rec(503, m)) : []),
      ...(m >= 50 ? times(6, () => rec(499, m)) : []),
    ]);
    const findings = triage(summary);
    expect(findings.map((f) => f.code)).toEqual([503, 499, 500]);
    expect(findings[0]!.severity).toBe('critical');
    expect(['low', 'info']).toContain(findings[2]!.severity);
  });

  it('compares with the period before when given a baseline', () => {
    const before = summaryOf(30, (m) => (m % 10 === 0 ? [rec(502, m)] : []));
    const now = summaryOf(30, (m) => times(5, () => rec(502, m)));
    const [f] = triage(now, { baseline: before });
    expect(f!.notes.join(' ')).toMatch(/In the period before it was 0\.2% of requests; now 9\.1%: 4\d\.\dx the rate before/);
    const same = triage(now, { baseline: now })[0]!;
    expect(same.notes.join(' ')).toContain('about the same rate as before');
    expect(['critical', 'high', 'medium', 'low', 'info'].indexOf(same.severity)).toBeGreaterThan(
      ['critical', 'high', 'medium', 'low', 'info'].indexOf(f!.severity),
    );
    const absentBefore = triage(now, { baseline: summaryOf(30, () => []) });
    expect(absentBefore[0]!.notes.join(' ')).toContain('Absent in the period before');
  });

  it('still reports a 5xx the registry may not know, with generic advice', () => {
    const [f] = triage(summaryOf(20, (m) => (m === 10 ? [rec(599, m)] : [])));
    expect(f!.code).toBe(599);
    expect(f!.cause.length).toBeGreaterThan(0);
    expect(f!.retry.length).toBeGreaterThan(0);
  });

  it('works on records without times', () => {
    const tally = new Tally();
    for (let i = 0; i < 10; i++) tally.addRecord({ status: 502, format: 'x', vendor: 'nginx' });
    const [f] = triage(tally.summarize());
    expect(f!.count).toBe(10);
    expect(f!.evidence.onset).toBeUndefined();
    expect(f!.evidence.peak).toBeUndefined();
  });
});

describe('triage of durations', () => {
  it('reads 499s that all end at one duration as a client-side timeout', () => {
    const summary = summaryOf(30, (m) => (m >= 20 ? times(8, () => rec(499, m, { durationMs: 30_000 + (m % 3) })) : []));
    const [f] = triage(summary);
    expect(f!.code).toBe(499);
    expect(f!.evidence.timeoutMs).toBe(30_000);
    expect(f!.headline).toContain('clients give up after 30 s');
  });

  it('sets no timeout when durations are spread out', () => {
    let n = 0;
    // Durations from 1 s to 80 s in even steps: no value holds more than a few of them.
    const summary = summaryOf(30, (m) => (m >= 20 ? times(8, () => rec(504, m, { durationMs: 1_000 * ++n })) : []));
    expect(triage(summary)[0]!.evidence.timeoutMs).toBeUndefined();
  });
});

describe('triage of load balancer and CDN evidence', () => {
  it('says an ALB 502 without a target status came from the load balancer', () => {
    const summary = summaryOf(30, (m) =>
      m >= 20 ? times(6, () => rec(502, m, { vendor: 'aws-elb', format: 'aws-alb', upstream: ['10.1.2.3:80'] })) : [],
    );
    const [f] = triage(summary);
    expect(f!.headline).toContain('generated by the load balancer');
  });

  it('says an origin error passed through Cloudflare came from the origin itself', () => {
    const summary = summaryOf(30, (m) =>
      m >= 20 ? times(6, () => rec(500, m, { vendor: 'cloudflare', format: 'cloudflare-json', originStatus: 500 })) : [],
    );
    const [f] = triage(summary);
    expect(f!.notes.join(' ')).toContain('The origin itself returned 500');
  });
});

describe("a finding's sentences", () => {
  // 50 OK a minute for an hour; 30 502s a minute from minute 40 to 49.
  const summary = summaryOf(60, (m) => (m >= 40 && m < 50 ? times(30, () => rec(502, m)) : []));
  const finding = triage(summary).find((f) => f.code === 502)!;
  const values = (phrase: NonNullable<typeof finding.phrases>['headline']) => phrase.filter((part) => typeof part !== 'string');

  it('keep the times of an episode as instants, and its peak as a rate over the bucket', () => {
    expect(values(finding.phrases!.headline)).toEqual([
      { kind: 'clock', at: new Date(T0 + 40 * MINUTE).toISOString() },
      { kind: 'clock', at: new Date(T0 + 49 * MINUTE).toISOString() },
    ]);
    const episode = finding.phrases!.notes.find((note) => note[0] === 'From ')!;
    expect(values(episode)).toEqual([
      { kind: 'minute', at: new Date(T0 + 40 * MINUTE).toISOString() },
      { kind: 'clock', at: new Date(T0 + 49 * MINUTE).toISOString() },
      { kind: 'rate', perSecond: 30 / 60 },
      { kind: 'clock', at: finding.evidence.episodes[0]!.peak },
    ]);
  });

  it('are the phrases written in UTC, each time with UTC beside it, rates per minute', () => {
    // 300 of 3,300 requests, all on /a.
    expect(finding.headline).toBe('502 Bad Gateway: 300 (9.1%), mostly on /a, from 00:40 UTC, ended 00:49 UTC');
    const peak = finding.evidence.episodes[0]!.peak.slice(11, 16);
    expect(finding.notes.find((note) => note.startsWith('From '))).toMatch(
      new RegExp(`^From 2026-05-01 00:40 UTC, until 00:49 UTC \\(10 min\\): 300 \\(38% of requests then, [^;]+; peak 30/min at ${peak} UTC\\)\\.$`),
    );
    expect(finding.notes).toHaveLength(finding.phrases!.notes.length);
  });
});
