import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-exit-'));
const incident = `${repoRoot}fixtures/incident/nginx-incident.log`;

describe('exit codes when a --fail-on rule held and a source failed', () => {
  it('exits 2 for the rule, with the missing file named on stderr and in the report', async () => {
    const missing = join(dir, 'access.log.9.gz');
    const result = await runLogcodes(['report', '--json', '--fail-on', '5xx>2%', incident, missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`logcodes: ${missing}: no such file\n`);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.failedRules).toEqual(['5xx>2%']);
    expect(report.sources.find((source) => source.name === missing)?.errorCode).toBe('ENOENT');
  });

  it('exits 1 for the missing file when no rule held', async () => {
    const missing = join(dir, 'access.log.9.gz');
    const result = await runLogcodes(['report', '--json', '--fail-on', '5xx>50%', incident, missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`logcodes: ${missing}: no such file\n`);
  });
});
