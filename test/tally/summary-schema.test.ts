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
    tally.addIgnored('elb-tcp-listener');
    tally.addIgnored('blank');
    const fresh = JSON.parse(JSON.stringify(summaryFile(tally.toDocument(), { labels: { host: 'web1' }, sources: [{ name: 'x.log', lines: 5 }] })));
    expect(errorsOf(validateSummary, fresh)).toBe('');
    expect(readSummary(fresh)).toEqual(fresh);
    expect(fresh.tally.lines.ignoredCodes).toEqual({ 'elb-tcp-listener': 1, blank: 1 });
  });

  it('keeps a source\'s inferred field layout, and both refuse one that is not a list of field names', () => {
    const layout = { format: 'iis-w3c', fields: ['date', 'time', 'cs-method', 'cs-uri-stem', 'sc-status'], records: 44 };
    const file = JSON.parse(JSON.stringify(summaryFile(new Tally().toDocument(), { labels: {}, sources: [{ name: 'u_ex.log', lines: 44, format: 'iis-w3c', inferredLayouts: [layout] }] })));
    expect(errorsOf(validateSummary, file)).toBe('');
    expect(readSummary(file).sources[0]!.inferredLayouts).toEqual([layout]);
    for (const bad of [{ ...layout, fields: [] }, { ...layout, fields: [1] }, { ...layout, format: undefined }, { ...layout, records: -1 }]) {
      file.sources[0].inferredLayouts = [JSON.parse(JSON.stringify(bad))];
      expect(errorsOf(validateSummary, file), JSON.stringify(bad)).not.toBe('');
      expect(() => readSummary(file), JSON.stringify(bad)).toThrow(/^sources\[0\]\.inferredLayouts\[0\]\./);
    }
  });

  it('reads a v1 file from before ignored lines had reasons, their lines counted as of no recorded reason', () => {
    const old = JSON.parse(JSON.stringify(stored)) as { tally: { lines: Record<string, unknown> } };
    old.tally.lines.ignored = 5;
    expect(old.tally.lines.ignoredCodes).toBeUndefined();
    expect(errorsOf(validateSummary, old)).toBe('');
    const tally = Tally.fromDocument(readSummary(old).tally);
    tally.addIgnored('nlb-tls');
    const summary = tally.summarize();
    expect(summary.lines.ignored).toBe(6);
    expect(summary.ignoredCodes).toEqual({ 'reason-unrecorded': 5, 'nlb-tls': 1 });
  });

  it('and the reader refuse ignored-line reasons that are not codes or do not add up', () => {
    const withCodes = (codes: Record<string, number>, ignored: number): unknown => {
      const file = JSON.parse(JSON.stringify(stored)) as { tally: { lines: Record<string, unknown> } };
      file.tally.lines.ignored = ignored;
      file.tally.lines.ignoredCodes = codes;
      return file;
    };
    expect(errorsOf(validateSummary, withCodes({ tcp: 2 }, 2))).not.toBe('');
    expect(() => readSummary(withCodes({ tcp: 2 }, 2))).toThrow(/^tally\.lines\.ignoredCodes\.tcp/);
    expect(() => readSummary(withCodes({ blank: 2 }, 3))).toThrow(/^tally\.lines\.ignoredCodes: expected counts adding up to lines\.ignored/);
    expect(() => readSummary(withCodes({ blank: 3 }, 3))).not.toThrow();
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
