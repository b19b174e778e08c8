import type { WindowFigures } from '../tally/live-window.js';
import { STATUS_CLASSES } from '../model/status.js';
import type { Report } from '../model/report.js';
import { formatCount, formatPercent, formatRate } from './format-values.js';
import { renderJsonLine } from './json.js';

/** The progress lines of a live run on a pipe: an NDJSON snapshot under -o json, else a line of text. */

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

export function snapshotLine(figures: WindowFigures, totals: Report, totalsBuiltAt: number, at: number): string {
  const snapshot: LiveSnapshot = {
    type: 'snapshot',
    at: new Date(at).toISOString(),
    window: figures,
    totals,
    totalsAt: new Date(totalsBuiltAt).toISOString(),
  };
  return renderJsonLine(snapshot);
}

/**
 * The last line after the snapshots: the final report, on one line like them, so a consumer that
 * reads line by line gets every line whole. `totals` as in a snapshot, built at the end of input.
 */
export interface LiveFinal {
  type: 'final';
  at: string;
  totals: Report;
}

export function finalLine(totals: Report, at: number): string {
  const final: LiveFinal = { type: 'final', at: new Date(at).toISOString(), totals };
  return renderJsonLine(final);
}

/**
 * One line per interval on a pipe: what arrived since the last line, and the running total. The
 * rate is per second on every line, so a stream of lines never changes its unit.
 */
export function textLine(figures: WindowFigures, total: number, at: Date = new Date()): string {
  const parts = [`${at.toISOString()}`, `+${formatCount(figures.requests)} requests`, formatRate(figures.perSecond, 's')];
  if (figures.requests > 0) {
    for (const cls of STATUS_CLASSES) {
      const count = figures.classes[cls];
      if (count > 0) parts.push(`${cls} ${formatPercent(count / figures.requests)}`);
    }
    const errors = figures.codes.filter((row) => row.code >= 500 && row.code <= 599).slice(0, 3);
    if (errors.length > 0) parts.push(`5xx: ${errors.map((row) => `${row.code}×${formatCount(row.count)}`).join(' ')}`);
  }
  parts.push(`total ${formatCount(total)}`);
  return parts.join('  ');
}
