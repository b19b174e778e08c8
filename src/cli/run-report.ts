import { expandSources, sourceName, type SourceSpec } from '../ingest/source.js';
import { analyze, type AnalyzeResult } from '../pipeline/analyze.js';
import { planLive, stdinIsStream } from '../pipeline/live-plan.js';
import { findLogEnd } from '../pipeline/log-end.js';
import { BASELINE_MS, needsLogEnd, resolveWindow, type TimeWindow } from '../pipeline/window.js';
import { triage } from '../triage/triage.js';
import { parseFailRule, evaluateFailRules, type FailRule } from '../triage/rules.js';
import { buildReport } from '../report/build.js';
import { renderJson } from '../report/json.js';
import type { Report, ReportWindow } from '../model/report.js';
import { useColor } from './color-choice.js';
import { formatCount, formatSpan, formatTime } from '../report/format-values.js';
import { DEFAULT_TOP } from '../report/list-limits.js';
import type { ReportCommandOptions, OutputKind } from './options.js';
import { FleetCounts } from '../export/fleet-counts.js';
import type { MetricsServer } from '../export/metrics-server.js';
import { resolveFormatChoice } from './format-choice.js';
import { resolveFilter } from './filter-choice.js';
import { ProgressMeter, wantsProgress } from './progress.js';
import { localZone, parseZone, reportInZone, ZoneError, type DisplayZone } from '../report/time-zone.js';
import type { RecordFilter } from '../pipeline/record-filter.js';
import { SourceError, UsageError } from '../model/errors.js';
import { catchInterrupts } from './interrupt.js';
import { EXIT_CODES, exitCodeOfProblems } from './exit-codes.js';

export type View = 'report' | 'triage';

/** Runs `report` or `triage` and returns the exit code. */
export async function runReport(view: View, files: string[], options: ReportCommandOptions): Promise<number> {
  const output: OutputKind = options.json ? 'json' : (options.output ?? 'table');
  const formats = resolveFormatChoice(options.format, options.logFormat);
  const rules = parseRules(options.failOn ?? []);
  const filter = resolveFilter(options);
  const zone = resolveDisplayZone(options);
  checkRelativeRules(rules, options.baseline);
  const labels = await summaryLabels(output, options.label ?? []);
  checkCompact(output, options.compact);
  // Read before the log: a baseline that cannot be used ends the run before a long read.
  const baseline = options.baseline !== undefined ? await (await import('./summary-files.js')).loadBaseline(options.baseline) : undefined;
  const specs = expandSources(files);

  const readsStdin = specs.some((spec) => spec.kind === 'stdin');
  if (readsStdin && !options.follow?.length && process.stdin.isTTY) {
    throw new UsageError('no input: name log files, or pipe a log into logcodes (e.g. tail -f access.log | logcodes)');
  }

  const window = await resolveTimeWindow(specs, options, formats);
  const color = useColor(options.color, process.stdout, process.env);
  const live = planLive({
    files,
    follow: options.follow,
    fromStart: options.fromStart,
    intervalGiven: options.interval !== undefined,
    output,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsStream: stdinIsStream(),
  });
  if (options.metrics !== undefined && !live) {
    throw new UsageError('--metrics serves a live run: --follow FILE, or a stream on standard input (tail -f access.log | logcodes --metrics 9464)');
  }
  // Counted beside the tally only when Prometheus metrics are asked for.
  const counts = output === 'prom' || options.metrics !== undefined ? new FleetCounts() : undefined;
  // What the batch and the live path read the input with alike.
  const reading = {
    formats,
    window,
    filter,
    by: options.by,
    top: options.top ?? DEFAULT_TOP,
    rawPaths: options.rawPaths,
    maxLineBytes: options.maxLineBytes,
    tap: counts,
  };
  let result: AnalyzeResult;
  let stoppedBy: NodeJS.Signals | undefined;
  if (live) {
    // The follower, live window and terminal code load only for live runs.
    const [{ runLive }, { liveObserver }] = await Promise.all([import('../pipeline/live.js'), import('./live-observers.js')]);
    const server = options.metrics !== undefined ? await serveMetrics(options.metrics, counts!) : undefined;
    try {
      result = await runLive({
        inputs: live.inputs,
        observer: liveObserver(live.display, process.stdout, color),
        ...reading,
        intervalSeconds: options.interval ?? 1,
        buildTotals: (partial) => assembleReport(partial, window, reading.top, filter),
        onRotate: counts ? () => counts.rotated() : undefined,
        // Only now: a line appended after the address is read is counted.
        onReady: server ? () => announceMetrics(server) : undefined,
      });
    } finally {
      await server?.close();
    }
  } else {
    const interrupt = catchInterrupts();
    const progress = wantsProgress(options.progress, process.stderr) ? new ProgressMeter(specs, process.stderr) : undefined;
    try {
      result = await analyze(specs, {
        progress,
        ...reading,
        signal: interrupt.signal,
      });
    } finally {
      progress?.stop();
      interrupt.dispose();
    }
    stoppedBy = interrupt.received();
    if (stoppedBy !== undefined) markInterrupted(result, specs);
  }
  for (const problem of result.problems) process.stderr.write(`logcodes: ${problem.message}\n`);
  // Nothing could be read at all (a mistyped path): the message says it all, an empty report would bury it.
  if (result.sources.length > 0 && result.sources.every((source) => source.error !== undefined && source.lines === 0)) {
    if (stoppedBy !== undefined) return stoppedBy === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
    return EXIT_CODES.input;
  }

  const assembled = assembleReport(result, window, options.top ?? DEFAULT_TOP, filter);
  const report = baseline !== undefined ? (await import('../report/baseline-compare.js')).withBaseline(assembled, baseline) : assembled;
  report.failedRules = evaluateFailRules(rules, report);
  if (output === 'prom') {
    // node_exporter's textfile collector reads the Prometheus text format 0.0.4 only.
    const { fleetRegistry } = await import('../export/metrics.js');
    process.stdout.write(await fleetRegistry(counts!).metrics());
  } else if (output === 'summary') {
    const { summaryText } = await import('./summary-files.js');
    process.stdout.write(await summaryText(result.tally, { labels, sources: result.sources, window, specs, formats }));
  } else if (live?.display === 'ndjson') {
    // After NDJSON snapshots, a pretty-printed report would break a reader that takes a line at a time.
    const { finalLine } = await import('../report/live-lines.js');
    process.stdout.write(finalLine(report, Date.now()));
  } else {
    process.stdout.write(await render(zone !== undefined && output !== 'json' && output !== 'csv' ? reportInZone(report, zone) : report, output, view, options));
  }

  // No record to judge is no clean bill of health: say so, and fail, rather than print "no findings".
  const empty = nothingToJudge(result, window);
  if (empty !== undefined) process.stderr.write(`logcodes: ${empty}\n`);
  else if (report.filter !== undefined && requestsOf(result) === 0) {
    // Records were there and none matched: an answer (no 5xx last night), not a failed run.
    process.stderr.write(`logcodes: no record matches the filter; it left out ${formatCount(report.filter.excluded)}\n`);
  }
  // A rule that held outranks a source that failed (README, "Exit codes"): the alert behind `|| mail`
  // must fire on the error budget, not on a missing rotated file, whose message is on stderr already.
  if (stoppedBy !== undefined) return stoppedBy === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
  if (report.failedRules.length > 0) return EXIT_CODES['rule-held'];
  return exitCodeOfProblems(result.problems) ?? (empty !== undefined ? EXIT_CODES.input : EXIT_CODES.ok);
}

/**
 * The source being read when Ctrl-C came gets the error 'interrupted', so the report (which may go
 * to a file) says it is partial, and stderr says how far the reading got.
 */
function markInterrupted(result: AnalyzeResult, specs: readonly SourceSpec[]): void {
  const last = result.sources.at(-1);
  if (last === undefined) return;
  const unread = specs.slice(result.sources.length).map(sourceName);
  const rest = unread.length > 0 ? `; not read: ${unread.join(', ')}` : '';
  const message = `interrupted after ${formatCount(last.lines)} lines of ${last.name}${rest}; the report covers the lines read before`;
  last.error = message;
  last.errorCode = 'interrupted';
  result.problems.push(new SourceError('interrupted', message));
}

/** Why the run had no record to judge, with what the input did hold; undefined when it had some. */
export function nothingToJudge(result: AnalyzeResult, window: TimeWindow | undefined): string | undefined {
  const summary = result.tally.summarize();
  if (summary.requests > 0 || summary.lines.filteredOut > 0) return undefined;
  const { parsed, malformed, ignored } = summary.lines;
  if (window !== undefined && (window.sinceMs !== undefined || window.untilMs !== undefined) && parsed > 0) {
    const since = window.sinceMs !== undefined ? formatTime(new Date(window.sinceMs).toISOString()) : 'the start';
    const until = window.untilMs !== undefined ? formatTime(new Date(window.untilMs).toISOString()) : 'the end';
    const times = [summary.outsideWindow, result.baseline?.summarize()]
      .flatMap((span) => (span?.firstTime !== undefined && span.lastTime !== undefined ? [span.firstTime, span.lastTime] : []));
    const covers =
      times.length > 0
        ? `the log covers ${formatSpan(new Date(Math.min(...times)).toISOString(), new Date(Math.max(...times)).toISOString())}`
        : 'its records carry no time';
    return `no records between ${since} and ${until}; ${covers}`;
  }
  if (parsed + malformed + ignored === 0) return 'no records: the input is empty';
  return `no records: none of the ${parsed + malformed + ignored} lines read is a request (${malformed} malformed, ${ignored} ignored)`;
}

/** --tz or --local-time, or undefined for UTC; a zone that does not exist is a usage error. */
function resolveDisplayZone(options: Pick<ReportCommandOptions, 'tz' | 'localTime'>): DisplayZone | undefined {
  if (options.tz !== undefined && options.localTime) throw new UsageError('--tz and --local-time both name a zone: give one');
  try {
    if (options.tz !== undefined) return parseZone(options.tz);
    return options.localTime ? localZone() : undefined;
  } catch (err) {
    if (err instanceof ZoneError) throw new UsageError(err.message);
    throw err;
  }
}

function requestsOf(result: AnalyzeResult): number {
  return result.tally.summarize().requests;
}

async function serveMetrics(text: string, counts: FleetCounts): Promise<MetricsServer> {
  const { parseMetricsAddress, startMetricsServer } = await import('../export/metrics-server.js');
  let server: MetricsServer;
  try {
    server = await startMetricsServer(parseMetricsAddress(text), counts);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return server;
}

/**
 * Said on stderr once every followed file is open, before any live view: with port 0 it is the
 * only way to learn the port, and a script that appends to the log once it has read the address
 * must see those lines counted.
 */
function announceMetrics(server: MetricsServer): void {
  const { host, port } = server.address;
  process.stderr.write(`logcodes: metrics at http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics\n`);
}

/** A rule against a baseline needs one. */
export function checkRelativeRules(rules: readonly FailRule[], baseline: string | undefined): void {
  const relative = rules.find((rule) => rule.relative !== undefined);
  if (relative !== undefined && baseline === undefined) {
    throw new UsageError(`--fail-on '${relative.text}' compares with a baseline: give --baseline FILE (a -o summary file or a -o json report)`);
  }
}

/** --label pairs, which only a summary carries. */
export async function summaryLabels(output: OutputKind, texts: readonly string[]): Promise<Record<string, string>> {
  if (texts.length === 0) return {};
  if (output !== 'summary') throw new UsageError('--label labels a summary: use it with -o summary');
  return (await import('./summary-files.js')).parseLabels(texts);
}

/** --compact shortens the Markdown report; any other output has no short form to give. */
export function checkCompact(output: OutputKind, compact: boolean | undefined): void {
  if (compact && output !== 'markdown') throw new UsageError('--compact is a form of the Markdown report: use it with -o markdown');
}

export function parseRules(texts: readonly string[]): FailRule[] {
  return texts.map((text) => {
    try {
      return parseFailRule(text);
    } catch (err) {
      // The parser's message names the option and the rule already.
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  });
}

export async function resolveTimeWindow(
  specs: readonly SourceSpec[],
  options: Pick<ReportCommandOptions, 'since' | 'until'>,
  formats: ReturnType<typeof resolveFormatChoice>,
): Promise<TimeWindow | undefined> {
  if (options.since === undefined && options.until === undefined) return undefined;
  const relative = [options.since, options.until].some((spec) => spec !== undefined && needsLogEnd(spec));
  const end = relative ? await findLogEnd(specs, formats) : {};
  try {
    return resolveWindow(options.since, options.until, { ...end, nowMs: Date.now() });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function assembleReport(result: AnalyzeResult, window: TimeWindow | undefined, top: number, filter?: RecordFilter): Report {
  const summary = result.tally.summarize();
  const baseline = result.baseline?.summarize();
  const findings = triage(summary, { baseline });
  const report = buildReport(summary, findings, {
    sources: result.sources,
    window: describeWindow(window, baseline ? result.baseline : undefined),
    top,
  });
  if (filter !== undefined) report.filter = { ...filter.applied, excluded: summary.lines.filteredOut };
  if (result.breakdown !== undefined) report.breakdown = result.breakdown.summarize(top);
  return report;
}

function describeWindow(window: TimeWindow | undefined, baseline: AnalyzeResult['baseline']): ReportWindow | undefined {
  if (!window) return undefined;
  const described: ReportWindow = {};
  if (window.sinceMs !== undefined) described.since = new Date(window.sinceMs).toISOString();
  if (window.untilMs !== undefined) described.until = new Date(window.untilMs).toISOString();
  if (baseline && window.sinceMs !== undefined) {
    const summary = baseline.summarize();
    described.baseline = {
      since: new Date(window.sinceMs - BASELINE_MS).toISOString(),
      until: new Date(window.sinceMs).toISOString(),
      requests: summary.requests,
      classes: summary.classes,
    };
  }
  return described;
}

/**
 * The JSON renderer, a few lines, is loaded with this module. The others (and cli-table3, behind the
 * table) load only when chosen: they would slow every start. A dynamic import waits for a file read on
 * libuv's thread pool, which took 5-25 ms after a large run on a 2-core machine whose cores were busy
 * with the compiler's and the garbage collector's threads.
 */
export async function render(
  report: Report,
  output: Exclude<OutputKind, 'prom' | 'summary'>,
  view: View,
  options: Pick<ReportCommandOptions, 'top' | 'color' | 'compact'>,
): Promise<string> {
  switch (output) {
    case 'json':
      return renderJson(report);
    case 'markdown': {
      if (options.compact) {
        const { renderCompactMarkdown } = await import('../report/markdown-compact.js');
        return renderCompactMarkdown(report, { top: options.top, view });
      }
      const { renderMarkdown } = await import('../report/markdown.js');
      return renderMarkdown(report, { top: options.top, view });
    }
    case 'csv': {
      const { renderCsv } = await import('../report/csv.js');
      return renderCsv(report);
    }
    case 'html': {
      const { renderHtml } = await import('../report/html.js');
      return renderHtml(report, { top: options.top, view });
    }
    case 'table': {
      const { renderTable } = await import('../report/table.js');
      return renderTable(report, {
        color: useColor(options.color, process.stdout, process.env),
        width: process.stdout.columns ?? 80,
        top: options.top,
        view,
      });
    }
  }
}
