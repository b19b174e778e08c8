import type { ReportFilter } from '../model/report.js';
import { escapeControls } from './sanitize.js';

const FIELDS = ['status', 'path', 'host', 'method', 'client', 'upstream'] as const;

/** The options a filter was given, as they would be typed: `--status 5xx,499 --path /api/*`. */
export function filterOptionsText(filter: ReportFilter): string {
  return FIELDS.flatMap((field) => {
    const values = filter[field];
    return values === undefined ? [] : [`--${field} ${escapeControls(values.join(','))}`];
  }).join(' ');
}

/** One line for a report: what was applied and what it left out. */
export function describeFilter(filter: ReportFilter): string {
  const left = filter.excluded.toLocaleString('en-US');
  return `${filterOptionsText(filter)} (left out ${left} record${filter.excluded === 1 ? '' : 's'}; every count is of the records it kept)`;
}
