import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FIXTURE_NAMES, SCHEMA_PATH, loadReport } from './fixtures.js';
import { SOURCE_ERROR_CODE_LIST } from '../../src/model/errors.js';
import { MALFORMED_CODE_LIST } from '../../src/model/malformed.js';
import { IGNORED_CODE_LIST } from '../../src/model/ignored.js';
import { SIGNAL_LABELS } from '../../src/model/signals.js';
import type { Report } from '../../src/model/report.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

function errorsOf(value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

function clone(report: Report): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

describe('report JSON Schema', () => {
  it.each(FIXTURE_NAMES)('accepts the %s fixture', (name) => {
    expect(errorsOf(loadReport(name))).toBe('');
  });

  it.each(FIXTURE_NAMES)('the %s fixture keeps the line arithmetic of the contract', (name) => {
    const report = loadReport(name);
    const { total, parsed, malformed, ignored } = report.lines;
    expect(parsed + malformed + ignored).toBe(total);
    const classSum = Object.values(report.classes).reduce((sum, count) => sum + count, 0);
    expect(classSum).toBe(parsed);
    expect(report.codes.reduce((sum, row) => sum + row.count, 0)).toBe(parsed);
  });

  it.each(['schema', 'lines', 'formats', 'classes', 'codes', 'triage', 'malformedSamples'])('rejects a report without %s', (key) => {
    const report = clone(loadReport('incident'));
    delete report[key];
    expect(errorsOf(report)).toContain(key);
  });

  it('rejects a wrong schema tag, a missing line counter, an unknown class and a bad finding', () => {
    const base = loadReport('incident');
    expect(errorsOf({ ...clone(base), schema: 'logcodes.report/v2' })).not.toBe('');
    const lines = clone(base);
    lines.lines = { total: 1, parsed: 1, malformed: 0 };
    expect(errorsOf(lines)).toContain('ignored');
    const classes = clone(base);
    classes.classes = { ...base.classes, '5xx': -1 };
    expect(errorsOf(classes)).not.toBe('');
    const codes = clone(base);
    codes.codes = [{ ...base.codes[0], class: '6xx' }];
    expect(errorsOf(codes)).not.toBe('');
    const finding = clone(base);
    const first = base.triage[0];
    if (!first) throw new Error('incident fixture has findings');
    const { cause: _cause, ...withoutCause } = first;
    finding.triage = [withoutCause];
    expect(errorsOf(finding)).toContain('cause');
    const evidence = clone(base);
    evidence.triage = [{ ...first, evidence: { ...first.evidence, topUpstreams: undefined } }];
    expect(errorsOf(JSON.parse(JSON.stringify(evidence)))).toContain('topUpstreams');
    const sample = clone(base);
    sample.malformedSamples = [{ line: 3, source: 'a.log', reason: 'x' }];
    expect(errorsOf(sample)).toContain('text');
  });

  it('lists the ignored codes of src/model/ignored.ts, and no others', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { ignoredCode: { enum: string[] } } };
    expect(schema.$defs.ignoredCode.enum).toEqual(IGNORED_CODE_LIST);
  });

  it.each(FIXTURE_NAMES)('the %s fixture lists its ignored lines by reason, adding up to lines.ignored', (name) => {
    const report = loadReport(name);
    expect(report.ignoredReasons.reduce((sum, reason) => sum + reason.lines, 0)).toBe(report.lines.ignored);
  });

  it('lists the malformed codes of src/model/malformed.ts, and no others', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { malformedCode: { enum: string[] } } };
    expect(schema.$defs.malformedCode.enum).toEqual(MALFORMED_CODE_LIST);
  });

  it('lists every kind of signal the code knows, and accepts a finding that carries one', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { signalKind: { enum: string[] } } };
    expect(schema.$defs.signalKind.enum).toEqual(Object.keys(SIGNAL_LABELS));
    const report = clone(loadReport('incident')) as unknown as Report;
    const evidence = report.triage[0]!.evidence;
    evidence.signals = [{ kind: 'alb-error-reason', label: 'error_reason', values: [{ value: 'LambdaInvalidResponse', count: 3 }] }];
    expect(errorsOf(report)).toBe('');
    (evidence.signals[0] as { kind: string }).kind = 'made-up';
    expect(errorsOf(report)).toContain('kind');
    const base = loadReport('incident');
    const unknown = clone(base);
    unknown.malformedSamples = [{ ...base.malformedSamples[0], code: 'bad-vibes' }];
    expect(errorsOf(unknown)).not.toBe('');
    const counted = clone(base);
    counted.malformedCodes = { 'bad-vibes': 1 };
    expect(errorsOf(counted)).not.toBe('');
  });

  it('lists the source error codes of src/model/errors.ts, and no others', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { sourceErrorCode: { enum: string[] } } };
    expect(schema.$defs.sourceErrorCode.enum).toEqual(SOURCE_ERROR_CODE_LIST);
    const report = clone(loadReport('incident'));
    report.sources = [{ name: 'a.log', lines: 0, error: 'a.log: no such file', errorCode: 'ENOENT' }];
    expect(errorsOf(report)).toBe('');
    report.sources = [{ name: 'a.log', lines: 0, error: 'a.log: gone', errorCode: 'gone' }];
    expect(errorsOf(report)).not.toBe('');
  });

  it('allows keys added later, as the contract promises', () => {
    const report = clone(loadReport('incident'));
    report.newSection = { anything: 1 };
    (report.lines as Record<string, unknown>).skippedByWindow = 12;
    expect(errorsOf(report)).toBe('');
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}bin/logcodes.js`;

/** Log files the other parts of the project keep as fixtures, a few per folder. */
function sampleLogs(): string[] {
  const found: string[] = [];
  for (const folder of ['fixtures/incident', 'fixtures/corpus']) {
    const dir = `${root}${folder}`;
    if (!existsSync(dir)) continue;
    const walk = (path: string): void => {
      for (const entry of readdirSync(path).sort()) {
        const full = `${path}/${entry}`;
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(log|gz|csv|ndjson|txt)$/.test(entry) && !/SOURCES|MANIFEST|expected/i.test(entry)) found.push(full);
      }
    };
    walk(dir);
  }
  return found;
}

/**
 * Schema violations the command is known to produce today, by sample log. The
 * test fails when one of them goes away too, so this list cannot go stale.
 */
const KNOWN_VIOLATIONS: Readonly<Record<string, string>> = {
};

function runJson(view: string, log: string): Report {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [bin, view, '-o', 'json', log], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // exit code 2 (a --fail-on rule) and 1 (an unreadable part) still print the report
    const out = (err as { stdout?: string }).stdout;
    if (!out) throw err;
    stdout = out;
  }
  return JSON.parse(stdout) as Report;
}

const logs = sampleLogs();

describe('the report command output', () => {
  it('exists and has sample logs to run on', () => {
    expect(existsSync(bin), bin).toBe(true);
    expect(() => execFileSync(process.execPath, [bin, 'report', '--help'], { stdio: 'pipe' })).not.toThrow();
    expect(logs.length, 'fixtures/incident or fixtures/corpus should hold sample logs').toBeGreaterThan(0);
  });

  it.each(logs.map((log) => [log.slice(root.length)]))('matches the schema for %s', (relative) => {
    // the triage view shares the report; running it on the incident logs is enough to cover it
    const views = relative.startsWith('fixtures/incident/') ? ['report', 'triage'] : ['report'];
    for (const view of views) {
      const report = runJson(view, `${root}${relative}`);
      expect(errorsOf(report), `${view} -o json ${relative}`).toBe(KNOWN_VIOLATIONS[relative] ?? '');
      expect(report.lines.parsed + report.lines.malformed + report.lines.ignored, relative).toBe(report.lines.total);
      // Optional in the schema, so that reports written before it validate; always written now.
      for (const sample of report.malformedSamples) expect(MALFORMED_CODE_LIST, relative).toContain(sample.code);
      const byCode = Object.values(report.malformedCodes).reduce((sum, count) => sum + count, 0);
      expect(byCode, relative).toBe(report.lines.malformed);
    }
  });
});
