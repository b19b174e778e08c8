import type { BreakdownRow, ReportBreakdown } from '../model/report.js';
import { formatCount, formatPercent } from './format-values.js';

/** The classes a breakdown shows a share of, in this order. */
export const BREAKDOWN_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

const FIELD_NAMES: Record<ReportBreakdown['by'], string> = {
  host: 'host',
  vhost: 'virtual host',
  upstream: 'upstream',
  source: 'source',
  path: 'path',
};

/** The section title: `By host`. */
export function breakdownTitle(breakdown: ReportBreakdown): string {
  const name = FIELD_NAMES[breakdown.by];
  return `By ${name}`;
}

/** The header of the value column: `Host`. */
export function breakdownColumn(breakdown: ReportBreakdown): string {
  const name = FIELD_NAMES[breakdown.by];
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** What the rows are out of: `3 of 3 hosts; 12 records without one`. */
export function breakdownNote(breakdown: ReportBreakdown): string {
  const name = FIELD_NAMES[breakdown.by];
  const article = /^[aeiou]/.test(name) ? 'an' : 'a';
  // Not a table of nothing: the log does not carry the field (an IIS log without cs-host).
  if (breakdown.values === 0 && breakdown.missing > 0) return `No record carries ${article} ${name}: the log does not log one.`;
  const parts = [`${formatCount(breakdown.rows.length)} of ${formatCount(breakdown.values)}${breakdown.approximate ? '+' : ''} values`];
  if (breakdown.missing > 0) parts.push(`${formatCount(breakdown.missing)} record${breakdown.missing === 1 ? '' : 's'} without ${article} ${name}`);
  if (breakdown.approximate) parts.push('counts are guaranteed lower bounds (more values than are held)');
  return `${parts.join('; ')}.`;
}

/** A value's share of one class, of its own records. */
export function classShare(row: BreakdownRow, cls: (typeof BREAKDOWN_CLASSES)[number]): string {
  return row.requests > 0 ? formatPercent(row.classes[cls] / row.requests) : '-';
}

/** `502 ×12, 200 ×9`. */
export function topCodesText(row: BreakdownRow): string {
  return row.codes.map((entry) => `${entry.code} ×${formatCount(entry.count)}`).join(', ');
}
