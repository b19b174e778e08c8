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
