import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SourceSpec } from '../ingest/source.js';
import type { BaselineFigures } from '../model/comparison.js';
import { LogcodesError, SOURCE_ERROR_CODES, UsageError } from '../model/errors.js';
import type { SourceSummary } from '../model/report.js';
import { findLogEnd } from '../pipeline/log-end.js';
import type { FormatChoice } from '../pipeline/source-processor.js';
import type { TimeWindow } from '../pipeline/window.js';
import { figuresOfReport, figuresOfSummary } from '../report/baseline-figures.js';
import { looksLikeSummary, readSummary, renderSummary, summaryFile, type SummaryFile } from '../tally/summary-file.js';
import { Tally } from '../tally/tally.js';

/** A summary or baseline file that cannot be used: an input error, exit code 1. */
function unusable(file: string, why: string): LogcodesError {
  return new LogcodesError('input', 'summary-invalid', `${file}: ${why}`);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const known = code !== undefined && code in SOURCE_ERROR_CODES ? SOURCE_ERROR_CODES[code as keyof typeof SOURCE_ERROR_CODES] : undefined;
    throw unusable(file, known ?? (err instanceof Error ? err.message : String(err)));
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw unusable(file, `not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A `logcodes.summary/v1` file, checked. */
export async function loadSummary(file: string): Promise<SummaryFile> {
  const value = await readJson(file);
  try {
    return readSummary(value);
  } catch (err) {
    throw unusable(file, err instanceof Error ? err.message : String(err));
  }
}

/** --baseline FILE: a summary file or a `-o json` report. */
export async function loadBaseline(file: string): Promise<BaselineFigures> {
  const value = await readJson(file);
  try {
    if (looksLikeSummary(value)) return figuresOfSummary(file, Tally.fromDocument(readSummary(value).tally).summarize());
    return figuresOfReport(file, value);
  } catch (err) {
    throw unusable(file, err instanceof Error ? err.message : String(err));
  }
}

const LABEL = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$/;

/** --label KEY=VALUE pairs; each key once. */
export function parseLabels(texts: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const text of texts) {
    const match = LABEL.exec(text);
    if (match === null) throw new UsageError(`--label '${text}': expected KEY=VALUE, e.g. host=web1 (a key of letters, digits, '_', '.' or '-')`);
    if (match[1]! in labels) throw new UsageError(`--label '${text}': the key '${match[1]}' is given twice`);
    labels[match[1]!] = match[2]!;
  }
  return labels;
}

/** How a source of a merged summary is named: its name, then the labels or the file of the summary it came from. */
export function mergedSourceName(source: SourceSummary, summary: SummaryFile, file: string): string {
  const labels = Object.entries(summary.labels).map(([key, value]) => `${key}=${value}`);
  return `${source.name} (${labels.length > 0 ? labels.join(', ') : basename(file)})`;
}

/**
 * The `-o summary` output of a run. The UTC offset is the one the last record of a plain file
 * states: reading it from the tail costs a read of 256 KiB, where a compressed file would be read
 * again whole.
 */
export async function summaryText(
  tally: Tally,
  meta: { labels: Record<string, string>; sources: SourceSummary[]; window?: TimeWindow; specs?: readonly SourceSpec[]; formats?: FormatChoice },
): Promise<string> {
  let utcOffsetMinutes: number | undefined;
  if (meta.specs !== undefined && meta.formats !== undefined) {
    const plain = meta.specs.filter((spec) => spec.kind === 'file' && !/\.(gz|bz2|xz|zst)$/i.test(spec.path));
    if (plain.length > 0) utcOffsetMinutes = (await findLogEnd(plain, meta.formats)).tzOffsetMinutes;
  }
  const window: { since?: string; until?: string } = {};
  if (meta.window?.sinceMs !== undefined) window.since = new Date(meta.window.sinceMs).toISOString();
  if (meta.window?.untilMs !== undefined) window.until = new Date(meta.window.untilMs).toISOString();
  return renderSummary(
    summaryFile(tally.toDocument(), {
      labels: meta.labels,
      sources: meta.sources,
      ...(meta.window !== undefined ? { window } : {}),
      ...(utcOffsetMinutes !== undefined ? { utcOffsetMinutes } : {}),
    }),
  );
}
