import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
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

describe('error messages', () => {
  it.each([
    [['--top', 'x', incident], "logcodes: option '--top <n>' argument 'x' is invalid. It takes a whole number above 0.\n"],
    [['--bogus', incident], "logcodes: unknown option '--bogus'\n"],
    [['-o', 'yaml', incident], "logcodes: option '-o, --output <kind>' argument 'yaml' is invalid. Allowed choices are table, json, markdown, html, csv, prom, summary.\n"],
    [
      ['--fail-on', '5xx>>2', incident],
      "logcodes: invalid --fail-on rule '5xx>>2': expected e.g. 5xx>2%, 502>100, 4xx>=10%, or against --baseline 504>3x or 5xx>+1pp (class or code, > or >=, a count, a percentage, a ratio or percentage points)\n",
    ],
    [['--metrics', 'abc'], "logcodes: --metrics 'abc' is not [HOST:]PORT (e.g. 9464, 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464)\n"],
  ])('%j: one line, one prefix, nothing said twice', async (args, expected) => {
    const result = await runLogcodes(args, { stdin: 'not a log\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(expected);
  });
});

describe('--help', () => {
  it('at the top level shows the default command\'s options, examples and every exit code', async () => {
    const result = await runLogcodes(['--help']);
    expect(result.code).toBe(0);
    for (const option of ['--since <time>', '--fail-on <rule>', '--follow <file>', '--top <n>', '-o, --output <kind>']) expect(result.stdout).toContain(option);
    expect(result.stdout).toContain('Examples:');
    for (const code of [...new Set(Object.values(EXIT_CODES))]) expect(result.stdout).toMatch(new RegExp(`^  ${code} |[ (]${code}: `, 'm'));
  });

  it.each([['--help'], ['report', '--help'], ['triage', '--help']])('%s: no "(default: [])", --interval shows its default, 80 columns', async (...args) => {
    const { stdout } = await runLogcodes(args);
    expect(stdout).not.toContain('(default: [])');
    expect(stdout).toMatch(/--interval <seconds>[\s\S]*?\(default: 1\)/);
    expect(stdout).toContain('Exit codes:');
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('logcodes formats on a pipe', () => {
  it('prints each example line whole, as the format definition has it', async () => {
    const listing = JSON.parse((await runLogcodes(['formats', '--json'])).stdout) as { example: string }[];
    const { stdout } = await runLogcodes(['formats']);
    const long = listing.filter((format) => format.example.length > 80 && !/[\u0000-\u001f\u007f]/.test(format.example));
    expect(long.length).toBeGreaterThan(0);
    for (const format of long) expect(stdout).toContain(`  e.g. ${format.example}\n`);
  });
});

describe('--raw-paths', () => {
  it('counts paths as logged instead of their shapes, in the top lists and in the evidence', async () => {
    const shaped = JSON.parse((await runLogcodes(['--json', incident])).stdout) as Report;
    const raw = JSON.parse((await runLogcodes(['--json', '--raw-paths', '--top', '50', incident])).stdout) as Report;
    expect(shaped.top.paths.map((entry) => entry.value)).toContain('/api/reports/:id/export');
    const values = raw.top.paths.map((entry) => entry.value);
    expect(values.some((value) => value.includes(':id') || value.includes(':hash'))).toBe(false);
    expect(values.some((value) => /^\/api\/reports\/\d+\/export$/.test(value))).toBe(true);
    expect(values.some((value) => value.includes('?'))).toBe(false);
    const finding = raw.triage.find((f) => f.code === 504)!;
    expect(finding.evidence.topPaths?.every((entry) => /^\/api\/reports\/\d+\/export$/.test(entry.value))).toBe(true);
  });

  it('does the same for a format read record by record (Cloudflare JSON)', async () => {
    const log = `${repoRoot}fixtures/incident/cloudflare-incident.ndjson`;
    const shaped = JSON.parse((await runLogcodes(['--json', '--top', '50', log])).stdout) as Report;
    const raw = JSON.parse((await runLogcodes(['--json', '--raw-paths', '--top', '50', log])).stdout) as Report;
    expect(shaped.top.paths.map((entry) => entry.value)).toContain('/products/:id');
    expect(raw.top.paths.some((entry) => entry.value.includes(':id'))).toBe(false);
    expect(raw.top.paths.some((entry) => /^\/products\/\d+$/.test(entry.value))).toBe(true);
  });
});

describe('counts in findings', () => {
  it('are grouped by thousands, as in every table', async () => {
    // An hour of 200s at 200 a minute, then ten minutes in which 150 a minute are 502s.
    const lines: string[] = [];
    for (let minute = 0; minute < 70; minute++) {
      for (let i = 0; i < 200; i++) {
        const status = minute >= 60 && i < 150 ? 502 : 200;
        const time = `02/Mar/2026:${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000`;
        lines.push(`192.0.2.${i % 250} - - [${time}] "GET /api/items/${i} HTTP/1.1" ${status} 512 "-" "curl/8.5.0"`);
      }
    }
    const file = join(dir, 'thousands.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const report = JSON.parse((await runLogcodes(['--json', file])).stdout) as Report;
    const finding = report.triage.find((f) => f.code === 502)!;
    expect(finding.count).toBe(1500);
    expect(finding.headline).toMatch(/^502 Bad Gateway: 1,500 \(/);
    expect(finding.notes.join(' ')).toMatch(/: 1,500 \(/);
  });
});
