import { readSource, type ReadProgress, type SourceOutcome } from '../ingest/read-source.js';
import { sourceName, type SourceSpec } from '../ingest/source.js';
import { Tally } from '../tally/tally.js';
import { SourceError } from '../model/errors.js';
import type { SourceSummary } from '../model/report.js';
import { SourceProcessor, type FormatChoice, type LineTap, type TallyTargets } from './source-processor.js';
import type { TimeWindow } from './window.js';
import type { RecordFilter } from './record-filter.js';
import { Breakdown } from '../tally/breakdown.js';
import type { BreakdownKey } from '../model/report.js';

export interface AnalyzeOptions {
  formats: FormatChoice;
  window?: TimeWindow;
  /** --status, --path, ...: only the records it accepts are counted. */
  filter?: RecordFilter;
  /** --by: the class mix and top codes per value of this field. */
  by?: BreakdownKey;
  top?: number;
  /** --raw-paths: paths as logged, not their shapes. */
  rawPaths?: boolean;
  maxLineBytes?: number;
  signal?: AbortSignal;
  /** Sees every line beside the tally (records, metrics). */
  tap?: LineTap;
  /** False: the records go to the tap only, not into the tally (see TallyTargets.tallyRecords). */
  tallyRecords?: boolean;
  /** Awaited before each chunk of input is split: lets a tap that writes output wait for it to drain. */
  pace?: () => Promise<void> | undefined;
  /** Told how far each source has been read (a progress line on a terminal). */
  progress?: ReadProgress;
}

export interface AnalyzeResult {
  tally: Tally;
  /** The hour before --since, when a window was given. */
  baseline?: Tally;
  /** --by, when given. */
  breakdown?: Breakdown;
  sources: SourceSummary[];
  /** One per source that could not be read or whose format was not recognized. */
  problems: SourceError[];
}

/** Creates the tallies an analysis fills. Shared by the batch and live paths. */
export function createTargets(options: Pick<AnalyzeOptions, 'window' | 'filter' | 'by' | 'top' | 'tap' | 'tallyRecords' | 'rawPaths'>): TallyTargets {
  const main = new Tally({ top: options.top, rawPaths: options.rawPaths });
  const targets: TallyTargets = { main };
  if (options.tap) targets.tap = options.tap;
  if (options.filter) targets.filter = options.filter;
  if (options.by) targets.breakdown = new Breakdown(options.by);
  if (options.tallyRecords === false) targets.tallyRecords = false;
  if (!options.window) return targets;
  targets.window = options.window;
  if (options.window.sinceMs !== undefined) targets.baseline = new Tally({ top: options.top, rawPaths: options.rawPaths });
  return targets;
}

/** Describes how a source went, for the report and for stderr. */
export function summarizeSource(processor: SourceProcessor, outcome: SourceOutcome): { summary: SourceSummary; problem?: SourceError } {
  const summary: SourceSummary = { name: outcome.name, lines: outcome.lines };
  const format = processor.mainFormat;
  if (format) summary.format = format;
  const layouts = processor.inferredLayouts;
  if (layouts.length > 0) summary.inferredLayouts = layouts;
  let problem = outcome.error;
  if (problem === undefined && processor.unknownFormat && !format) {
    problem = new SourceError(
      'unknown-format',
      `${outcome.name}: no known log format recognized (see 'logcodes formats'; use --format or --log-format)`,
    );
  }
  if (problem === undefined) return { summary };
  summary.error = problem.message;
  summary.errorCode = problem.code;
  return { summary, problem };
}

/** Reads every source in order into one tally. Never throws for bad input: problems are collected. */
export async function analyze(specs: readonly SourceSpec[], options: AnalyzeOptions): Promise<AnalyzeResult> {
  const targets = createTargets(options);
  const sources: SourceSummary[] = [];
  const problems: SourceError[] = [];
  for (const spec of specs) {
    if (options.signal?.aborted) break;
    const processor = new SourceProcessor(sourceName(spec), targets, options.formats);
    const outcome = await readSource(spec, processor, { maxLineBytes: options.maxLineBytes, signal: options.signal, pace: options.pace, progress: options.progress });
    processor.flush();
    const { summary, problem } = summarizeSource(processor, outcome);
    sources.push(summary);
    if (problem) problems.push(problem);
  }
  return { tally: targets.main, baseline: targets.baseline, breakdown: targets.breakdown, sources, problems };
}
