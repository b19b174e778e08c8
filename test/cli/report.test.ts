import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-cli-'));
const zanbil = readFileSync(`${repoRoot}fixtures/corpus/nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log`, 'utf8');
const semicomplete = readFileSync(`${repoRoot}fixtures/corpus/apache/elastic-examples-apache_logs-semicomplete-2015.log`, 'utf8');

/** Status counts by locating the field after the quoted request: independent of the parsers. */
function countStatuses(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = /\] "(?:[^"\\]|\\.)*" (\d{3}) /.exec(line);
    if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
  }
  return counts;
}

function parseReport(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe('logcodes report: exact accounting', () => {
  it('counts every line once over two files, a .gz and stdin in one run', async () => {
    const zanbilLines = zanbil.trimEnd().split('\n');
    const first = join(dir, 'a.log');
    const second = join(dir, 'b.log');
    const gz = join(dir, 'c.log.gz');
    writeFileSync(first, zanbilLines.slice(0, 400).join('\n') + '\n\nnot a log line at all\n');
    writeFileSync(second, zanbilLines.slice(400, 700).join('\r\n') + '\r\n');
    writeFileSync(gz, gzipSync(zanbilLines.slice(700).join('\n') + '\n'));
    const stdin = semicomplete.split('\n').slice(0, 500).join('\n') + '\n';

    const result = await runLogcodes(['report', '-o', 'json', first, second, gz, '-'], { stdin });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);

    expect(report.lines.total).toBe(zanbilLines.length + 2 + 500);
    expect(report.lines.parsed + report.lines.malformed + report.lines.ignored).toBe(report.lines.total);
    expect(report.lines.ignored).toBe(1);
    expect(report.lines.malformed).toBe(1);
    expect(report.malformedSamples[0]).toMatchObject({ line: 402, source: first, text: 'not a log line at all' });
    expect(report.sources.map((s) => [s.name, s.lines])).toEqual([
      [first, 402],
      [second, 300],
      [gz, zanbilLines.length - 700],
      ['stdin', 500],
    ]);

    const expected = countStatuses(zanbil);
    for (const [code, count] of countStatuses(stdin)) expected.set(code, (expected.get(code) ?? 0) + count);
    const seen = new Map(report.codes.map((row) => [row.code, row.count]));
    expect(seen).toEqual(expected);
    const classTotal = Object.values(report.classes).reduce((a, b) => a + b, 0);
    expect(classTotal).toBe(report.lines.parsed);
  });
});

describe('logcodes report: a named pipe as a file', () => {
  it.skipIf(process.platform === 'win32')('reads real lines from a pipe given as a path, as <(zcat …) hands them over', async () => {
    const fifo = join(dir, 'access.fifo');
    execFileSync('mkfifo', [fifo]);
    const source = join(dir, 'zanbil-for-fifo.log.gz');
    writeFileSync(source, gzipSync(zanbil));
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo]);
    const written = new Promise((resolve) => writer.once('close', resolve));
    const result = await runLogcodes(['report', '-o', 'json', fifo]);
    expect(await written).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.sources).toEqual([{ name: fifo, lines: zanbil.trimEnd().split('\n').length, format: 'nginx-main' }]);
    expect(new Map(report.codes.map((row) => [row.code, row.count]))).toEqual(countStatuses(zanbil));
  });
});

describe('logcodes report: bad input', () => {
  it('reports an empty file as zero lines, and says on stderr that there was nothing to judge, exit 1', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const result = await runLogcodes(['--json', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('logcodes: no records: the input is empty\n');
    expect(parseReport(result.stdout).lines.total).toBe(0);
  });

  it('says when --since/--until hold no record, with the span the log does cover, exit 1', async () => {
    const log = `${repoRoot}fixtures/incident/nginx-incident.log`;
    for (const output of ['table', 'json', 'markdown', 'html']) {
      const result = await runLogcodes(['triage', '-o', output, log, '--since', '02:10', '--until', '03:30']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'logcodes: no records between 2026-03-02 02:10:00 UTC and 2026-03-02 03:30:00 UTC; the log covers 2026-03-02 09:00:00 → 10:39:59 UTC\n',
      );
      expect(result.stdout).not.toContain('no server-side error pattern stands out');
    }
    // A window with records and no findings is a clean bill of health: exit 0.
    const calm = await runLogcodes(['triage', '-o', 'json', log, '--since', '09:00', '--until', '09:30']);
    expect(calm.code).toBe(0);
    expect(parseReport(calm.stdout).triage.filter((f) => f.evidence.episodes.length > 0)).toEqual([]);
  });

  it('names a missing file and a directory on stderr in one line each, reports the rest, exit 1', async () => {
    const good = join(dir, 'good.log');
    writeFileSync(good, zanbil.split('\n').slice(0, 10).join('\n') + '\n');
    const folder = join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    const result = await runLogcodes(['report', '--json', join(dir, 'missing.log'), folder, good]);
    expect(result.code).toBe(1);
    const errors = result.stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/missing\.log/);
    expect(errors[1]).toMatch(/folder/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const report = parseReport(result.stdout);
    expect(report.lines.parsed).toBe(10);
    expect(report.sources.map((source) => source.errorCode)).toEqual(['ENOENT', 'EISDIR', undefined]);
  });

  it('prints only the message when no source could be read at all', async () => {
    const result = await runLogcodes(['--json', join(dir, 'nowhere.log')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^logcodes: .*nowhere\.log: no such file\n$/);
  });

  it('reports a truncated .gz, keeps what it read, and still reports other sources', async () => {
    const whole = gzipSync(zanbil);
    const truncated = join(dir, 'cut.log.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const good = join(dir, 'good2.log');
    writeFileSync(good, zanbil.split('\n').slice(0, 5).join('\n') + '\n');
    const result = await runLogcodes(['--json', truncated, good]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cut\.log\.gz: .*truncated/);
    const report = parseReport(result.stdout);
    expect(report.sources[0]!.errorCode).toBe('gzip-truncated');
    expect(report.sources[0]!.lines).toBeGreaterThan(0);
    expect(report.sources[1]!.lines).toBe(5);
    expect(report.lines.parsed).toBe(report.sources[0]!.lines + 5);
  });

  it('counts binary garbage and a 5 MB line as malformed and goes on', async () => {
    const file = join(dir, 'hostile.log');
    const lines = zanbil.split('\n').slice(0, 50);
    // One line of binary: without '\n', and without '\r', which ends a line too.
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37 + 11) % 256).filter((b) => b !== 10 && b !== 13));
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(lines.slice(0, 25).join('\n') + '\n'),
        garbage,
        Buffer.from('\n' + 'x'.repeat(5 * 1024 * 1024) + '\n'),
        Buffer.from(lines.slice(25).join('\n') + '\n'),
      ]),
    );
    const result = await runLogcodes(['--json', file]);
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.lines.parsed).toBe(50);
    expect(report.lines.malformed).toBe(2);
    expect(report.malformedSamples.map((s) => s.line)).toEqual([26, 27]);
    expect(report.malformedSamples[1]!.reason).toMatch(/line length limit/);
    expect(report.malformedSamples[1]!.code).toBe('line-too-long');
    expect(report.malformedSamples[1]!.text.length).toBeLessThanOrEqual(300);
  });

  it('says so when no known format matches, exit 1', async () => {
    const file = join(dir, 'prose.txt');
    writeFileSync(file, 'Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n');
    const result = await runLogcodes(['--json', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/prose\.txt: no known log format recognized/);
    const report = parseReport(result.stdout);
    expect(report.lines.malformed).toBe(2);
    expect(report.sources[0]!.errorCode).toBe('unknown-format');
    expect(report.malformedCodes).toEqual({ 'format-unknown': 2 });
  });

  it('rejects an unknown --format and a bad --fail-on in one line, exit 1', async () => {
    const unknown = await runLogcodes(['--format', 'lighttpd', join(dir, 'good.log')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^logcodes: unknown format 'lighttpd'; known formats: nginx-combined/);
    const rule = await runLogcodes(['--fail-on', '5xx>>2', join(dir, 'good.log')]);
    expect(rule.code).toBe(1);
    expect(rule.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['--top', '-1'],
    ['--top', 'ten'],
    ['--max-line-bytes', '0'],
    ['--interval', '0'],
  ])('rejects %s %s as a usage error naming the option, exit 1', async (option, value) => {
    const result = await runLogcodes(['report', option, value, join(dir, 'good.log')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`option '${option} `);
    expect(result.stderr).toContain(`'${value}' is invalid`);
    expect(result.stderr).not.toMatch(/unexpected error/);
  });
});

describe('logcodes report: options', () => {
  const incident = `${repoRoot}fixtures/incident/nginx-incident.log`;

  it('exits 2 when a --fail-on rule holds and 0 when none does', async () => {
    const held = await runLogcodes(['--json', '--fail-on', '5xx>2%', '--fail-on', '502>100000', incident]);
    expect(held.code).toBe(2);
    expect(parseReport(held.stdout).failedRules).toEqual(['5xx>2%']);
    const calm = await runLogcodes(['--json', '--fail-on', '5xx>50%', incident]);
    expect(calm.code).toBe(0);
  });

  it('limits the report to --since/--until and compares with the hour before', async () => {
    const all = parseReport((await runLogcodes(['--json', incident])).stdout);
    const windowed = await runLogcodes(['triage', '--json', '--since', '10:00', '--until', '10:15', incident]);
    expect(windowed.code).toBe(0);
    const report = parseReport(windowed.stdout);
    expect(report.window?.since).toBe('2026-03-02T10:00:00.000Z');
    expect(report.window?.baseline?.since).toBe('2026-03-02T09:00:00.000Z');
    const inWindow = all.timeline.buckets
      .filter((b) => b.start >= '2026-03-02T10:00' && b.start < '2026-03-02T10:15')
      .reduce((sum, b) => sum + Object.values(b.classes).reduce((x, y) => x + y, 0), 0);
    const windowTotal = Object.values(report.classes).reduce((a, b) => a + b, 0);
    expect(windowTotal).toBe(inWindow);
    expect(report.window?.baseline?.requests).toBeGreaterThan(0);
    expect(report.lines.parsed).toBe(all.lines.parsed);
  });

  it('--format forces a format and --log-format compiles a pasted server format', async () => {
    const forced = parseReport((await runLogcodes(['--json', '--format', 'nginx-combined', incident])).stdout);
    expect(Object.keys(forced.formats)).toEqual(['nginx-combined']);
    const logFormat = readFileSync(`${repoRoot}fixtures/real/nginx-upstream.log_format`, 'utf8');
    const custom = parseReport((await runLogcodes(['--json', '--log-format', logFormat, `${repoRoot}fixtures/real/nginx-upstream.log`])).stdout);
    expect(Object.keys(custom.formats)).toEqual(['nginx-custom']);
    expect(custom.lines.malformed).toBe(0);
  });

  it('renders markdown, html and a plain table without colour when asked', async () => {
    const markdown = await runLogcodes(['-o', 'markdown', incident]);
    expect(markdown.stdout).toMatch(/^\| *Code *\|/m);
    const html = await runLogcodes(['-o', 'html', incident]);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    const table = await runLogcodes([incident], { env: { NO_COLOR: '1' } });
    expect(table.stdout).toContain('502');
    expect(table.stdout).not.toMatch(/\x1b\[/);
  });

  it('lists the formats it knows', async () => {
    const listing = await runLogcodes(['formats', '--json']);
    const formats = JSON.parse(listing.stdout) as { name: string; example: string }[];
    expect(formats.map((f) => f.name)).toEqual(expect.arrayContaining(['nginx-combined', 'apache-combined', 'iis-w3c', 'cloudflare-json', 'aws-alb', 'caddy-json']));
    expect(formats.every((f) => f.example.length > 0)).toBe(true);
    const text = await runLogcodes(['formats']);
    expect(text.stdout).toMatch(/^nginx-combined {2}\(nginx\)$/m);
  });
});
