import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-first-use-'));
const incident = `${repoRoot}fixtures/incident/nginx-incident.log`;

describe('a mistyped command', () => {
  it('is suggested, not read as a file', async () => {
    const result = await runLogcodes(['reprot', incident]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("logcodes: unknown command 'reprot' (did you mean report?); to read a file of that name, write ./reprot\n");
  });

  it('is still read as a file when a file of that name exists', async () => {
    writeFileSync(join(dir, 'reprot'), `${'127.0.0.1 - - [02/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"'}\n`);
    const result = await runLogcodes(['reprot', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { lines: { parsed: number } }).lines.parsed).toBe(1);
  });

  it('leaves a missing file that resembles no command to the usual message', async () => {
    const result = await runLogcodes([join(dir, 'access.log')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/access\.log: no such file/);
  });
});

describe('--top in the triage view', () => {
  const codeRows = (stdout: string): number => stdout.split('\n').filter((line) => /^│ \d{3} /.test(line)).length;

  it('shows five codes by default, and says --top shows more', async () => {
    const result = await runLogcodes(['triage', incident]);
    expect(codeRows(result.stdout)).toBe(5);
    expect(result.stdout).toContain('… and 4 more codes (--top to show more)');
  });

  it('shows as many codes as --top asks for, in the table and in Markdown', async () => {
    const table = await runLogcodes(['triage', '--top', '20', incident]);
    expect(codeRows(table.stdout)).toBe(9);
    expect(table.stdout).not.toContain('more code');
    const markdown = await runLogcodes(['triage', '-o', 'markdown', '--top', '7', incident]);
    expect(markdown.stdout).toContain('…and 2 more codes.');
  });
});
