import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { nginxIncident } from '../../scripts/gen-incident.js';
import { figuresOfReport } from '../../src/report/baseline-figures.js';
import { withBaseline } from '../../src/report/baseline-compare.js';
import { readSummary, summaryFile } from '../../src/tally/summary-file.js';
import { Tally } from '../../src/tally/tally.js';
import { loadReport, SCHEMA_PATH } from '../report/fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSummary = ajv.compile(JSON.parse(readFileSync(`${root}schema/summary.schema.json`, 'utf8')) as object);
const validateReport = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
const stored: unknown = JSON.parse(readFileSync(`${root}fixtures/summary/nginx-incident.v1.json`, 'utf8'));

function errorsOf(validate: typeof validateSummary, value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

describe('summary JSON Schema', () => {
  it('accepts the stored v1 file and a summary written now', () => {
    expect(errorsOf(validateSummary, stored)).toBe('');
    const tally = new Tally();
    for (const record of nginxIncident().records) tally.addRecord(record);
    tally.addMalformed({ line: 9, source: 'x.log', code: 'status-unset', reason: "status is '-'", text: '-' });
    const fresh = JSON.parse(JSON.stringify(summaryFile(tally.toDocument(), { labels: { host: 'web1' }, sources: [{ name: 'x.log', lines: 5 }] })));
    expect(errorsOf(validateSummary, fresh)).toBe('');
    expect(readSummary(fresh)).toEqual(fresh);
  });

  it('and the reader refuse the same broken files', () => {
    const broken = (edit: (file: { tally: Record<string, unknown> }) => void): unknown => {
      const file = JSON.parse(JSON.stringify(stored)) as { tally: Record<string, unknown> };
      edit(file);
      return file;
    };
    const cases = [
      broken((file) => delete file.tally.codes),
      broken((file) => (file.tally.bucketMinutes = 0)),
      broken((file) => ((file.tally.errors as { paths: { counts: number[] } }[])[0]!.paths.counts = [-1])),
      broken((file) => ((file.tally.latency as { relativeAccuracy: number }).relativeAccuracy = 0.05)),
    ];
    for (const file of cases) {
      expect(errorsOf(validateSummary, file)).not.toBe('');
      expect(() => readSummary(file)).toThrow(/^tally\./);
    }
  });
});

describe('report JSON Schema', () => {
  it('accepts a report with a --baseline comparison', () => {
    const report = loadReport('incident');
    const compared = JSON.parse(JSON.stringify(withBaseline(report, figuresOfReport('before.json', loadReport('clean')))));
    expect(compared.comparison.codes.length).toBeGreaterThan(0);
    expect(errorsOf(validateReport, compared)).toBe('');
  });
});
