import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLogcodes } from './run.js';

/** Real IIS records with no #Fields: line: the default set with X-Forwarded-For appended. */
const HEADERLESS = 'fixtures/corpus/iis/elastic-beats-filebeat-iis-access-test-x-forward-for.log';
/** An IIS 8.5 log with its #Fields: lines. */
const HEADED = 'fixtures/corpus/iis/lnav-logfile_w3c_big.0-iis85-multiheader.log';
const FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For';
const SAYS = 'iis-w3c fields inferred from the line shape for 9 records (no #Fields: line before them; a #Fields: line, when present, wins):';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of a labelled summary item of the table, its wrapped lines joined. */
function item(table: string, label: string): string {
  const lines = table.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`  ${label} `));
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((line) => !line.startsWith(' '.repeat(16)));
  return [lines[at]!, ...rest.slice(0, end)].map((line) => line.slice(16)).join(' ');
}

describe('logcodes report on IIS records without a #Fields: line', () => {
  it('names the inferred layout under the source in the table', async () => {
    const result = await runLogcodes(['report', HEADERLESS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(item(result.stdout, 'Source')).toMatch(/elastic-beats-filebeat-iis-access-test-x-forward-for\.log \(iis-w3c, 9 lines\)$/);
    expect(item(result.stdout, 'Layout')).toBe(`${SAYS} ${FIELDS}`);
    expect(result.stdout.indexOf('  Source')).toBeLessThan(result.stdout.indexOf('  Layout'));
    expect(result.stdout).toMatch(/^ {2}Lines +9 total · 9 parsed · 0 malformed · 0 ignored$/m);
  });

  it('gives it in the JSON report and in Markdown, and not for a log with #Fields:', async () => {
    const json = await runLogcodes(['report', '-o', 'json', HEADERLESS, HEADED]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.sources[0]).toEqual({ name: HEADERLESS, lines: 9, format: 'iis-w3c', inferredLayouts: [{ format: 'iis-w3c', fields: FIELDS.split(' '), records: 9 }] });
    expect(report.sources[1]!.inferredLayouts).toBeUndefined();

    const markdown = await runLogcodes(['report', '-o', 'markdown', HEADERLESS]);
    expect(markdown.stdout).toContain(`- **Layout:** ${SAYS} \`${FIELDS}\`\n`);
  });

  it('keeps it through -o summary and merge', async () => {
    const summary = await runLogcodes(['report', '-o', 'summary', HEADERLESS]);
    expect(summary.code).toBe(0);
    const path = join(dir, 'iis.json');
    writeFileSync(path, summary.stdout);
    const merged = await runLogcodes(['merge', '-o', 'json', path]);
    expect(merged.code).toBe(0);
    expect((JSON.parse(merged.stdout) as Report).sources[0]!.inferredLayouts).toEqual([{ format: 'iis-w3c', fields: FIELDS.split(' '), records: 9 }]);
  });
});
