import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { bin, repoRoot, runLogcodes } from './run.js';

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

describe('Ctrl-C during a batch report', () => {
  it('prints the report of the lines read, says how far it got, and exits 130', async () => {
    const fifo = join(dir, 'slow.log');
    execFileSync('mkfifo', [fifo]);
    const other = join(dir, 'later.log');
    writeFileSync(other, '');
    const child = spawn(process.execPath, [bin, 'report', '-o', 'json', fifo, other], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    // A producer that keeps writing, as zcat into a pipe would. The first write is far more than a
    // pipe buffer holds: once it is taken, logcodes is reading, its handlers set.
    const lines = readFileSync(incident, 'utf8');
    const writer = createWriteStream(fifo);
    writer.on('error', () => undefined); // EPIPE once logcodes has stopped reading
    let exited = false;
    const produce = async (): Promise<void> => {
      while (!exited && !writer.destroyed) await new Promise<void>((resolve) => writer.write(lines.slice(0, 4096), () => resolve()));
    };
    await new Promise<void>((resolve, reject) => writer.write(lines, (err) => (err ? reject(err) : resolve())));
    const producing = produce();
    child.kill('SIGINT');
    const code = await exit;
    exited = true;
    writer.destroy();
    await producing;
    expect(code).toBe(130);

    const match = /^logcodes: interrupted after ([\d,]+) lines of (\S+); not read: (\S+); the report covers the lines read before\n$/.exec(stderr);
    expect(match, stderr).not.toBeNull();
    const read = Number(match![1]!.replaceAll(',', ''));
    expect(match![2]).toBe(fifo);
    expect(match![3]).toBe(other);
    expect(read).toBeGreaterThan(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.lines.total).toBe(read);
    expect(report.sources).toHaveLength(1);
    expect(report.sources[0]).toMatchObject({ name: fifo, lines: read, errorCode: 'interrupted' });
  });
});
