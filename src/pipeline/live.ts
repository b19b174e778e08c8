import { setMaxListeners } from 'node:events';
import type { LineSink } from '../ingest/line-splitter.js';
import { readSource, type SourceOutcome } from '../ingest/read-source.js';
import { followFile } from '../ingest/follow.js';
import { Tally, type TallyOptions } from '../tally/tally.js';
import { preloadLatencySketches } from '../tally/latency.js';
import { LiveWindow } from '../tally/live-window.js';
import type { LineParser } from '../formats/parser.js';
import type { SourceError } from '../model/errors.js';
import type { Report, SourceSummary } from '../model/report.js';
import { summarizeSource, type AnalyzeResult } from './analyze.js';
import { SourceProcessor, type FormatChoice, type LineTap, type TallyTargets } from './source-processor.js';
import type { TimeWindow } from './window.js';
import type { RecordFilter } from './record-filter.js';
import { Breakdown } from '../tally/breakdown.js';
import type { BreakdownKey } from '../model/report.js';
import type { LiveInput } from './live-plan.js';

/**
 * Live mode: the batch pipeline (SourceProcessor into a Tally) fed from
 * never-ending inputs, with a LiveWindow beside the tally for rates by arrival
 * time, and a timer that hands the run's state to an observer every interval.
 * What the observer makes of it (the live view redrawn in place, a snapshot
 * line on a pipe) is the caller's choice: this module renders nothing.
 * It ends at end of input, Ctrl-C or SIGTERM, stops the observer and returns
 * what `analyze` returns, so the caller prints the same final report.
 */

/** The state of a live run, read by an observer when it is told to show progress. */
export interface LiveState {
  /** Figures by arrival time. takeInterval() starts a new interval, so one observer should own it. */
  readonly window: LiveWindow;
  /** Each input's name and the lines read from it so far. */
  inputs(): readonly { name: string; lines: number }[];
  /**
   * The report of everything so far. Building it is the one cost that grows with the tally
   * (top-k tables, timeline), so it is rebuilt only when the last build took at most `budget`
   * of the time since: a share, 0..1.
   */
  report(budget: number): Report;
  /** Epoch ms when the report report() last returned was built. */
  reportBuiltAt(): number;
}

/** Shows a live run's progress. Every call gets the same state object, read when called. */
export interface LiveObserver {
  /** Before reading starts. `redraw` asks for an update outside the interval (a resized terminal). */
  start(state: LiveState, redraw: () => void): void;
  /** Every interval, and when asked to redraw. */
  update(state: LiveState): void;
  /** A follow notice (a missing or rotated file). Without this method notices go to onNotice. */
  notice?(message: string, state: LiveState): void;
  /** The run ended (`finished`) or a second Ctrl-C ends the process now (`abandoned`). */
  stop(how: 'finished' | 'abandoned'): void;
}

export interface LiveOptions {
  inputs: readonly LiveInput[];
  formats: FormatChoice;
  top?: number;
  /** --raw-paths: paths as logged, not their shapes. */
  rawPaths?: boolean;
  maxLineBytes?: number;
  /** Seconds between observer updates. */
  intervalSeconds: number;
  /** Shows progress; none when only the final report is wanted. */
  observer?: LiveObserver;
  /** The Report for a result, as the batch command builds it (tally summary, triage, buildReport). */
  buildTotals: (result: AnalyzeResult) => Report;
  /** Stops like Ctrl-C. */
  signal?: AbortSignal;
  /** Stop on SIGINT and SIGTERM (default true). A second SIGINT exits at once with 130. */
  handleSignals?: boolean;
  /** Where follow notices go when the observer does not take them; default stderr. */
  onNotice?: (message: string) => void;
  pollMs?: number;
  /** Seconds of 5xx-per-second history for the sparkline. */
  historySeconds?: number;
  /** --since/--until, applied as in a batch run (the hour before --since goes to a baseline tally). */
  window?: TimeWindow;
  /** --status, --path, ...: applied as in a batch run. */
  filter?: RecordFilter;
  /** --by, as in a batch run. */
  by?: BreakdownKey;
  /** Sees every line beside the tally (the --metrics counters). */
  tap?: LineTap;
  /** A followed file was replaced or truncated. */
  onRotate?: () => void;
  /**
   * Once every followed file is open where reading starts (stdin and files read once are ready
   * from the start): a line appended after this is counted. Called before the observer starts.
   */
  onReady?: () => void;
}

export interface LiveResult extends AnalyzeResult {
  /** True when stopped by Ctrl-C, SIGTERM or the signal, rather than by the end of every input. */
  interrupted: boolean;
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
    this.window.add(parser.hot.status, this.arrival.ms);
  }
}

interface RunningInput {
  name: string;
  processor: SourceProcessor;
  lines: number;
  linesAtLastTick: number;
  outcome?: SourceOutcome;
}

const CLOCK_REFRESH_MS = 100;

export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const startedAt = Date.now();
  // Arrival time is read once per clock tick, not per line: lines in one chunk arrive together.
  const arrival = { ms: startedAt };
  const window = new LiveWindow({ startedAtMs: startedAt, historySeconds: options.historySeconds });
  const tally = new WindowedTally({ top: options.top, rawPaths: options.rawPaths }, window, arrival);
  const targets: TallyTargets = { main: tally };
  if (options.tap) targets.tap = options.tap;
  if (options.filter) targets.filter = options.filter;
  if (options.by) targets.breakdown = new Breakdown(options.by);
  if (options.window) {
    targets.window = options.window;
    if (options.window.sinceMs !== undefined) targets.baseline = new Tally({ top: options.top, rawPaths: options.rawPaths });
  }
  if (options.inputs.some((input) => input.kind === 'follow')) preloadLatencySketches();
  const stop = new AbortController();
  // Every input listens for the stop, and many followed files are many listeners: not a leak.
  setMaxListeners(0, stop.signal);
  let interrupted = false;

  const inputs: RunningInput[] = options.inputs.map((input) => {
    const name = input.kind === 'stdin' ? 'stdin' : input.path;
    return { name, processor: new SourceProcessor(name, targets, options.formats), lines: 0, linesAtLastTick: 0 };
  });

  const { observer } = options;
  const partialResult = (): AnalyzeResult => ({
    tally,
    baseline: targets.baseline,
    breakdown: targets.breakdown,
    sources: inputs.map((input) => interimSummary(input)),
    problems: [],
  });

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
  const state: LiveState = {
    window,
    inputs: () => inputs,
    report: (budget) => {
      if (!report || Date.now() - reportBuiltAt >= reportCostMs / budget) return freshReport();
      return report;
    },
    reportBuiltAt: () => reportBuiltAt,
  };
  const tellNotice = (message: string): void => {
    if (observer?.notice) observer.notice(message, state);
    else if (options.onNotice) options.onNotice(message);
    else process.stderr.write(`logcodes: ${message}\n`);
  };

  const tick = (): void => {
    arrival.ms = Date.now();
    for (const input of inputs) {
      // A slow stream may take minutes to fill the detection sample: decide on
      // what came by the first tick, so the view never waits for it.
      if (input.lines > 0) input.processor.flush();
      input.linesAtLastTick = input.lines;
    }
    observer?.update(state);
  };

  /** The interval timer, set once the observer has started. */
  let timer: ReturnType<typeof setInterval> | undefined;
  const onInterrupt = (): void => {
    if (stop.signal.aborted) {
      // Second Ctrl-C: the user does not want to wait for the final report.
      if (timer !== undefined) observer?.stop('abandoned');
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
  // The caller's onReady (the --metrics address on stderr) comes before the observer draws anything.
  let unready = options.inputs.filter((input) => input.kind === 'follow').length;
  const begin = (): void => {
    options.onReady?.();
    timer = setInterval(tick, Math.max(50, options.intervalSeconds * 1000));
    observer?.start(state, () => observer.update(state));
  };
  const followerReady = (): void => {
    if (--unready === 0) begin();
  };
  if (unready === 0) begin();

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
                onReady: followerReady,
              })
            : await readSource(input, sink, { maxLineBytes: options.maxLineBytes, signal: stop.signal });
        running.processor.flush();
      }),
    );
  } finally {
    clearInterval(timer);
    clearInterval(clock);
    // Unstarted when a follower failed before it was ready.
    if (timer !== undefined) observer?.stop('finished');
    if (handleSignals) {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
    options.signal?.removeEventListener('abort', onExternalAbort);
  }

  const sources: SourceSummary[] = [];
  const problems: SourceError[] = [];
  for (const running of inputs) {
    const { summary, problem } = summarizeSource(running.processor, running.outcome!);
    sources.push(summary);
    if (problem) problems.push(problem);
  }
  return { tally, baseline: targets.baseline, breakdown: targets.breakdown, sources, problems, interrupted };
}

/**
 * The processor, counting lines as they pass. It takes the splitter's bulk path too (lines read in
 * place in their run of input), as a batch run does: that changes how a line is parsed, not when,
 * so a line written to a pipe is counted as soon as it arrives, and `cat access.log | logcodes`
 * costs about what reading the file does.
 */
function countingSink(running: RunningInput): LineSink {
  const { processor } = running;
  return {
    line(text, lineNo) {
      running.lines++;
      processor.line(text, lineNo);
    },
    lineAt(text, start, end, lineNo, bytes, byteOffset) {
      running.lines++;
      processor.lineAt(text, start, end, lineNo, bytes, byteOffset);
    },
    runStart(text, bytes, byteOffset) {
      processor.runStart(text, bytes, byteOffset);
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
  const layouts = input.processor.inferredLayouts;
  if (layouts.length > 0) summary.inferredLayouts = layouts;
  return summary;
}
