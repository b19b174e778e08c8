import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLogcodes } from './run.js';

const log = 'fixtures/incident/nginx-incident.log';

describe('--tz and --local-time', () => {
  it('shows the span in the zone, with its offset, and keeps the JSON report in UTC', async () => {
    const utc = await runLogcodes(['report', log]);
    expect(utc.stdout).toContain('2026-03-02 09:00:00 → 10:39:59 UTC');
    const paris = await runLogcodes(['report', '--tz', 'Europe/Paris', log]);
    expect(paris.code).toBe(0);
    expect(paris.stdout).toContain('2026-03-02 10:00:00 → 11:39:59 +01:00');
    const markdown = await runLogcodes(['triage', '-o', 'markdown', '--tz', '-03:00', log]);
    expect(markdown.stdout).toContain('06:00:00 → 07:39:59 -03:00');
    const json = JSON.parse((await runLogcodes(['report', '-o', 'json', '--tz', 'Europe/Paris', log])).stdout) as Report;
    expect(json.span.first).toBe('2026-03-02T09:00:00.000Z');
  });

  it("writes the times inside the findings' sentences in the zone too, in every renderer", async () => {
    for (const output of ['table', 'markdown', 'html']) {
      const run = await runLogcodes(['triage', '-o', output, '--tz', 'Europe/Berlin', log]);
      expect(run.code).toBe(0);
      // The 503 maintenance window, 10:30-10:36 UTC.
      expect(run.stdout, output).toMatch(/from 11:30 \+01:00, ended 11:36 \+01:00/);
      expect(run.stdout, output).toMatch(/From 2026-03-02 11:30 \+01:00, until\s+11:36 \+01:00/);
      expect(run.stdout, output).not.toContain('UTC');
    }
    const windowed = await runLogcodes(['triage', '--tz', '+05:30', '--since', '2026-03-02T10:33Z', log]);
    expect(windowed.stdout).toMatch(/elevated since\s+2026-03-02 16:00 \+05:30/);
    expect(windowed.stdout).not.toContain('UTC');
  });

  it("keeps the JSON report's sentences in UTC, saying so, with their times as data", async () => {
    const json = JSON.parse((await runLogcodes(['triage', '-o', 'json', '--tz', 'Europe/Berlin', log])).stdout) as Report;
    const maintenance = json.triage.find((f) => f.code === 503)!;
    expect(maintenance.headline).toContain('from 10:30 UTC, ended 10:36 UTC');
    expect(maintenance.phrases!.headline).toContainEqual({ kind: 'clock', at: '2026-03-02T10:30:00.000Z' });
    for (const finding of json.triage) {
      for (const sentence of [finding.headline, ...finding.notes]) {
        // Every clock in a sentence says UTC beside it (an address such as 10.0.5.21:8080 is no clock).
        for (const [, after] of sentence.matchAll(/(?<![\d.:])\d\d:\d\d(?![\d:.])( UTC)?/g)) expect(after, sentence).toBe(' UTC');
      }
    }
  });

  it('--local-time uses the zone of TZ', async () => {
    const run = await runLogcodes(['report', '--local-time', log], { env: { TZ: 'America/New_York' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2026-03-02 04:00:00 → 05:39:59 -05:00');
  });

  it('an unknown zone, or both options, is a one-line usage error', async () => {
    for (const args of [['--tz', 'Mars/Olympus'], ['--tz', 'UTC', '--local-time']]) {
      const run = await runLogcodes(['report', ...args, log]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^logcodes: --tz/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
