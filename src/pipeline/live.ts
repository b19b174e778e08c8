import { readSource, type LineSink, type SourceOutcome } from '../ingest/index.js';
import { followFile } from '../ingest/follow.js';
import { Tally, type TallyOptions } from '../tally/index.js';
import { LiveWindow, type LiveWindowSnapshot, type WindowFigures } from '../tally/live-window.js';
import type { LineParser } from '../formats/parser.js';
import type { ClassCounts, Report, SourceSummary } from '../report/model.js';
import { renderLiveView, type LiveCodeRow, type LiveFinding, type LiveViewState } from '../report/live-view.js';
import { LiveScreen, frameRoom, type TerminalOutput } from '../report/terminal.js';
import { formatCount, formatPercent, formatRate } from '../report/format-values.js';
import { summarizeSource, type AnalyzeResult } from './analyze.js';
import { SourceProcessor, type FormatChoice, type LineTap, type TallyTargets } from './source-processor.js';
import type { TimeWindow } from './window.js';
import type { LiveDisplay, LiveInput } from './live-plan.js';

/**
 * Live mode: the batch pipeline (SourceProcessor into a Tally) fed from
 * never-ending inputs, with a LiveWindow beside the tally for rates by arrival
 * time, and a timer that shows progress every interval: the live view redrawn
 * in place on a terminal, or a snapshot line (NDJSON or text) on a pipe.
 * It ends at end of input, Ctrl-C or SIGTERM, restores the terminal and
 * returns what `analyze` returns, so the caller prints the same final report.
 */

export interface LiveOptions {
  inputs: readonly LiveInput[];
  formats: FormatChoice;
  top?: number;
  maxLineBytes?: number;
  /** Seconds between redraws or snapshots. */
  intervalSeconds: number;
  display: LiveDisplay;
  /** Where frames and snapshots go (process.stdout). */
  out: TerminalOutput;
  color: boolean;
  /** The Report for a result, as the batch command builds it (tally summary, triage, buildReport). */
  buildTotals: (result: AnalyzeResult) => Report;
  /** Stops like Ctrl-C. */
  signal?: AbortSignal;
  /** Stop on SIGINT and SIGTERM (default true). A second SIGINT exits at once with 130. */
  handleSignals?: boolean;
  /** Where follow notices go when there is no live view; default stderr. */
  onNotice?: (message: string) => void;
  pollMs?: number;
  /** Seconds of 5xx-per-second history for the sparkline. */
  historySeconds?: number;
  /** --since/--until, applied as in a batch run (the hour before --since goes to a baseline tally). */
  window?: TimeWindow;
  /** Sees every line beside the tally (the --metrics counters). */
  tap?: LineTap;
  /** A followed file was replaced or truncated. */
  onRotate?: () => void;
}

export interface LiveResult extends AnalyzeResult {
  /** True when stopped by Ctrl-C, SIGTERM or the signal, rather than by the end of every input. */
  interrupted: boolean;
}

/** A snapshot line under -o json. */
export interface LiveSnapshot {
  type: 'snapshot';
  at: string;
  /** What arrived since the previous snapshot. */
  window: WindowFigures;
  totals: Report;
  /** When `totals` was built: earlier than `at` when building it every interval would cost too much. */
  totalsAt: string;
}

/** Counts records for the live window as the tally takes them, without a second pass or hook in the hot loop. */
class WindowedTally extends Tally {
  constructor(
    options: TallyOptions,
    private readonly window: LiveWindow,
    private readonly arrival: { ms: number },
  ) {
    super(options);
  }

  override addScanned(parser: LineParser): void {
    super.addScanned(parser);
    this.window.add(parser.status, this.arrival.ms);
  }
}

interface RunningInput {
  name: string;
  processor: SourceProcessor;
  lines: number;
  linesAtLastTick: number;
  outcome?: SourceOutcome;
}

/** Most findings the live view lists. */
const LIVE_FINDINGS = 3;
const CLOCK_REFRESH_MS = 100;
const NOTICE_MS = 5000;
/**
 * Share of the time the full Report may take to rebuild, however large the
 * tally grows (it keeps counts per minute of log, so on a multi-day run
 * summarize() costs tens to hundreds of ms). The view shows fresh window figures
 * every frame and can wait for findings; a snapshot's totals are worth more.
 */
const VIEW_REPORT_BUDGET = 0.05;
const SNAPSHOT_REPORT_BUDGET = 0.25;

export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const startedAt = Date.now();
  // Arrival time is read once per clock tick, not per line: lines in one chunk arrive together.
  const arrival = { ms: startedAt };
  const window = new LiveWindow({ startedAtMs: startedAt, historySeconds: options.historySeconds });
  const tally = new WindowedTally({ top: options.top }, window, arrival);
  const targets: TallyTargets = { main: tally };
  if (options.tap) targets.tap = options.tap;
  if (options.window) {
    targets.window = options.window;
    if (options.window.sinceMs !== undefined) targets.baseline = new Tally({ top: options.top });
  }
  const stop = new AbortController();
  let interrupted = false;
  // A notice stays on the view while nothing arrives (waiting for a file), and
  // fades a few seconds after lines flow again (a rotation that went fine).
  let notice: { text: string; at: number; linesAt: number } | undefined;

  const inputs: RunningInput[] = options.inputs.map((input) => {
    const name = input.kind === 'stdin' ? 'stdin' : input.path;
    return { name, processor: new SourceProcessor(name, targets, options.formats), lines: 0, linesAtLastTick: 0 };
  });

  const screen = options.display === 'view' ? new LiveScreen(options.out) : undefined;
  const tellNotice = (message: string): void => {
    if (screen) notice = { text: message, at: Date.now(), linesAt: totalLines() };
    else if (options.onNotice) options.onNotice(message);
    else process.stderr.write(`logcodes: ${message}\n`);
  };

  const totalLines = (): number => inputs.reduce((sum, input) => sum + input.lines, 0);
  const currentNotice = (now: number): string | undefined => {
    if (notice && now - notice.at > NOTICE_MS && totalLines() > notice.linesAt) notice = undefined;
    return notice?.text;
  };

  const partialResult = (): AnalyzeResult => ({
    tally,
    baseline: targets.baseline,
    sources: inputs.map((input) => interimSummary(input)),
    problems: [],
  });

  // Report building is the one cost that grows with the tally (top-k tables, timeline),
  // so the view rebuilds it only as often as it can afford.
  let report: Report | undefined;
  let reportBuiltAt = 0;
  let reportCostMs = 0;
  const freshReport = (): Report => {
    const begin = performance.now();
    report = options.buildTotals(partialResult());
    reportCostMs = performance.now() - begin;
    reportBuiltAt = Date.now();
    return report;
  };
  const affordableReport = (now: number, budget: number): Report => {
    if (!report || now - reportBuiltAt >= reportCostMs / budget) return freshReport();
    return report;
  };

  const draw = (): void => {
    if (!screen) return;
    const now = Date.now();
    const snapshot = window.snapshot(now, 10);
    const state = liveViewState(snapshot, affordableReport(now, VIEW_REPORT_BUDGET), inputs, currentNotice(now));
    screen.draw(renderLiveView(state, frameRoom(screen.size), options.color));
  };

  const tick = (): void => {
    arrival.ms = Date.now();
    for (const input of inputs) {
      // A slow stream may take minutes to fill the detection sample: decide on
      // what came by the first tick, so the view never waits for it.
      if (input.lines > 0) input.processor.flush();
      input.linesAtLastTick = input.lines;
    }
    if (options.display === 'view') draw();
    else if (options.display === 'ndjson') {
      const totals = affordableReport(Date.now(), SNAPSHOT_REPORT_BUDGET);
      options.out.write(`${JSON.stringify(snapshotLine(window, totals, reportBuiltAt))}\n`);
    }
    else if (options.display === 'text') options.out.write(`${textLine(window.takeInterval(Date.now()), window.total)}\n`);
  };

  const onInterrupt = (): void => {
    if (stop.signal.aborted) {
      // Second Ctrl-C: the user does not want to wait for the final report.
      screen?.stop();
      process.exit(130);
    }
    interrupted = true;
    stop.abort();
  };
  const onExternalAbort = (): void => {
    interrupted = true;
    stop.abort();
  };
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
  }
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort);

  const clock = setInterval(() => {
    arrival.ms = Date.now();
  }, CLOCK_REFRESH_MS);
  clock.unref();
  const timer = setInterval(tick, Math.max(50, options.intervalSeconds * 1000));
  screen?.whenResized(draw);
  screen?.start();
  draw();

  try {
    await Promise.all(
      inputs.map(async (running, i) => {
        const sink = countingSink(running);
        const input = options.inputs[i]!;
        running.outcome =
          input.kind === 'follow'
            ? await followFile(input.path, sink, {
                fromStart: input.fromStart,
                signal: stop.signal,
                pollMs: options.pollMs,
                maxLineBytes: options.maxLineBytes,
                onNotice: tellNotice,
                onRotate: options.onRotate,
              })
            : await readSource(input, sink, { maxLineBytes: options.maxLineBytes, signal: stop.signal });
        running.processor.flush();
      }),
    );
  } finally {
    clearInterval(timer);
    clearInterval(clock);
    screen?.stop({ erase: true });
    if (handleSignals) {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
    options.signal?.removeEventListener('abort', onExternalAbort);
  }

  const sources: SourceSummary[] = [];
  const problems: string[] = [];
  for (const running of inputs) {
    const { summary, problem } = summarizeSource(running.processor, running.outcome!);
    sources.push(summary);
    if (problem) problems.push(problem);
  }
  return { tally, baseline: targets.baseline, sources, problems, interrupted };
}

function countingSink(running: RunningInput): LineSink {
  const { processor } = running;
  return {
    line(text, lineNo) {
      running.lines++;
      processor.line(text, lineNo);
    },
    overlong(lineNo, byteLength, head) {
      running.lines++;
      processor.overlong(lineNo, byteLength, head);
    },
  };
}

function interimSummary(input: RunningInput): SourceSummary {
  const summary: SourceSummary = { name: input.name, lines: input.lines };
  const format = input.processor.mainFormat;
  if (format) summary.format = format;
  return summary;
}

function snapshotLine(window: LiveWindow, totals: Report, totalsBuiltAt: number): LiveSnapshot {
  const now = Date.now();
  return { type: 'snapshot', at: new Date(now).toISOString(), window: window.takeInterval(now), totals, totalsAt: new Date(totalsBuiltAt).toISOString() };
}

const CLASS_KEYS: readonly (keyof ClassCounts)[] = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];

/** One line per interval on a pipe: what arrived since the last line, and the running total. */
export function textLine(figures: WindowFigures, total: number, at: Date = new Date()): string {
  const parts = [`${at.toISOString()}`, `+${formatCount(figures.requests)} requests`, formatRate(figures.perSecond)];
  if (figures.requests > 0) {
    for (const cls of CLASS_KEYS) {
      const count = figures.classes[cls];
      if (count > 0) parts.push(`${cls} ${formatPercent(count / figures.requests)}`);
    }
    const errors = figures.codes.filter((row) => row.code >= 500 && row.code <= 599).slice(0, 3);
    if (errors.length > 0) parts.push(`5xx: ${errors.map((row) => `${row.code}×${formatCount(row.count)}`).join(' ')}`);
  }
  parts.push(`total ${formatCount(total)}`);
  return parts.join('  ');
}

/** The live view's data: rates and mixes from the window (fresh each frame), meanings and findings from the report. */
export function liveViewState(
  snapshot: LiveWindowSnapshot,
  report: Report,
  inputs: readonly { name: string; lines: number }[],
  notice?: string,
): LiveViewState {
  const meanings = new Map(report.codes.map((row) => [row.code, row]));
  const withMeaning = (rows: readonly { code: number; count: number }[]): LiveCodeRow[] =>
    rows.map(({ code, count }) => {
      const known = meanings.get(code);
      return { code, count, vendor: known?.vendor ?? 'standard', meaning: known?.meaning ?? '' };
    });
  // Findings whose code is arriving now come first: the live view is about the present.
  const recentCodes = new Set(snapshot.lastMinute.codes.map((row) => row.code));
  const findings: LiveFinding[] = [...report.triage]
    .sort((a, b) => Number(recentCodes.has(b.code)) - Number(recentCodes.has(a.code)))
    .slice(0, LIVE_FINDINGS)
    .map((f) => ({
      code: f.code,
      vendor: f.vendor,
      meaning: f.meaning,
      severity: f.severity,
      count: f.count,
      share: f.share,
      headline: f.headline,
      lookFirst: f.lookFirst,
      retry: f.retry,
    }));
  const formats = Object.entries(report.formats)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  const total = inputs.reduce((sum, input) => sum + input.lines, 0);
  const state: LiveViewState = {
    sources: inputs.map((input) => input.name),
    formats,
    elapsedSeconds: (snapshot.at - snapshot.startedAt) / 1000,
    lines: { total, parsed: snapshot.overall.requests, malformed: report.lines.malformed, ignored: report.lines.ignored },
    requests: snapshot.overall.requests,
    requestsPerSecondNow: snapshot.recent.perSecond,
    requestsPerSecondOverall: snapshot.overall.perSecond,
    classesLastMinute: snapshot.lastMinute.classes,
    classesOverall: snapshot.overall.classes,
    topCodesLastMinute: withMeaning(snapshot.lastMinute.codes),
    topCodesOverall: withMeaning(snapshot.overall.codes),
    findings,
    serverErrorsPerSecond: snapshot.serverErrorsPerSecond,
  };
  if (notice) state.notice = notice;
  return state;
}
