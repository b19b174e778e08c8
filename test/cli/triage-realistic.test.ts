import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBenchLog } from '../../scripts/gen-bench-log.js';
import { randomScenario, writeTraffic } from '../../scripts/gen-traffic.js';
import type { Report } from '../../src/model/report.js';
import { runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-triage-'));
const MINUTE_MS = 60_000;

async function triageJson(args: string[]): Promise<Report> {
  const result = await runLogcodes(['triage', '-o', 'json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('logcodes triage on the bench log (a day with a 45-minute upstream incident)', () => {
  const log = join(dir, 'bench.log');
  // The day at a fifth of the benchmark's rate: about 140 requests a minute, the same shape.
  writeBenchLog({ lines: 200_000, out: log });

  it('finds 502 and 504 episodes from 13:00 UTC to 13:44, and calls 500 and 503 a background', async () => {
    const report = await triageJson([log]);
    const byCode = new Map(report.triage.map((f) => [f.code, f]));
    for (const code of [502, 504]) {
      const episodes = byCode.get(code)!.evidence.episodes;
      expect(episodes.map((e) => [e.start, e.end])).toEqual([['2026-03-14T13:00:00.000Z', '2026-03-14T13:44:00.000Z']]);
      expect(byCode.get(code)!.severity).toBe('critical');
    }
    for (const code of [500, 503]) {
      expect(byCode.get(code)!.evidence.episodes).toEqual([]);
      expect(['low', 'info']).toContain(byCode.get(code)!.severity);
    }
    expect(report.triage.slice(0, 2).map((f) => f.code).sort()).toEqual([502, 504]);
  });

  it('with a window that starts inside the incident, says it was already underway, peak inside the window', async () => {
    // 14:30 on the log's +01:00 clock is 13:30 UTC.
    const report = await triageJson([log, '--since', '14:30', '--until', '16:00']);
    const f = report.triage.find((x) => x.code === 502)!;
    expect(f.evidence.episodes).toHaveLength(1);
    const [episode] = f.evidence.episodes;
    expect(episode).toMatchObject({ start: '2026-03-14T13:30:00.000Z', end: '2026-03-14T13:44:00.000Z', startedBeforeLog: true });
    expect(episode!.peak >= episode!.start && episode!.peak <= episode!.end).toBe(true);
    expect(f.evidence.onset).toBeUndefined();
    expect(f.notes.join(' ')).toContain('Already underway when the window begins, elevated since 2026-03-14 13:00 UTC');
  });
});

describe.each(['nginx', 'cloudflare', 'iis'] as const)('logcodes triage on three days of %s traffic, through the real parser', (format) => {
  const seed = { nginx: 11, cloudflare: 12, iis: 13 }[format];
  const scenario = randomScenario(seed, 3, 120);
  const log = join(dir, `week-${format}.log`);
  writeTraffic(scenario, seed, format, log);

  it('reports an episode for every planted incident, from about its start, and none for the surges', async () => {
    const report = await triageJson([log]);
    const episodes = report.triage.flatMap((f) =>
      f.evidence.episodes.map((e) => ({ code: f.code, start: (Date.parse(e.start) - scenario.startMs) / MINUTE_MS, startedBeforeLog: e.startedBeforeLog })),
    );
    const tolerance = { step: 2, burst: 2, ramp: 6, 'slow-burn': 150 } as const;
    for (const incident of scenario.incidents) {
      const found = episodes.filter((e) => e.code === incident.code && e.start <= incident.start + incident.minutes && e.start >= incident.start - 10);
      expect(found.length, `${incident.code} ${incident.shape} at minute ${incident.start}`).toBeGreaterThan(0);
      if (incident.start === 0) expect(found[0]!.startedBeforeLog).toBe(true);
      else expect(Math.abs(found[0]!.start - incident.start), `${incident.code} ${incident.shape} at minute ${incident.start}: ${found[0]!.start}`).toBeLessThanOrEqual(tolerance[incident.shape]);
    }
    expect(episodes.length).toBe(scenario.incidents.length);
  });
});
