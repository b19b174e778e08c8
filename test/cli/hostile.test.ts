import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { bin, repoRoot, runLogcodes, type RunResult } from './run.js';

const OUTPUTS = ['table', 'json', 'markdown', 'html'] as const;
type Output = (typeof OUTPUTS)[number];

const dir = mkdtempSync(join(tmpdir(), 'logcodes-hostile-'));
const hostile = (name: string): string => `${repoRoot}fixtures/hostile/${name}`;
const incidentLines = readFileSync(`${repoRoot}fixtures/incident/nginx-incident.log`, 'utf8').trimEnd().split('\n');

/** Runs one command line in every output mode; the JSON run's report is parsed. */
async function everyMode(args: readonly string[], stdin?: string | Buffer): Promise<{ runs: Record<Output, RunResult>; report: Report }> {
  const runs = {} as Record<Output, RunResult>;
  for (const output of OUTPUTS) runs[output] = await runLogcodes(['report', '-o', output, ...args], stdin === undefined ? {} : { stdin });
  return { runs, report: JSON.parse(runs.json.stdout) as Report };
}

function expectConserved(report: Report, linesWritten: number): void {
  expect(report.lines.total).toBe(linesWritten);
  expect(report.lines.parsed + report.lines.malformed + report.lines.ignored).toBe(report.lines.total);
}

/** The same exit code and the same stderr, of one line per message and no stack trace, in every mode. */
function expectSameOutcome(runs: Record<Output, RunResult>, code: number, stderrLines: number): void {
  for (const output of OUTPUTS) {
    expect(runs[output].code, output).toBe(code);
    expect(runs[output].stderr, output).toBe(runs.json.stderr);
    expect(runs[output].stderr.split('\n').filter(Boolean), output).toHaveLength(stderrLines);
    expect(runs[output].stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(runs[output].stdout.length, output).toBeGreaterThan(0);
  }
}

function statusCounts(report: Report): Record<number, number> {
  return Object.fromEntries(report.codes.map((row) => [row.code, row.count]));
}

function expectedCounts(lines: readonly string[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const line of lines) {
    const code = Number(/" (\d{3}) /.exec(line)![1]);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe('hostile input: gzip with trailing garbage', () => {
  it('counts every line of every member, names the trailing bytes, and still reports', async () => {
    const lines = incidentLines.slice(0, 1000);
    const path = join(dir, 'trailing.log.gz');
    writeFileSync(path, Buffer.concat([gzipSync(lines.slice(0, 600).join('\n') + '\n'), gzipSync(lines.slice(600).join('\n') + '\n'), Buffer.from('garbage\n')]));
    const { runs, report } = await everyMode([path]);
    expectSameOutcome(runs, 1, 1);
    expect(runs.json.stderr).toBe(`logcodes: ${path}: 8 bytes of trailing garbage after the gzip data, ignored (all 1000 lines before them were read)\n`);
    expectConserved(report, 1000);
    expect(statusCounts(report)).toEqual(expectedCounts(lines));
  });
});

describe('hostile input: bare carriage returns', () => {
  it('counts three records separated by CR alone as three requests (fixtures/hostile/cr-only.log)', async () => {
    const text = readFileSync(hostile('cr-only.log'), 'latin1');
    const records = text.split('\r').filter(Boolean);
    expect(records).toHaveLength(3);
    expect(text).not.toContain('\n');
    const { runs, report } = await everyMode([hostile('cr-only.log')]);
    expectSameOutcome(runs, 0, 0);
    expectConserved(report, 3);
    expect(statusCounts(report)).toEqual({ 200: 1, 502: 1, 503: 1 });
  });

  it('counts every record of a 3,000-record file whose line endings change every few lines', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => incidentLines[i % incidentLines.length]!);
    const endings = ['\n', '\r\n', '\r'];
    const text = lines.map((line, i) => line + endings[Math.floor(i / 5) % 3]).join('');
    const { runs, report } = await everyMode([], text);
    expectSameOutcome(runs, 0, 0);
    expectConserved(report, 3000);
    expect(report.lines.parsed).toBe(3000);
    expect(statusCounts(report)).toEqual(expectedCounts(lines));
  });
});

describe('hostile input: compressions other than gzip', () => {
  for (const [file, what, tool] of [
    ['access.log.zst', 'zstd-compressed data', 'zstdcat'],
    ['access.log.bz2', 'bzip2-compressed data', 'bzcat'],
    ['access.log.xz', 'xz-compressed data', 'xzcat'],
    ['access.log.zip', 'a zip archive', 'unzip -p'],
    ['access.log.lz4', 'lz4-compressed data', 'lz4cat'],
  ] as const) {
    it(`names ${what} and the command that reads it, in one line, exit 1 (${file})`, async () => {
      const path = hostile(file);
      for (const output of OUTPUTS) {
        const result = await runLogcodes(['report', '-o', output, path]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`logcodes: ${path}: this looks like ${what}: decompress it first (${tool} ${path} | logcodes)\n`);
      }
      const piped = await runLogcodes(['report', '-o', 'json'], { stdin: readFileSync(path) });
      expect(piped.code).toBe(1);
      expect(piped.stderr).toBe(`logcodes: stdin: this looks like ${what}: decompress it first (${tool} FILE | logcodes)\n`);
    });
  }

  it('reports the other files of the run when one is compressed', async () => {
    const plain = join(dir, 'plain.log');
    writeFileSync(plain, incidentLines.slice(0, 50).join('\n') + '\n');
    const { runs, report } = await everyMode([hostile('access.log.xz'), plain]);
    expectSameOutcome(runs, 1, 1);
    expectConserved(report, 50);
  });
});

// Zero-width and other invisible characters: a terminal draws them zero columns wide.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/;

describe('hostile input: invisible characters and autolinks (fixtures/hostile/invisible-and-links.log)', () => {
  it('shows invisible characters escaped in every mode, and puts links and addresses in code spans in Markdown', async () => {
    const path = hostile('invisible-and-links.log');
    const { runs, report } = await everyMode(['--top', '20', path]);
    expectSameOutcome(runs, 0, 0);
    expectConserved(report, 24);
    expect(report.top.paths.map((p) => p.value)).toContain('/admin\u200b');
    for (const output of OUTPUTS) expect(runs[output].stdout, output).not.toMatch(INVISIBLE);
    for (const output of ['table', 'markdown'] as const) {
      for (const shown of ['/admin\\u200b', '/pay\\xadment', '/\\ufeffindex', '/tag\\u{e0041}\\u{e0042}', '/join\\u200d\\u2060x']) {
        expect(runs[output].stdout, output).toContain(shown);
      }
    }
    // Every table row is as wide as its border: nothing zero-width is left to shift it.
    const rows = runs.table.stdout.split('\n').filter((line) => line.startsWith('│') || line.startsWith('┌'));
    const widths = new Set(rows.filter((line) => line.includes('/admin') || line.includes('Count │ Value')).map((line) => Array.from(line).length));
    expect(widths.size).toBe(1);
    for (const value of ['/contact/ops@example.com', '/www.example.org/x']) expect(runs.markdown.stdout).toContain(`| \`${value}\` |`);
    expect(runs.markdown.stdout).not.toMatch(/(?<!`)(?:ops@example\.com|www\.example\.org)(?!\S*`)/);
  });
});

describe('hostile input: many followed files', () => {
  /** Follows `count` files of five records each under a descriptor limit, and stops once `ready` holds. */
  async function followMany(
    count: number,
    descriptorLimit: number,
    ready: (stdout: string, stderr: string) => boolean,
  ): Promise<{ code: number | null; stderr: string; report: Report }> {
    const folder = mkdtempSync(join(dir, 'many-'));
    const args: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = join(folder, `f${i}.log`);
      writeFileSync(path, incidentLines.slice(i * 5, i * 5 + 5).join('\n') + '\n');
      args.push('--follow', path);
    }
    const script = `ulimit -n ${descriptorLimit} && exec "$0" "$@"`;
    const child = spawn('sh', ['-c', script, process.execPath, bin, '-o', 'json', '--interval', '1', '--from-start', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 15_000;
    while (!ready(stdout, stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const code = await exit;
    // On a pipe the snapshots and the final report are one JSON document a line; the last is the final one.
    const final = JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as { type: string; totals: Report };
    expect(final.type).toBe('final');
    return { code, stderr, report: final.totals };
  }

  it('follows 24 files without a listener warning, every line counted', async () => {
    const { code, stderr, report } = await followMany(24, 1024, (stdout) => stdout.includes('"lines":{"total":120,'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectConserved(report, 120);
  });

  it('gives a final word on each file it cannot open for lack of descriptors, and counts the others', async () => {
    // Stopped two snapshots after the first refusal: every file has been tried by then.
    let snapshotsAtRefusal: number | undefined;
    const { code, stderr, report } = await followMany(60, 40, (stdout, stderr) => {
      const snapshots = stdout.split('\n').length - 1;
      if (snapshotsAtRefusal === undefined && stderr.includes('not followed')) snapshotsAtRefusal = snapshots;
      return snapshotsAtRefusal !== undefined && snapshots >= snapshotsAtRefusal + 2;
    });
    const refused = report.sources.filter((source) => source.error !== undefined);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(60);
    for (const source of refused) {
      expect(source.error).toBe(`${source.name}: too many open files, not followed (raise the limit with ulimit -n, or follow fewer files)`);
      expect(source.errorCode).toBe('EMFILE');
      expect(stderr).toContain(`logcodes: ${source.error}\n`);
    }
    expect(stderr).not.toMatch(/unexpected error|\n\s+at |MaxListeners/);
    expect(code).toBe(1);
    expectConserved(report, (60 - refused.length) * 5);
  });
});

describe('hostile input: endless lines and unsplittable formats', () => {
  it('stops on /dev/zero with one line saying it is not a text log', async () => {
    for (const output of OUTPUTS) {
      const result = await runLogcodes(['report', '-o', output, '--max-line-bytes', '4096', '/dev/zero']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('logcodes: /dev/zero: no line break in 4194304 bytes (1024 times the line length limit): not a text log, stopped reading\n');
    }
  });

  it('rejects a --log-format with two variables glued together before reading anything', async () => {
    const result = await runLogcodes(['--log-format', '$remote_addr [$time_local] "$request" $status$body_bytes_sent', 'fixtures/incident/nginx-incident.log']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "logcodes: --log-format: log_format: $status and $body_bytes_sent have nothing between them, so no line shows where one ends; write the separator the server puts there (a space, say) between them\n",
    );
  });
});

describe('hostile input: numbers out of range', () => {
  const nginx = incidentLines.slice(0, 40);
  const cloudflare = readFileSync(`${repoRoot}fixtures/corpus/cloudflare/lnav-logfile_cloudflare.1-unixnano.ndjson`, 'utf8').trimEnd().split('\n');
  const caddy = readFileSync(`${repoRoot}fixtures/corpus/caddy/lnav-logfile_caddy_log.1.ndjson`, 'utf8').split('\n').filter((line) => line.includes('"status"'));
  const alb = readFileSync(`${repoRoot}fixtures/corpus/alb/vectordotdev-vrl-parse_aws_alb_log-tests.log`, 'utf8').trimEnd().split('\n');

  /** Three real lines as they are (a report with no record at all exits 1), then each with one field replaced by each value in turn. */
  function mutate(lines: readonly string[], pattern: RegExp, values: readonly string[]): string[] {
    const out: string[] = lines.slice(0, 3);
    for (const value of values) {
      for (const line of lines.slice(0, 3)) {
        const changed = line.replace(pattern, (_m, before: string) => `${before}${value}`);
        expect(changed, `${pattern} in ${line.slice(0, 60)}`).not.toBe(line);
        out.push(changed);
      }
    }
    return out;
  }

  const BAD_STATUSES = ['0', '1000', '65536', '4294967297', '1e20', '1e309'];
  const BAD_TIMES = ['1e306', '123456789012345678901234567890', '9e15', '1e305'];
  const BAD_SIZES = ['1e309', '1e306', '9'.repeat(400)];

  const cases: Array<[string, string[], number]> = [
    ['nginx status', mutate(nginx, /(HTTP\/1\.[01]" )\d{3}/, ['000', '1000', '65536']), 9],
    ['nginx year 9999 and 1970', mutate(nginx, /(\[\d\d\/\w{3}\/)\d{4}/, ['9999', '1970', '3026']), 9],
    ['nginx bytes', mutate(nginx, /(HTTP\/1\.[01]" \d{3} )\d+/, ['99999999999999999999999']), 0],
    ['Cloudflare status', mutate(cloudflare, /("EdgeResponseStatus":)\d+/, BAD_STATUSES), 18],
    // 1e306 and 1e305 are no epoch at all and leave the time absent; the 30 digits and 9e15 ns
    // (1970) are times out of range.
    ['Cloudflare timestamps', mutate(cloudflare, /("EdgeStartTimestamp":)\d+/, BAD_TIMES), 6],
    ['Cloudflare end timestamp', mutate(cloudflare, /("EdgeEndTimestamp":)\d+/, BAD_TIMES), 0],
    ['Cloudflare bytes', mutate(cloudflare, /("EdgeResponseBytes":)\d+/, BAD_SIZES), 0],
    ['Caddy ts', mutate(caddy, /("ts":)[\d.]+/, BAD_TIMES), 12],
    ['Caddy duration and size', [...mutate(caddy, /("duration":)[\d.e-]+/, BAD_SIZES), ...mutate(caddy, /("size":)\d+/, BAD_SIZES)], 0],
    ['Caddy status', mutate(caddy, /("status":)\d+/, BAD_STATUSES), 18],
    ['ALB status', mutate(alb, /( \d\.\d+ \d\.\d+ \d\.\d+ )\d{3}/, ['000', '1000', '65536']), 9],
  ];

  for (const [label, lines, malformed] of cases) {
    it(`never crashes on ${label}: out of range is malformed with a reason or absent, in every mode`, async () => {
      const { runs, report } = await everyMode([], lines.join('\n') + '\n');
      expectSameOutcome(runs, 0, 0);
      expectConserved(report, lines.length);
      expect(report.lines.malformed).toBe(malformed);
      for (const sample of report.malformedSamples) expect(['status-invalid', 'time-out-of-range']).toContain(sample.code);
      expect(typeof report.bytes).toBe('number');
      expect(Number.isFinite(report.bytes)).toBe(true);
      expect(runs.table.stdout).not.toMatch(/Infinity|NaN/);
      for (const row of report.codes) expect(row.code >= 100 && row.code <= 999).toBe(true);
      if (report.span.first) expect(Date.parse(report.span.first)).toBeGreaterThanOrEqual(Date.UTC(1990, 0, 1));
    });
  }
});

describe('hostile input: JSON sources mixed in one file', () => {
  it('counts Cloudflare requests that follow a Caddy line, 5xx included', async () => {
    const caddy = readFileSync(`${repoRoot}fixtures/corpus/caddy/lnav-logfile_caddy_log.1.ndjson`, 'utf8').split('\n').filter((line) => line.includes('"status"'));
    const cloudflare = readFileSync(`${repoRoot}fixtures/corpus/cloudflare/handwritten-52x.ndjson`, 'utf8').trimEnd().split('\n');
    const lines = [caddy[0]!, ...cloudflare.slice(0, 3)];
    const expected5xx = cloudflare.slice(0, 3).filter((line) => /"EdgeResponseStatus":5\d\d/.test(line)).length;
    expect(expected5xx).toBeGreaterThan(0);
    const { runs, report } = await everyMode([], lines.join('\n') + '\n');
    expectSameOutcome(runs, 0, 0);
    expectConserved(report, 4);
    expect(report.lines.ignored).toBe(0);
    expect(report.formats).toEqual({ 'caddy-json': 1, 'cloudflare-json': 3 });
    expect(report.classes['5xx']).toBe(expected5xx);
  });
});

describe('hostile input: more distinct clients than the top tables hold', () => {
  it('shows each client of 20,000 seen once each with a count of 1, in every mode and in the triage evidence', async () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255} - - [01/Dec/2026:10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')} +0000] "GET /x HTTP/1.1" 502 5 "-" "curl/8.5.0"`,
    );
    const { runs, report } = await everyMode([], lines.join('\n') + '\n');
    expectSameOutcome(runs, 0, 0);
    expectConserved(report, 20_000);
    expect(report.top.clients.length).toBeGreaterThan(0);
    for (const entry of report.top.clients) expect(entry.count).toBe(1);
    for (const finding of report.triage) for (const entry of finding.evidence.topClients) expect(entry.count).toBe(1);
    // The table's client rows: an address, then a count of 1.
    const clientRows = runs.table.stdout.split('\n').filter((line) => /│ +\d+ │ 10\.\d+\.\d+\.\d+ /.test(line));
    expect(clientRows.length).toBeGreaterThan(0);
    for (const row of clientRows) expect(row).toMatch(/│ +1 │ 10\./);
  });
});
