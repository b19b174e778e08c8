import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKGROUND, type Scenario, writeTraffic } from '../../scripts/gen-traffic.js';
import type { Report } from '../../src/model/report.js';
import { runLogcodes, stdoutOfCleanRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-baseline-'));
const DAY_MS = 86_400_000;
const MONDAY = Date.UTC(2026, 2, 2);

function day(startMs: number, incidents: Scenario['incidents']): Scenario {
  return { days: 1, startMs, tzOffsetMinutes: 0, peakPerMinute: 60, background: BACKGROUND, incidents, surges: [] };
}

async function json(args: readonly string[]): Promise<Report> {
  return JSON.parse(await stdoutOfCleanRun(args)) as Report;
}

function share(report: Report, code: number): number {
  const requests = Object.values(report.classes).reduce((sum, n) => sum + n, 0);
  return (report.codes.find((c) => c.code === code)?.count ?? 0) / requests;
}

describe('--baseline: a day with a 504 incident against the calm day before', () => {
  const yesterday = join(dir, 'monday.log');
  const today = join(dir, 'tuesday.log');
  writeTraffic(day(MONDAY, []), 5, 'nginx', yesterday);
  // An hour of 504s at 2% of requests on Tuesday afternoon, over a background of 0.04%.
  const incident = { code: 504, shape: 'step', start: 14 * 60, minutes: 60, share: 0.02, rampMinutes: 0, upstream: '10.0.3.12:8080' } as const;
  writeTraffic(day(MONDAY + DAY_MS, [incident]), 6, 'nginx', today);
  const summaryFile = join(dir, 'monday.summary.json');
  const reportFile = join(dir, 'monday.report.json');

  it('gives the ratio of the two days\' shares, from a summary or a JSON report alike', async () => {
    const summary = await runLogcodes([yesterday, '-o', 'summary']);
    writeFileSync(summaryFile, summary.stdout);
    const [before, alone] = await Promise.all([json([yesterday, '-o', 'json']), json([today, '-o', 'json'])]);
    writeFileSync(reportFile, JSON.stringify(before));
    const expected = share(alone, 504) / share(before, 504);
    expect(expected).toBeGreaterThan(3);
    expect(expected).toBeLessThan(8);

    for (const baseline of [summaryFile, reportFile]) {
      const report = await json([today, '-o', 'json', '--baseline', baseline]);
      const change = report.comparison!.codes.find((c) => c.code === 504)!;
      expect(change.shareRatio).toBeCloseTo(expected, 9);
      expect(change.baselineCount).toBe(before.codes.find((c) => c.code === 504)!.count);
      expect(report.comparison!.baseline.requests).toBe(Object.values(before.classes).reduce((a, b) => a + b, 0));
      expect(report.comparison!.newCodes).toEqual([]);
      // The hour of 504s adds a tenth to the errors of one upstream and one path: neither doubled.
      expect(report.comparison!.upstreams).toEqual([]);
      expect(report.comparison!.paths).toEqual([]);
      const finding = report.triage.find((f) => f.code === 504)!;
      expect(finding.notes.at(-1)).toMatch(new RegExp(`^${expected.toFixed(1).replace('.', '\\.')}x the baseline's share \\(`));
    }
  });

  it("exits 2 on '504>3x', 0 on '504>8x', and says which rule held", async () => {
    const three = await runLogcodes([today, '-o', 'json', '--baseline', summaryFile, '--fail-on', '504>3x']);
    expect(three.code).toBe(2);
    expect((JSON.parse(three.stdout) as Report).failedRules).toEqual(['504>3x']);
    const eight = await runLogcodes([today, '-o', 'json', '--baseline', summaryFile, '--fail-on', '504>8x']);
    expect(eight.code).toBe(0);
    expect((JSON.parse(eight.stdout) as Report).failedRules).toEqual([]);
    // 504 went from 0.04% to about 0.2% of requests: up by less than a point.
    const points = await runLogcodes([today, '--baseline', summaryFile, '--fail-on', '504>+1pp', '--fail-on', '504>+0.1pp']);
    expect(points.code).toBe(2);
  });

  it('shows the comparison in every renderer', async () => {
    for (const output of ['table', 'markdown', 'html']) {
      const result = await runLogcodes([today, '-o', output, '--baseline', summaryFile]);
      expect(result.code).toBe(0);
      expect(result.stdout, output).toMatch(/vs baseline/i);
      expect(result.stdout, output).toMatch(/x the baseline(&#39;|'|&#x27;)s share/);
    }
  });

  it('names a code the baseline never had', async () => {
    const odd = join(dir, 'odd.log');
    writeFileSync(odd, '203.0.113.9 - - [03/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 418 12 "-" "curl/8"\n');
    const report = await json([odd, '-o', 'json', '--baseline', summaryFile]);
    expect(report.comparison!.newCodes).toEqual([418]);
  });

  it('is a usage error to give a relative rule without --baseline, or a baseline that is no report', async () => {
    const rule = await runLogcodes([today, '--fail-on', '5xx>+1pp']);
    expect(rule.code).toBe(1);
    expect(rule.stderr).toBe("logcodes: --fail-on '5xx>+1pp' compares with a baseline: give --baseline FILE (a -o summary file or a -o json report)\n");
    const notes = join(dir, 'notes.json');
    writeFileSync(notes, '{"hello": 1}');
    const bad = await runLogcodes([today, '--baseline', notes]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^logcodes: .*notes\.json: neither a logcodes summary nor a logcodes\.report\/v1 JSON report\n$/);
  });
});
