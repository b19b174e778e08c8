import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../src/report/csv.js';
import { loadReport } from './fixtures.js';

/** An RFC 4180 reader, written apart from the writer: records end in CRLF, quoted fields may hold anything. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (quoted || field !== '' || record.length > 0) throw new Error('the last record does not end in CRLF');
  return records;
}

describe('renderCsv', () => {
  it('writes the header and one row per code, which read back as the report has them', () => {
    const report = loadReport('incident');
    const rows = parseCsv(renderCsv(report));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual(
      report.codes.map((row) => [String(row.code), String(row.count), String(row.share), row.class, row.vendor, row.meaning]),
    );
  });

  it('quotes commas, double quotes and line breaks, and reads back unchanged', () => {
    const report = loadReport('incident');
    const meanings = ['Bad, very "bad" gateway', 'two\r\nlines', 'line\nfeed', '"', ',', 'plain'];
    const codes = meanings.map((meaning, i) => ({ ...report.codes[0]!, code: 500 + i, meaning }));
    const text = renderCsv({ ...report, codes });
    expect(parseCsv(text).slice(1).map((row) => row[5])).toEqual(meanings);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('an empty report is the header alone', () => {
    const report = loadReport('clean');
    expect(renderCsv({ ...report, codes: [] })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
