import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Report } from '../../src/model/report.js';
import { bin, repoRoot, runLogcodes } from './run.js';

const incident = 'fixtures/incident/nginx-incident.log';
const incidentLines = readFileSync(`${repoRoot}${incident}`, 'utf8').split('\n').filter((line) => line !== '');

/** Status and path of an incident line, read apart from logcodes' parsers. */
function fieldsOf(line: string): { status: number; path: string; client: string } {
  const m = /^(\S+) .*?"\S+ ([^ ?"]*)[^"]*" (\d{3}) /.exec(line);
  if (!m) throw new Error(`not a request line: ${line}`);
  return { client: m[1]!, path: m[2]!, status: Number(m[3]) };
}

describe('filter options', () => {
  it('report -o json counts what the filter keeps and says what it applied and left out', async () => {
    const run = await runLogcodes(['report', '-o', 'json', '--status', '5xx,499', '--path', '/api/*', incident]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const kept = incidentLines.filter((line) => {
      const { status, path } = fieldsOf(line);
      return (status >= 500 || status === 499) && path.startsWith('/api/');
    }).length;
    expect(kept).toBeGreaterThan(0);
    expect(report.codes.reduce((sum, row) => sum + row.count, 0)).toBe(kept);
    expect(report.codes.every((row) => row.code >= 499)).toBe(true);
    expect(report.filter).toEqual({ status: ['5xx', '499'], path: ['/api/*'], excluded: incidentLines.length - kept });
    expect(report.lines.parsed).toBe(incidentLines.length);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}schema/report.schema.json`, 'utf8')) as object);
    expect(validate(report) ? '' : ajv.errorsText(validate.errors)).toBe('');
    expect(validate({ ...report, filter: { status: [], excluded: 0 } })).toBe(false);
  });

  it('the table, Markdown and HTML say which filter was applied', async () => {
    for (const output of ['table', 'markdown', 'html']) {
      const run = await runLogcodes(['report', '-o', output, '--status', '502', incident]);
      expect(run.code).toBe(0);
      expect(run.stdout, output).toContain('--status 502');
      expect(run.stdout, output).toMatch(/left out [\d,]+ records/);
    }
    const triage = await runLogcodes(['triage', '--method', 'post', incident]);
    expect(triage.stdout).toContain('Filter: --method post');
  });

  it('records writes only the records the filter keeps', async () => {
    const client = fieldsOf(incidentLines[0]!).client;
    const run = await runLogcodes(['records', '--client', `${client}/32`, '--status', '2xx', incident]);
    expect(run.code).toBe(0);
    const records = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { client: string; status: number });
    const expected = incidentLines.filter((line) => {
      const fields = fieldsOf(line);
      return fields.client === client && fields.status >= 200 && fields.status < 300;
    }).length;
    expect(records.length).toBe(expected);
    expect(records.every((record) => record.client === client && record.status < 300)).toBe(true);
  });

  it('a filter that keeps nothing is an answer, not a failure: exit 0 and a note on stderr', async () => {
    const run = await runLogcodes(['report', '-o', 'json', '--status', '418', incident]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).filter?.excluded).toBe(incidentLines.length);
    expect(run.stderr).toMatch(/^logcodes: no record matches the filter; it left out [\d,]+\n$/);
  });

  it.each([
    ['--status', 'teapot'],
    ['--client', '10.0.0.0/40'],
    ['--path', 'api'],
    ['--method', 'GE T'],
  ])('%s %s is a one-line usage error, exit 1', async (option, value) => {
    for (const command of ['report', 'records']) {
      const run = await runLogcodes([command, option, value, incident]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^logcodes: ${option} '`));
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('applies to a live pipe: snapshots count only the kept records and carry the filter', async () => {
    const child = spawn(process.execPath, [bin, '-o', 'json', '--interval', '0.2', '--status', '5xx'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const part = incidentLines.slice(0, 1000);
    child.stdin.write(`${part.join('\n')}\n`);
    const fivexx = part.filter((line) => fieldsOf(line).status >= 500).length;
    const snapshotOf = (line: string): Report | undefined =>
      line.startsWith('{"type":"snapshot"') ? (JSON.parse(line) as { totals: Report }).totals : undefined;
    const deadline = Date.now() + 20_000;
    while (!stdout.split('\n').some((line) => snapshotOf(line)?.lines.parsed === part.length)) {
      if (Date.now() > deadline) throw new Error('no snapshot of the first part');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.stdin.end();
    expect(await exit).toBe(0);
    const totals = stdout.split('\n').map(snapshotOf).find((report) => report?.lines.parsed === part.length)!;
    expect(totals.filter).toEqual({ status: ['5xx'], excluded: part.length - fivexx });
    expect(totals.classes['5xx']).toBe(fivexx);
    expect(totals.classes['2xx']).toBe(0);
  });
});
