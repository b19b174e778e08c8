import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Report } from '../../src/model/report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'logcodes.js');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')) as object);
const validateLine = ajv.getSchema('urn:logcodes:schema:report:v1#/$defs/liveLine')!;

/** Our own synthetic nginx combined lines: every 10th a 502, every 20th (from 5) a 404, the rest 200. */
function statusOf(i: number): number {
  return i % 10 === 0 ? 502 : i % 20 === 5 ? 404 : 200;
}

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) {
    text += `192.0.2.${i % 200} - - [22/Nov/2026:03:50:${String(i % 60).padStart(2, '0')} +0000] "GET /live/${i} HTTP/1.1" ${statusOf(i)} 321 "-" "curl/8.5.0"\n`;
  }
  return text;
}

function expectedClasses(count: number): { '2xx': number; '4xx': number; '5xx': number } {
  const classes = { '2xx': 0, '4xx': 0, '5xx': 0 };
  for (let i = 1; i <= count; i++) {
    const status = statusOf(i);
    if (status === 502) classes['5xx']++;
    else if (status === 404) classes['4xx']++;
    else classes['2xx']++;
  }
  return classes;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

interface Snapshot {
  type: string;
  at: string;
  window: { requests: number; classes: Record<string, number> };
  totals: Report;
}

/**
 * Splits stdout into the NDJSON snapshot lines and the final report: every line is one JSON object,
 * the last one `{"type":"final"}`, so a reader that takes a line at a time gets each line whole.
 */
function split(stdout: string): { snapshots: Snapshot[]; report: Report } {
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.slice(0, -1).split('\n').map((line) => JSON.parse(line) as { type: string; totals: Report });
  const final = lines.pop();
  expect(final?.type).toBe('final');
  for (const line of lines) expect(line.type).toBe('snapshot');
  expect(validateLine(final), ajv.errorsText(validateLine.errors)).toBe(true);
  for (const line of lines) expect(validateLine(line), ajv.errorsText(validateLine.errors)).toBe(true);
  return { snapshots: lines as unknown as Snapshot[], report: final!.totals };
}

/** Whether stdout holds a snapshot whose totals count `parsed` records. */
function snapshotWith(stdout: string, parsed: number): boolean {
  return stdout
    .split('\n')
    .some((line) => line.startsWith('{"type":"snapshot"') && (JSON.parse(line) as Snapshot).totals.lines.parsed === parsed);
}

function snapshotCount(stdout: string): number {
  return stdout.split('\n').filter((line) => line.startsWith('{"type":"snapshot"')).length;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logcodes-cli-live-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('logcodes on a never-ending pipe', () => {
  it('prints NDJSON snapshots while input continues, then the final report at end of input', async () => {
    const run = start(['-o', 'json', '--interval', '1']);
    // Three parts of 200 lines, each written once the snapshot after the previous one is out.
    for (let part = 0; part < 3; part++) {
      run.child.stdin.write(lines(part * 200 + 1, part * 200 + 200));
      if (part < 2) await waitFor(`snapshot ${part + 1}`, () => snapshotCount(run.stdout()) > part);
    }
    await waitFor('two snapshots', () => snapshotCount(run.stdout()) >= 2);
    const beforeEnd = snapshotCount(run.stdout());
    expect(beforeEnd).toBeGreaterThanOrEqual(2);
    run.child.stdin.end();
    expect(await run.exit).toBe(0);

    const { snapshots, report } = split(run.stdout());
    expect(snapshots.length).toBeGreaterThanOrEqual(beforeEnd);
    // The first snapshots came before the last lines were written.
    expect(snapshots[0]!.totals.lines.parsed).toBeLessThan(600);
    for (const snapshot of snapshots) {
      expect(snapshot.type).toBe('snapshot');
      expect(snapshot.totals.schema).toBe('logcodes.report/v1');
    }
    expect(snapshots.reduce((sum, s) => sum + s.window.requests, 0)).toBeLessThanOrEqual(600);
    expect(report.lines).toEqual({ total: 600, parsed: 600, malformed: 0, ignored: 0 });
    expect(report.classes).toMatchObject(expectedClasses(600));
    expect(report.codes.find((row) => row.code === 502)?.count).toBe(60);
    expect(run.stderr()).toBe('');
  });

  it('prints the final report and exits 0 on Ctrl-C (SIGINT) while the pipe stays open', async () => {
    const run = start(['-o', 'json', '--interval', '1']);
    run.child.stdin.write(lines(1, 100));
    await waitFor('a snapshot with 100 records', () => snapshotWith(run.stdout(), 100));
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    const { report } = split(run.stdout());
    expect(report.lines.parsed).toBe(100);
    expect(report.classes).toMatchObject(expectedClasses(100));
  });

  it('without --interval on a pipe: no snapshots, and Ctrl-C still prints the report', async () => {
    const run = start(['-o', 'json']);
    // A second run, given the same lines with --interval 1, says when a snapshot would have been due
    // and that lines written together have been read.
    const paced = start(['-o', 'json', '--interval', '1']);
    run.child.stdin.write(lines(1, 100));
    paced.child.stdin.write(lines(1, 100));
    await waitFor('a paced snapshot with 100 records', () => run.stdout() !== '' || snapshotWith(paced.stdout(), 100), 15_000);
    await waitFor('a second paced snapshot', () => run.stdout() !== '' || snapshotCount(paced.stdout()) >= 2, 15_000);
    paced.child.kill('SIGINT');
    expect(await paced.exit).toBe(0);
    expect(run.stdout()).toBe('');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    const report = JSON.parse(run.stdout()) as Report;
    expect(report.lines.parsed).toBe(100);
    expect(report.classes).toMatchObject(expectedClasses(100));
  });

  it('exits 2 when a --fail-on rule holds at the end of a live run', async () => {
    const run = start(['-o', 'json', '--interval', '1', '--fail-on', '5xx>5%']);
    run.child.stdin.write(lines(1, 100));
    await waitFor('a snapshot', () => snapshotCount(run.stdout()) >= 1);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(2);
    expect(split(run.stdout()).report.failedRules).toEqual(['5xx>5%']);
  });
});

function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('live view in a terminal (tmux)', () => {
  it('redraws in place while lines arrive, and leaves the final report on Ctrl-C', async () => {
    if (!tmuxAvailable()) throw new Error('tmux is needed for this test: apt-get install -y tmux');
    const socket = `logcodes-test-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const capture = (): string => tmux('capture-pane', '-p', '-t', 'live');
    // The visible screen plus its scrollback: the final report is taller than the pane.
    const captureAll = (): string => tmux('capture-pane', '-p', '-S', '-', '-t', 'live');
    const path = join(dir, 'tty.log');
    writeFileSync(path, '');
    // The trap keeps the wrapping shell alive through Ctrl-C (a shell without one may die with the
    // pipeline, and the pane with it, before EXIT= is printed); its children still get the signal.
    const command = `trap : INT; cd ${JSON.stringify(root)} && tail -n +1 -f ${JSON.stringify(path)} | node bin/logcodes.js; echo "EXIT=$?"; sleep 60`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'live', '-x', '110', '-y', '40', command);
    try {
      await waitFor('the live view', () => capture().includes('logcodes live'));
      appendFileSync(path, lines(1, 200));
      await waitFor('200 requests on screen', () => capture().includes('200 total'));
      let screen = capture();
      expect(screen).toMatch(/Bad Gateway/);
      expect(screen.split('logcodes live').length - 1).toBe(1);

      appendFileSync(path, lines(201, 500));
      await waitFor('500 requests on screen', () => capture().includes('500 total'));
      screen = capture();
      // Redrawn in place: one frame on screen, the old count gone.
      expect(screen.split('logcodes live').length - 1).toBe(1);
      expect(screen).not.toContain('200 total');
      for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(110);

      tmux('send-keys', '-t', 'live', 'C-c');
      await waitFor('the exit', () => capture().includes('EXIT='));
      // The frame was erased: the visible screen holds the end of the report only.
      screen = capture();
      expect(screen).toContain('EXIT=0');
      expect(screen).not.toContain('logcodes live');
      // The report is taller than the pane: its start is in the scrollback, after the last frame
      // (tmux moves a screen cleared from its top into the scrollback, so a frame may be there too).
      const all = captureAll();
      const reportAt = all.lastIndexOf('logcodes report');
      expect(reportAt).toBeGreaterThan(all.lastIndexOf('logcodes live'));
      expect(all.slice(reportAt)).toMatch(/500 total · 500 parsed/);
      expect(all.slice(reportAt)).toContain('Bad Gateway');
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    }
  });
});

describe('live view in a terminal (tmux) with --tz', () => {
  it("shows the findings' times in the zone, and the final report too", async () => {
    if (!tmuxAvailable()) throw new Error('tmux is needed for this test: apt-get install -y tmux');
    const socket = `logcodes-test-tz-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const capture = (): string => tmux('capture-pane', '-p', '-J', '-t', 'live');
    const captureAll = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'live');
    // The incident sample: a 503 maintenance window from 10:30 to 10:36 UTC, 11:30 to 11:36 in Berlin.
    const incident = join(root, 'fixtures', 'incident', 'nginx-incident.log');
    const command = `trap : INT; cd ${JSON.stringify(root)} && tail -n +1 -f ${JSON.stringify(incident)} | node bin/logcodes.js --tz Europe/Berlin; echo "EXIT=$?"; sleep 60`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'live', '-x', '220', '-y', '40', command);
    try {
      await waitFor('the 503 finding on screen', () => capture().includes('503 Service Unavailable'));
      const screen = capture();
      expect(screen).toContain('logcodes live');
      expect(screen).toMatch(/ended 11:36, last seen 11:36:\d\d · 503 Service Unavailable: .*from 11:30 \+01:00, ended 11:36 \+01:00/);
      expect(screen).not.toContain('UTC');
      tmux('send-keys', '-t', 'live', 'C-c');
      await waitFor('the exit', () => capture().includes('EXIT='));
      const all = captureAll();
      const report = all.slice(all.lastIndexOf('logcodes report'));
      expect(report).toContain('2026-03-02 10:00:00 → 11:39:59 +01:00');
      expect(report).toMatch(/From 2026-03-02 11:30 \+01:00, until\s+11:36 \+01:00/);
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    }
  });
});

describe('logcodes --follow', () => {
  it('follows a file with --follow across a rename rotation until SIGTERM', async () => {
    const path = join(dir, 'follow.log');
    writeFileSync(path, lines(1, 30));
    const run = start(['-o', 'json', '--interval', '1', '--follow', path, '--from-start']);
    run.child.stdin.end();
    await waitFor('30 records', () => run.stdout().includes('"parsed":30'));
    appendFileSync(path, lines(31, 80));
    await waitFor('80 records', () => run.stdout().includes('"parsed":80'));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(81, 120));
    await waitFor('120 records', () => run.stdout().includes('"parsed":120'));
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const { report } = split(run.stdout());
    expect(report.lines.parsed).toBe(120);
    expect(report.classes).toMatchObject(expectedClasses(120));
  });
});
