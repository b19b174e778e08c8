import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { liveViewState, renderLiveView, type LiveViewState } from '../../src/report/live-view.js';
import { LiveWindow } from '../../src/tally/live-window.js';
import type { Report } from '../../src/model/report.js';
import { parseZone, reportInZone } from '../../src/report/time-zone.js';
import { builtReport, ratesIn } from './fixtures.js';
import { visibleWidth } from '../../src/report/style.js';
import {
  LiveScreen,
  frameRoom,
  frameUpdate,
  HIDE_CURSOR,
  SHOW_CURSOR,
  CLEAR_TO_LINE_END,
  CLEAR_TO_SCREEN_END,
  CURSOR_HOME,
} from '../../src/report/terminal.js';

function state(overrides: Partial<LiveViewState> = {}): LiveViewState {
  return {
    sources: ['stdin'],
    formats: ['nginx-combined'],
    elapsedSeconds: 247,
    lines: { total: 12_000, parsed: 11_990, malformed: 10, ignored: 0 },
    requests: 11_990,
    requestsPerSecondNow: 52.4,
    requestsPerSecondOverall: 48.5,
    rateUnit: 's',
    classesLastMinute: { '1xx': 0, '2xx': 2700, '3xx': 0, '4xx': 0, '5xx': 300, other: 0 },
    classesOverall: { '1xx': 0, '2xx': 11_000, '3xx': 500, '4xx': 190, '5xx': 300, other: 0 },
    topCodesLastMinute: [
      { code: 200, count: 2700, vendor: 'standard', meaning: 'OK' },
      { code: 502, count: 300, vendor: 'standard', meaning: 'Bad Gateway' },
    ],
    topCodesOverall: [
      { code: 200, count: 11_000, vendor: 'standard', meaning: 'OK' },
      { code: 304, count: 500, vendor: 'standard', meaning: 'Not Modified' },
      { code: 502, count: 300, vendor: 'standard', meaning: 'Bad Gateway' },
      { code: 499, count: 190, vendor: 'nginx', meaning: 'Client Closed Request' },
    ],
    findings: [
      {
        code: 502,
        vendor: 'standard',
        meaning: 'Bad Gateway',
        severity: 'critical',
        count: 300,
        share: 300 / 11_990,
        headline: '300 502s since 14:03, all from upstream 10.0.0.7:8080',
        lookFirst: 'Is the upstream process running and listening on the port nginx proxies to?',
        retry: 'Retry idempotent requests with backoff.',
        state: 'ongoing',
        lastSeen: '14:07:12',
      },
    ],
    moreFindings: 0,
    serverErrorsPerSecond: [...Array<number>(596).fill(0), 0, 5, 10, 0],
    ...overrides,
  };
}

describe('renderLiveView', () => {
  it('says of each finding whether it is ongoing, ended (when, last seen) or steady, and how many more there are', () => {
    const [ongoing] = state().findings;
    const findings = [
      ongoing!,
      { ...ongoing!, code: 504, meaning: 'Gateway Timeout', headline: 'timeouts', state: 'ended' as const, endedAt: '13:44', lastSeen: '13:44:31' },
      { ...ongoing!, code: 500, meaning: 'Internal Server Error', headline: 'trickle', severity: 'low' as const, state: 'steady' as const },
    ];
    const text = renderLiveView(state({ findings, moreFindings: 2 }), { columns: 140, rows: 40 }, false).join('\n');
    expect(text).toContain('[CRITICAL] ongoing · 502 Bad Gateway');
    expect(text).toContain('[CRITICAL] ended 13:44, last seen 13:44:31 · 504 Gateway Timeout');
    expect(text).toContain('[LOW] steady, last seen 14:07:12 · 500 Internal Server Error');
    expect(text).toContain('+2 more findings in the final report');
    expect(text.indexOf('ongoing')).toBeLessThan(text.indexOf('ended'));
  });

  it('shows rates, classes, top codes with vendor meanings, findings with their guide, and the 5xx sparkline', () => {
    const lines = renderLiveView(state(), { columns: 120, rows: 40 }, false);
    const text = lines.join('\n');
    expect(lines[0]).toContain('logcodes live · stdin · nginx-combined · 4m 07s');
    expect(text).toContain('now 52.4/s');
    expect(text).toContain('run 48.5/s');
    expect(text).toContain('11,990 total');
    expect(text).toContain('10 malformed');
    expect(text).toMatch(/Last min\s+2xx 90%\s+3xx 0%\s+4xx 0%\s+5xx 10%/);
    expect(text).toContain('Client Closed Request (nginx)');
    expect(text).toMatch(/502\s+300\s+Bad Gateway/);
    expect(text).toContain('[CRITICAL] ongoing · 502 Bad Gateway ×300 (2.5%) — 300 502s since 14:03');
    expect(text).toContain('look first: Is the upstream process running');
    expect(text).toContain('retry: Retry idempotent requests with backoff.');
    // The last four seconds 0, 5, 10, 0: a zero bar, half, full, zero.
    expect(text).toMatch(/▁▅█▁ {2}peak 10 in 1 s, last/);
    // Side by side: last minute on the left, whole run on the right.
    const row = lines.find((line) => line.includes('Not Modified'));
    expect(row).toMatch(/502\s+300\s+Bad Gateway\s+│\s+304\s+500\s+Not Modified/);
  });

  it('never exceeds the width or the height, at any size', () => {
    const s = state({ notice: 'access.log: truncated; reading it again from the start' });
    for (const color of [false, true]) {
      for (let columns = 1; columns <= 140; columns += 7) {
        for (let rows = 0; rows <= 35; rows += 1) {
          const lines = renderLiveView(s, { columns, rows }, color);
          expect(lines.length).toBeLessThanOrEqual(rows);
          for (const line of lines) expect(visibleWidth(line), `${columns}x${rows}: ${line}`).toBeLessThanOrEqual(columns);
        }
      }
    }
  });

  it('keeps the rates and the 5xx picture when rows are short, dropping whole-run detail first', () => {
    const lines = renderLiveView(state(), { columns: 100, rows: 8 }, false);
    expect(lines).toHaveLength(8);
    const text = lines.join('\n');
    expect(text).toContain('now 52.4/s');
    expect(text).toContain('Last min');
    expect(text).toMatch(/^5xx +▁/m);
    expect(text).toContain('502 Bad Gateway ×300');
    expect(text).not.toContain('Whole run');
  });

  it('keeps code and count apart at any count', () => {
    const rows = [{ code: 200, count: 1_018_947, vendor: 'standard' as const, meaning: 'OK' }, { code: 502, count: 123_456_789_012, vendor: 'standard' as const, meaning: 'Bad Gateway' }];
    const text = renderLiveView(state({ topCodesLastMinute: rows, topCodesOverall: rows }), { columns: 120, rows: 40 }, false).join('\n');
    expect(text).toMatch(/200 +1,018,947 {2}OK/);
    expect(text).toMatch(/502 123,456,789,012 {2}Bad Gateway/);
  });

  it('shows a headline that names its code on its own', () => {
    const finding = { ...state().findings[0]!, severity: 'high' as const, headline: '502 Bad Gateway: 300 (2.5%), mostly on /api' };
    const text = renderLiveView(state({ findings: [finding] }), { columns: 120, rows: 40 }, false).join('\n');
    expect(text).toContain('[HIGH] ongoing · 502 Bad Gateway: 300 (2.5%), mostly on /api');
    expect(text).not.toContain('×300');
  });

  it('stacks the code lists on a narrow terminal', () => {
    const lines = renderLiveView(state({ findings: [] }), { columns: 50, rows: 40 }, false);
    const lastMinute = lines.indexOf('Top codes, last minute');
    const wholeRun = lines.indexOf('Top codes, whole run');
    expect(lastMinute).toBeGreaterThan(0);
    expect(wholeRun).toBeGreaterThan(lastMinute);
    expect(lines.slice(wholeRun).join('\n')).toContain('Not Modified');
  });

  it('writes no escape sequence without colour, and colours classes with it', () => {
    const plain = renderLiveView(state(), { columns: 120, rows: 40 }, false);
    expect(plain.join('\n')).not.toContain('\u001b');
    const coloured = renderLiveView(state(), { columns: 120, rows: 40 }, true).join('\n');
    expect(coloured).toContain('\u001b[31m5xx 10%\u001b[39m');
  });

  it('sanitizes every string that can come from the log', () => {
    const hostile = state({
      sources: ['/var/log/\u001b]0;owned\u0007x.log'],
      formats: ['nginx\u001b[2J'],
      topCodesLastMinute: [{ code: 502, count: 1, vendor: 'standard', meaning: 'Bad\u009bGateway' }],
      findings: [{ ...state().findings[0]!, headline: 'path /a\u202eexe.txt\r\nfake line', lookFirst: 'x\u0007', retry: '\u001b[8m' }],
      notice: 'file\nrenamed',
    });
    for (const color of [false, true]) {
      const lines = renderLiveView(hostile, { columns: 200, rows: 60 }, color);
      const text = lines.join('\n');
      expect(text).not.toMatch(/[\u0007\u009b\u202e\r]/);
      expect(text).not.toContain('\u001b]');
      expect(text).not.toContain('\u001b[2J');
      expect(text).not.toContain('\u001b[8m');
      for (const line of lines) expect(line).not.toContain('\n');
      expect(text).toContain('\\x1b]0;owned\\x07');
      expect(text).toContain('/a\\u202eexe.txt\\r\\nfake line');
    }
  });

  it('says so when nothing has arrived yet', () => {
    const empty = state({
      requests: 0,
      requestsPerSecondNow: 0,
      requestsPerSecondOverall: 0,
      classesLastMinute: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 },
      classesOverall: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 },
      topCodesLastMinute: [],
      topCodesOverall: [],
      findings: [],
      serverErrorsPerSecond: [0, 0, 0],
      formats: [],
    });
    const text = renderLiveView(empty, { columns: 80, rows: 20 }, false).join('\n');
    expect(text).toContain('now 0/s');
    expect(text).toContain('no requests');
    expect(text).not.toContain('Top codes');
  });
});

class FakeTerminal extends EventEmitter {
  readonly writes: string[] = [];
  columns = 100;
  rows = 30;
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
}

describe('terminal frames', () => {
  it('leaves a column and a row free', () => {
    expect(frameRoom({ columns: 80, rows: 24 })).toEqual({ columns: 79, rows: 23 });
    expect(frameRoom({ columns: 1, rows: 1 })).toEqual({ columns: 1, rows: 1 });
  });

  it('redraws over the previous frame, clearing each line and what is below', () => {
    expect(frameUpdate(['a', 'b'], 0)).toBe(`\ra${CLEAR_TO_LINE_END}\nb${CLEAR_TO_LINE_END}\n${CLEAR_TO_SCREEN_END}`);
    expect(frameUpdate(['c'], 2)).toBe(`\r\u001b[2Ac${CLEAR_TO_LINE_END}\n${CLEAR_TO_SCREEN_END}`);
    expect(frameUpdate(['d'], 2, true)).toBe(`${CURSOR_HOME}${CLEAR_TO_SCREEN_END}d${CLEAR_TO_LINE_END}\n${CLEAR_TO_SCREEN_END}`);
  });

  it('hides the cursor while live, writes one string per frame, and restores the terminal on stop', () => {
    const out = new FakeTerminal();
    const screen = new LiveScreen(out);
    screen.start();
    expect(out.writes).toEqual([HIDE_CURSOR]);
    screen.draw(['one', 'two', 'three']);
    screen.draw(['four']);
    expect(out.writes).toHaveLength(3);
    expect(out.writes[2]!.startsWith('\r\u001b[3A')).toBe(true);
    screen.stop({ erase: true });
    expect(out.writes[3]).toBe(`\r\u001b[1A${CLEAR_TO_SCREEN_END}${SHOW_CURSOR}`);
    expect(out.listenerCount('resize')).toBe(0);
    screen.draw(['ignored after stop']);
    expect(out.writes).toHaveLength(4);
  });

  it('redraws from the top after a resize and tells its listener', () => {
    const out = new FakeTerminal();
    const screen = new LiveScreen(out);
    let resizes = 0;
    screen.whenResized(() => resizes++);
    screen.start();
    screen.draw(['a', 'b']);
    out.columns = 40;
    out.emit('resize');
    expect(resizes).toBe(1);
    expect(screen.size).toEqual({ columns: 40, rows: 30 });
    screen.draw(['c']);
    expect(out.writes.at(-1)!.startsWith(CURSOR_HOME)).toBe(true);
    screen.draw(['d']);
    expect(out.writes.at(-1)!.startsWith('\r\u001b[1A')).toBe(true);
    screen.stop();
    expect(out.writes.at(-1)).toBe(SHOW_CURSOR);
  });

  it('shows the cursor again if the process exits while live', () => {
    const out = new FakeTerminal();
    const screen = new LiveScreen(out);
    const before = process.listenerCount('exit');
    screen.start();
    expect(process.listenerCount('exit')).toBe(before + 1);
    process.emit('exit', 0);
    expect(out.writes.at(-1)).toBe(SHOW_CURSOR);
    screen.stop();
    expect(process.listenerCount('exit')).toBe(before);
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
      phrases: { headline: [`h${code}`], notes: [] },
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

describe('liveViewState: one rate unit and the display zone', () => {
  it("words the findings in the view's rate unit and shows their times in the zone of the report it is given", () => {
    // Read in one go: the run's pace is thousands a second while the log's own is 30 a minute.
    const w = new LiveWindow({ startedAtMs: 0 });
    for (let i = 0; i < 3600; i++) w.add(i % 10 === 0 ? 502 : 200, 500);
    const snapshot = w.snapshot(1000);
    const report = builtReport({ perMinute: 30 });
    const state = liveViewState(snapshot, reportInZone(report, parseZone('Europe/Berlin')), [{ name: 'stdin', lines: 3600 }]);
    expect(state.rateUnit).toBe('s');
    const finding = state.findings.find((f) => f.code === 502)!;
    expect(finding.headline).toMatch(/from 11:00 \+01:00, ended 11:19 \+01:00/);
    expect(finding.headline).not.toContain('UTC');
    const text = renderLiveView(state, { columns: 160, rows: 40 }, false).join('\n');
    expect(ratesIn(text).filter(([, unit]) => unit !== 's')).toEqual([]);
    expect(text).toMatch(/now [\d,.]+\/s · run [\d,.]+\/s/);
  });
});
