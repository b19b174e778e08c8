import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLive, type LiveObserver, type LiveOptions } from '../../src/pipeline/live.js';
import { chooseLiveDisplay, planLive, type LiveDisplay } from '../../src/pipeline/live-plan.js';
import { liveObserver } from '../../src/cli/live-observers.js';
import type { LiveSnapshot } from '../../src/report/live-lines.js';
import { assembleReport } from '../../src/cli/run-report.js';
import { resolveFormatChoice } from '../../src/cli/format-choice.js';
import { HIDE_CURSOR, SHOW_CURSOR } from '../../src/report/terminal.js';

class FakeOut extends EventEmitter {
  readonly writes: string[] = [];
  columns = 100;
  rows = 30;
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
}

function logLine(i: number, status: number): string {
  return `10.0.${i % 250}.${i % 7} - - [22/Nov/2026:03:45:${String(i % 60).padStart(2, '0')} +0000] "GET /item/${i} HTTP/1.1" ${status} 512 "-" "curl/8.5.0"\n`;
}

/** 1 in 10 is a 502, 1 in 20 a 404, the rest 200. */
function statusOf(i: number): number {
  return i % 10 === 0 ? 502 : i % 20 === 5 ? 404 : 200;
}

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) text += logLine(i, statusOf(i));
  return text;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logcodes-live-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Options for a run shown on `out` as the CLI would show it on `display` (NDJSON unless told). */
function options(out: FakeOut, overrides: Partial<LiveOptions> & { display?: LiveDisplay }): LiveOptions {
  const { display = 'ndjson', ...rest } = overrides;
  return {
    inputs: [],
    formats: resolveFormatChoice(undefined, undefined),
    top: 10,
    intervalSeconds: 0.1,
    observer: liveObserver(display, out, false),
    buildTotals: (result) => assembleReport(result, undefined, 10),
    handleSignals: false,
    pollMs: 30,
    ...rest,
  };
}

describe('runLive', () => {
  it('writes NDJSON snapshots while a followed file grows, and returns the tally of every line', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, lines(1, 40));
    const out = new FakeOut();
    const stop = new AbortController();
    const running = runLive(options(out, { inputs: [{ kind: 'follow', path, fromStart: true }], signal: stop.signal }));

    await waitFor('a snapshot with the first 40', () => out.writes.some((w) => (JSON.parse(w) as LiveSnapshot).totals.lines.parsed === 40));
    appendFileSync(path, lines(41, 100));
    await waitFor('a snapshot with 100', () => out.writes.some((w) => (JSON.parse(w) as LiveSnapshot).totals.lines.parsed === 100));
    appendFileSync(path, lines(101, 120));
    await waitFor('a snapshot with 120', () => out.writes.some((w) => (JSON.parse(w) as LiveSnapshot).totals.lines.parsed === 120));
    stop.abort();
    const result = await running;

    expect(result.interrupted).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.sources).toEqual([{ name: path, lines: 120, format: 'nginx-combined' }]);
    const summary = result.tally.summarize();
    expect(summary.requests).toBe(120);
    // 12 of 120 are 502 (every tenth), 6 are 404 (5, 25, 45, ...).
    expect(summary.classes).toMatchObject({ '2xx': 102, '4xx': 6, '5xx': 12 });

    const snapshots = out.writes.map((w) => JSON.parse(w) as LiveSnapshot);
    for (const w of out.writes) expect(w.endsWith('\n') && w.indexOf('\n') === w.length - 1).toBe(true);
    expect(snapshots.every((s) => s.type === 'snapshot' && !Number.isNaN(Date.parse(s.at)))).toBe(true);
    expect(snapshots.every((s) => Date.parse(s.totalsAt) <= Date.parse(s.at))).toBe(true);
    // The windows partition what arrived: together they never exceed the totals, and the
    // snapshots' totals only grow.
    const windowed = snapshots.reduce((sum, s) => sum + s.window.requests, 0);
    expect(windowed).toBeLessThanOrEqual(120);
    expect(windowed).toBeGreaterThanOrEqual(100);
    const parsed = snapshots.map((s) => s.totals.lines.parsed);
    expect([...parsed].sort((a, b) => a - b)).toEqual(parsed);
    const last = snapshots.find((s) => s.totals.lines.parsed === 120)!;
    expect(last.totals.schema).toBe('logcodes.report/v1');
    expect(last.totals.codes.find((c) => c.code === 502)?.count).toBe(12);
  });

  it('ends by itself when every input ends, without being interrupted', async () => {
    const path = join(dir, 'done.log');
    writeFileSync(path, lines(1, 25));
    const out = new FakeOut();
    const result = await runLive(options(out, { inputs: [{ kind: 'file', path }], display: 'text' }));
    expect(result.interrupted).toBe(false);
    expect(result.tally.summarize().requests).toBe(25);
  });

  it('draws the live view in place on a terminal and restores it at the end', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const out = new FakeOut();
    const stop = new AbortController();
    // Read from the start: the lines are appended at once, whether or not the follower has opened
    // the file yet (after an 80 ms sleep, a busy machine sometimes had not, and the lines were skipped).
    const running = runLive(options(out, { inputs: [{ kind: 'follow', path, fromStart: true }], display: 'view', signal: stop.signal }));
    appendFileSync(path, lines(1, 60));
    await waitFor('a frame showing 60 requests', () => out.writes.some((w) => w.includes('60 total')));
    stop.abort();
    const result = await running;
    expect(result.tally.summarize().requests).toBe(60);
    expect(out.writes[0]).toBe(HIDE_CURSOR);
    expect(out.writes.at(-1)!.endsWith(SHOW_CURSOR)).toBe(true);
    const frame = out.writes.find((w) => w.includes('60 total'))!;
    expect(frame).toContain('logcodes live');
    expect(frame).toContain('Bad Gateway');
    expect(frame).toMatch(/5xx 10%/);
    // No line of a frame is wider than the terminal allows.
    for (const line of frame.split('\n')) expect(line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').length).toBeLessThan(100);
  });

  it('applies --since/--until as a batch run does, with the hour before as baseline', async () => {
    const path = join(dir, 'window.log');
    // logLine() stamps 03:45:ss; a window from 03:45:20 to 03:45:40 keeps seconds 20..39.
    writeFileSync(path, lines(1, 60));
    const sinceMs = Date.UTC(2026, 10, 22, 3, 45, 20);
    const result = await runLive(
      options(new FakeOut(), { inputs: [{ kind: 'file', path }], display: 'none', window: { sinceMs, untilMs: sinceMs + 20_000 } }),
    );
    const summary = result.tally.summarize();
    expect(summary.requests).toBe(20);
    expect(summary.lines.outsideWindow).toBe(40);
    // The 20 records before 03:45:20 fall in the hour before --since.
    expect(result.baseline?.summarize().requests).toBe(20);
  });

  it('listens for SIGINT and SIGTERM only while running', async () => {
    const path = join(dir, 'signals.log');
    writeFileSync(path, '');
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const stop = new AbortController();
    const running = runLive(options(new FakeOut(), { inputs: [{ kind: 'follow', path }], display: 'none', signal: stop.signal, handleSignals: true }));
    await waitFor('the signal handlers', () => process.listenerCount('SIGINT') > before.int);
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    stop.abort();
    await running;
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });

  it('hands its state to the observer: started once, updated as lines arrive, stopped at the end', async () => {
    const path = join(dir, 'observed.log');
    writeFileSync(path, lines(1, 30));
    const calls: string[] = [];
    const parsedSeen: number[] = [];
    const observer: LiveObserver = {
      start: (state) => {
        calls.push('start');
        expect(state.inputs().map((input) => input.name)).toEqual([path]);
      },
      update: (state) => {
        calls.push('update');
        parsedSeen.push(state.report(1).lines.parsed);
      },
      stop: (how) => calls.push(`stop ${how}`),
    };
    const stop = new AbortController();
    const running = runLive(options(new FakeOut(), { inputs: [{ kind: 'follow', path, fromStart: true }], observer, signal: stop.signal }));
    await waitFor('an update with the first 30', () => parsedSeen.includes(30));
    appendFileSync(path, lines(31, 50));
    await waitFor('an update with 50', () => parsedSeen.includes(50));
    stop.abort();
    await running;
    expect(calls[0]).toBe('start');
    expect(calls.at(-1)).toBe('stop finished');
    expect(calls.filter((call) => call.startsWith('start') || call.startsWith('stop'))).toHaveLength(2);
    expect([...parsedSeen].sort((a, b) => a - b)).toEqual(parsedSeen);
  });

  it('gives follow notices to an observer that takes them, and to onNotice otherwise', async () => {
    const taken: string[] = [];
    const elsewhere: string[] = [];
    const observer: LiveObserver = { start: () => undefined, update: () => undefined, notice: (message) => taken.push(message), stop: () => undefined };
    const stop = new AbortController();
    const running = runLive(
      options(new FakeOut(), { inputs: [{ kind: 'follow', path: join(dir, 'absent.log') }], observer, signal: stop.signal, onNotice: (m) => elsewhere.push(m) }),
    );
    await waitFor('a notice', () => taken.length > 0);
    stop.abort();
    await running;
    expect(taken[0]).toContain('waiting for it to appear');
    expect(elsewhere).toEqual([]);
  });

  it('tells follow notices to onNotice when there is no view', async () => {
    const notices: string[] = [];
    const stop = new AbortController();
    const running = runLive(
      options(new FakeOut(), { inputs: [{ kind: 'follow', path: join(dir, 'missing.log') }], display: 'none', signal: stop.signal, onNotice: (m) => notices.push(m) }),
    );
    await waitFor('a notice', () => notices.length > 0);
    stop.abort();
    await running;
    expect(notices[0]).toContain('waiting for it to appear');
  });
});

describe('chooseLiveDisplay', () => {
  it('redraws on a terminal, and snapshots on a pipe only when an interval was asked for', () => {
    expect(chooseLiveDisplay({ stdoutIsTTY: true, output: 'table', intervalGiven: false })).toBe('view');
    expect(chooseLiveDisplay({ stdoutIsTTY: false, output: 'table', intervalGiven: false })).toBe('none');
    expect(chooseLiveDisplay({ stdoutIsTTY: false, output: 'json', intervalGiven: true })).toBe('ndjson');
    expect(chooseLiveDisplay({ stdoutIsTTY: true, output: 'json', intervalGiven: true })).toBe('ndjson');
    expect(chooseLiveDisplay({ stdoutIsTTY: false, output: 'markdown', intervalGiven: true })).toBe('text');
    expect(chooseLiveDisplay({ stdoutIsTTY: true, output: 'html', intervalGiven: false })).toBe('none');
  });
});

describe('planLive', () => {
  const base = { files: [] as string[], intervalGiven: false, output: 'table' as const, stdoutIsTTY: true, stdinIsStream: true };

  it('is live on a piped stdin, batch on files', () => {
    expect(planLive(base)).toEqual({ inputs: [{ kind: 'stdin' }], display: 'view' });
    expect(planLive({ ...base, files: ['-'] })).toEqual({ inputs: [{ kind: 'stdin' }], display: 'view' });
    // Nothing to show meanwhile, but still live so that Ctrl-C ends it with the report.
    expect(planLive({ ...base, stdoutIsTTY: false })).toEqual({ inputs: [{ kind: 'stdin' }], display: 'none' });
    expect(planLive({ ...base, stdoutIsTTY: false, intervalGiven: true, output: 'json' })).toEqual({ inputs: [{ kind: 'stdin' }], display: 'ndjson' });
    // A file redirected to stdin ends: batch.
    expect(planLive({ ...base, stdinIsStream: false })).toBeUndefined();
    // Named files are read once: batch.
    expect(planLive({ ...base, files: ['a.log'] })).toBeUndefined();
  });

  it('is always live with --follow, reading named files once beside the followed ones', () => {
    expect(planLive({ ...base, follow: ['/var/log/a.log'], fromStart: true, stdoutIsTTY: false, stdinIsStream: false })).toEqual({
      inputs: [{ kind: 'follow', path: '/var/log/a.log', fromStart: true }],
      display: 'none',
    });
    expect(planLive({ ...base, files: ['old.log', '-', '-'], follow: ['a.log', 'b.log'] })).toEqual({
      inputs: [
        { kind: 'file', path: 'old.log' },
        { kind: 'stdin' },
        { kind: 'follow', path: 'a.log', fromStart: undefined },
        { kind: 'follow', path: 'b.log', fromStart: undefined },
      ],
      display: 'view',
    });
  });
});
