import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderJson } from '../../src/report/json.js';
import { FIXTURE_NAMES, HOSTILE, SCHEMA_PATH, loadReport } from './fixtures.js';

const validate = new Ajv2020({ strict: true }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

describe('renderJson', () => {
  it.each(FIXTURE_NAMES)('round-trips the %s report and stays valid against the schema', (name) => {
    const report = loadReport(name);
    const out = renderJson(report);
    const parsed: unknown = JSON.parse(out);
    expect(parsed).toEqual(report);
    expect(validate(parsed)).toBe(true);
  });

  it('is indented by two spaces and ends with exactly one newline', () => {
    const out = renderJson(loadReport('clean'));
    expect(out.startsWith('{\n  "schema": "logcodes.report/v1",\n')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
  });

  it('writes C1 controls and bidi overrides as \\u escapes, keeping their values', () => {
    const out = renderJson(loadReport('hostile'));
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('/c1\\u009b31mX\\u0085\\bback');
    expect(out).toContain('/files/\\u202egnp.exe\\u202c');
    const parsed = JSON.parse(out) as ReturnType<typeof loadReport>;
    expect(parsed.top.paths.map((entry) => entry.value)).toContain(HOSTILE.c1);
    expect(parsed.top.paths.map((entry) => entry.value)).toContain(HOSTILE.bidi);
  });

  it('writes invisible characters as \\u escapes, a tag character as its surrogate pair, keeping their values', () => {
    const report = loadReport('clean');
    const hidden = '/admin\u200b\ufeff\u{e0041}';
    report.top.paths = [{ value: hidden, count: 1 }];
    const out = renderJson(report);
    expect(out).toContain('"/admin\\u200b\\ufeff\\udb40\\udc41"');
    expect((JSON.parse(out) as typeof report).top.paths[0]!.value).toBe(hidden);
  });
});
