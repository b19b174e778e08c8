import type { Report } from '../model/report.js';

/** The columns of `-o csv`, in order: one row per status code the report counted. */
export const CSV_COLUMNS = ['code', 'count', 'share', 'class', 'vendor', 'meaning'] as const;

/**
 * One field as RFC 4180 writes it: quoted when it holds a comma, a double quote, a CR or an LF,
 * with each double quote doubled. Everything else is written as it is.
 */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The codes table as CSV (RFC 4180: a header row, CRLF after every record), for a spreadsheet or
 * `duckdb -c "SELECT * FROM read_csv('codes.csv')"`. `share` is the fraction of counted requests,
 * 0..1, unrounded as in the JSON report.
 */
export function renderCsv(report: Report): string {
  const rows = [CSV_COLUMNS.map(csvField).join(',')];
  for (const row of report.codes) {
    rows.push([row.code, row.count, row.share, row.class, row.vendor, row.meaning].map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
