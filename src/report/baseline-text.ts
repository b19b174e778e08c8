import type { BaselineComparison, Change, CodeChange, ValueChange } from '../model/comparison.js';
import type { Phrase, PhraseValue } from '../model/findings.js';
import { formatCount, formatPercent, formatRate, formatSpan, type RateUnit } from './format-values.js';

/** How every renderer words a comparison with --baseline: the same cells and sentences in each. */

/** A rate per minute of the comparison as a phrase's value, worded in the report's unit. */
function perMinute(value: number): PhraseValue {
  return { kind: 'rate', perSecond: value / 60 };
}

/** A ratio as people read it: 5.4x, 0.3x, 12x. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${ratio.toFixed(ratio < 0.1 ? 2 : 1)}x`;
}

/** The short "vs baseline" cell of a code or class: '5.4x', 'new', '0.3x', '-' (neither had it). */
export function vsBaselineCell(change: Change & { new?: boolean }): string {
  if (change.new === true || (change.baselineCount === 0 && change.count > 0)) return 'new';
  if (change.count === 0 && change.baselineCount === 0) return '-';
  if (change.count === 0) return 'gone';
  return formatRatio(change.shareRatio!);
}

/**
 * The sentence a finding gets: "5.4x the baseline's share (2.3% of requests against 0.43% in
 * day.json; 31/min against 6/min)", its rates as data for the report's unit.
 */
export function baselineSentence(change: CodeChange, comparison: BaselineComparison): Phrase {
  const file = comparison.baseline.file;
  if (change.baselineCount === 0) {
    return [`New against the baseline: not once in the ${formatCount(comparison.baseline.requests)} requests of ${file}.`];
  }
  const ratio = change.shareRatio!;
  return [
    `${formatRatio(ratio)} the baseline's share (${formatPercent(change.share)} of requests against ${formatPercent(change.baselineShare)} in ${file}; `,
    perMinute(change.perMinute),
    ' against ',
    perMinute(change.baselinePerMinute),
    ').',
  ];
}

/** A few lines on the whole comparison: what it is against, how the error classes moved, what is new; rates in `unit`. */
export function baselineLines(comparison: BaselineComparison, unit: RateUnit): string[] {
  const { baseline } = comparison;
  const span = baseline.first !== undefined && baseline.last !== undefined ? `${formatSpan(baseline.first, baseline.last)}, ` : '';
  const rate = (value: number): string => formatRate(value / 60, unit);
  const lines = [
    `Against ${baseline.file} (${span}${formatCount(baseline.requests)} requests, ${rate(baseline.perMinute)}; now ${formatCount(comparison.requests)}, ${rate(comparison.perMinute)}).`,
  ];
  // The error classes, and 'other' when either side had any.
  const classes = (['4xx', '5xx', 'other'] as const)
    .filter((name) => name !== 'other' || comparison.classes[name].count + comparison.classes[name].baselineCount > 0)
    .map((name) => {
      const change = comparison.classes[name];
      return `${name} ${formatPercent(change.share)} against ${formatPercent(change.baselineShare)} (${vsBaselineCell(change)})`;
    });
  if (classes.length > 0) lines.push(`Shares of requests: ${classes.join(' · ')}.`);
  if (comparison.newCodes.length > 0) lines.push(`New codes: ${comparison.newCodes.join(', ')}.`);
  const values = (kind: string, list: readonly ValueChange[]): void => {
    if (list.length === 0) return;
    const items = list.map((v) => (v.new ? `${v.value} (${formatCount(v.count)}, not in its top list)` : `${v.value} (${formatCount(v.count)}, ${formatRatio(v.shareRatio!)} its share)`));
    lines.push(`${kind} of 4xx/5xx new or grown: ${items.join(', ')}.`);
  };
  values('Paths', comparison.paths);
  values('Upstreams', comparison.upstreams);
  return lines;
}

/** The "vs baseline" cell of a code row, or undefined without a comparison. */
export function codeVsBaseline(comparison: BaselineComparison | undefined, code: number): string | undefined {
  if (comparison === undefined) return undefined;
  const change = comparison.codes.find((c) => c.code === code);
  return change === undefined ? '-' : vsBaselineCell(change);
}
