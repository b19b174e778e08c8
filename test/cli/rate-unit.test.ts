import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { ratesIn } from '../report/fixtures.js';
import { stdoutOfCleanRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-rates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: readonly string[]): Promise<string> {
  return await stdoutOfCleanRun(args);
}

/** Every rate in every renderer and view of a log, with a --baseline comparison against its own summary. */
async function ratesOf(log: string): Promise<Array<[string, string]>> {
  const baseline = join(dir, `${log.replace(/\W/g, '-')}.json`);
  writeFileSync(baseline, await run(['report', '-o', 'summary', log]));
  const rates: Array<[string, string]> = [];
  for (const view of ['report', 'triage']) {
    for (const output of ['table', 'markdown', 'html']) {
      const found = ratesIn(await run([view, '-o', output, '--baseline', baseline, log]));
      expect(found.length, `${view} -o ${output}`).toBeGreaterThanOrEqual(3);
      rates.push(...found);
    }
  }
  const report = JSON.parse(await run(['triage', '-o', 'json', '--baseline', baseline, log])) as Report;
  rates.push(...ratesIn(report.triage.flatMap((f) => [f.headline, ...f.notes]).join('\n')));
  return rates;
}

describe('one rate unit per report', () => {
  it.each([
    // 5,951 requests in 1h 39m: under one a second, so every rate is per minute.
    ['fixtures/incident/nginx-incident.log', 'min'],
    // 164 requests in 15 s: every rate per second, the 5xx backgrounds and the baseline's included.
    ['fixtures/real/nginx-combined.log', 's'],
  ])('%s: every renderer writes every rate per %s', async (log, unit) => {
    const rates = await ratesOf(log);
    expect(rates.filter(([, u]) => u !== unit)).toEqual([]);
  });

  it('groups the thousands of every count, in the findings against the hour before too', async () => {
    for (const output of ['table', 'markdown', 'html']) {
      const out = await run(['triage', '-o', output, '--since', '10:00', 'fixtures/incident/nginx-incident.log']);
      expect(out).toContain('(0 of 3,564 requests)');
      // No bare run of four or more digits outside times, dates and the markup's own numbers.
      const bare = out
        .replace(/\d{4}-\d{2}-\d{2}|<[^>]*>|\{[^}]*\}/g, ' ')
        .split('\n')
        .flatMap((line) => line.match(/(?<![\d.:,#])\d{4,}(?![\d:])/g) ?? []);
      expect(bare, output).toEqual([]);
    }
  });
});
