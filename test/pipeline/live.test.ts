import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveViewState, runLive, textLine, type LiveOptions, type LiveSnapshot } from '../../src/pipeline/live.js';
import { chooseLiveDisplay, planLive } from '../../src/pipeline/live-plan.js';
import { assembleReport } from '../../src/cli/run-report.js';
import { resolveFormatChoice } from '../../src/cli/format-choice.js';
import { LiveWindow } from '../../src/tally/live-window.js';
import type { Report } from '../../src/report/model.js';
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

function options(out: FakeOut, overrides: Partial<LiveOptions>): LiveOptions {
  return {
    inputs: [],
    formats: resolveFormatChoice(undefined, undefined),
    top: 10,
    intervalSeconds: 0.1,
    display: 'ndjson',
    out,
    color: false,
    buildTotals: (result) => assembleReport(result, undefined, 10),
    handleSignals: false,
    pollMs: 30,
    ...overrides,
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

describe('textLine', () => {
  it('summarizes an interval in one line', () => {
    const line = textLine(
      { seconds: 2, requests: 200, perSecond: 100, classes: { '1xx': 0, '2xx': 180, '3xx': 0, '4xx': 0, '5xx': 20, other: 0 }, codes: [{ code: 200, count: 180 }, { code: 503, count: 15 }, { code: 500, count: 5 }] },
      1234,
      new Date('2026-11-22T03:45:00Z'),
    );
    expect(line).toBe('2026-11-22T03:45:00.000Z  +200 requests  100/s  2xx 90%  5xx 10%  5xx: 503×15 500×5  total 1,234');
  });
});

describe('liveViewState', () => {
  it('takes rates from the window, meanings and findings from the report, ongoing findings first, the rest counted', () => {
    const w = new LiveWindow({ startedAtMs: 0 });
    for (let i = 0; i < 30; i++) w.add(200, 100_000 + i);
    w.add(503, 100_500);
    const episode = (start: string, end: string, ongoing: boolean) => ({ start, end, peak: start, peakCount: 1, count: 1, share: 0.1, ongoing, startedBeforeLog: false });
    const finding = (code: number, severity: string, episodes: unknown[], lastSeen?: string) => ({
      code, vendor: 'standard', meaning: `m${code}`, severity, count: 1, share: 0.03, headline: `h${code}`, cause: '', lookFirst: `l${code}`, retry: `r${code}`, notes: [],
      evidence: { episodes, ...(lastSeen ? { lastSeen } : {}) },
    });
    const report = {
      codes: [
        { code: 200, count: 30, class: '2xx', share: 0.9, vendor: 'standard', meaning: 'OK' },
        { code: 503, count: 1, class: '5xx', share: 0.03, vendor: 'standard', meaning: 'Service Unavailable' },
      ],
      triage: [
        finding(500, 'high', [episode('1970-01-01T00:01:00.000Z', '1970-01-01T00:01:00.000Z', false)], '1970-01-01T00:01:30.000Z'),
        // Ongoing at the last record, but no 504 has arrived in the last minute: it is over.
        finding(504, 'high', [episode('1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', true)], '1970-01-01T00:00:20.000Z'),
        finding(503, 'medium', [episode('1970-01-01T00:01:00.000Z', '1970-01-01T00:01:00.000Z', true)]),
        finding(502, 'low', []),
      ],
    formats: { 'nginx-combined': 31 },
      lines: { total: 33, parsed: 31, malformed: 2, ignored: 0 },
    } as unknown as Report;
    const state = liveViewState(w.snapshot(101_000), report, [{ name: 'stdin', lines: 33 }], 'note');
    expect(state.requests).toBe(31);
    expect(state.lines).toEqual({ total: 33, parsed: 31, malformed: 2, ignored: 0 });
    expect(state.topCodesLastMinute).toEqual([
      { code: 200, count: 30, vendor: 'standard', meaning: 'OK' },
      { code: 503, count: 1, vendor: 'standard', meaning: 'Service Unavailable' },
    ]);
    expect(state.findings.map((f) => [f.code, f.state, f.endedAt])).toEqual([
      [503, 'ongoing', undefined],
      [500, 'ended', '00:01'],
      [504, 'ended', '00:00'],
    ]);
    expect(state.findings[1]!.lastSeen).toBe('00:01:30');
    expect(state.moreFindings).toBe(1);
    expect(state.formats).toEqual(['nginx-combined']);
    expect(state.notice).toBe('note');
    expect(state.elapsedSeconds).toBe(101);
  });
});
