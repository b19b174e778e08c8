import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runLogcodes } from './run.js';

const logs = ['fixtures/real/apache-vhost-combined.log', 'fixtures/real/nginx-combined.log'];

describe('--by', () => {
  it('-o json carries the breakdown, valid against the schema, bounded by --top', async () => {
    const run = await runLogcodes(['report', '-o', 'json', '--by', 'source', '--top', '1', ...logs]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}schema/report.schema.json`, 'utf8')) as object);
    expect(validate(report) ? '' : ajv.errorsText(validate.errors)).toBe('');
    const breakdown = report.breakdown!;
    expect(breakdown.by).toBe('source');
    expect(breakdown.values).toBe(2);
    expect(breakdown.rows).toHaveLength(1);
    const [first] = report.sources.slice().sort((a, b) => b.lines - a.lines);
    expect(breakdown.rows[0]!.value).toBe(first!.name);
    expect(breakdown.rows[0]!.requests).toBe(first!.lines);
  });

  it('every renderer shows it, with a filter too', async () => {
    for (const output of ['table', 'markdown', 'html']) {
      const run = await runLogcodes(['report', '-o', output, '--by', 'host', '--status', '5xx', ...logs]);
      expect(run.code).toBe(0);
      expect(run.stdout, output).toContain('By host');
      expect(run.stdout, output).toMatch(/\d+ of \d+ values/);
    }
    const triage = await runLogcodes(['triage', '--by', 'path', logs[1]!]);
    expect(triage.stdout).toContain('By path');
  });

  it('an unknown field is a one-line usage error', async () => {
    const run = await runLogcodes(['report', '--by', 'referer', logs[0]!]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('referer');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
