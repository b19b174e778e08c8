import { describe, expect, it } from 'vitest';
import { isoInZone, parseZone, reportInZone, ZoneError } from '../../src/report/time-zone.js';
import { loadReport } from './fixtures.js';
import { buildReport } from '../../src/report/build.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';

describe('parseZone and isoInZone', () => {
  it('takes fixed offsets in both spellings, and UTC', () => {
    expect(isoInZone('2026-03-02T09:03:09.000Z', parseZone('+05:30'))).toBe('2026-03-02T14:33:09.000+05:30');
    expect(isoInZone('2026-03-02T09:03:09.000Z', parseZone('-0800'))).toBe('2026-03-02T01:03:09.000-08:00');
    expect(isoInZone('2026-03-02T09:03:09.000Z', parseZone('UTC'))).toBe('2026-03-02T09:03:09.000Z');
  });

  it('follows daylight saving in an IANA zone, instant by instant', () => {
    const paris = parseZone('Europe/Paris');
    expect(isoInZone('2026-01-15T12:00:00.000Z', paris)).toBe('2026-01-15T13:00:00.000+01:00');
    expect(isoInZone('2026-07-15T12:00:00.000Z', paris)).toBe('2026-07-15T14:00:00.000+02:00');
    // The 2026 change in the EU: 01:00 UTC on the last Sunday of March.
    expect(isoInZone('2026-03-29T00:59:00.000Z', paris)).toBe('2026-03-29T01:59:00.000+01:00');
    expect(isoInZone('2026-03-29T01:00:00.000Z', paris)).toBe('2026-03-29T03:00:00.000+02:00');
    expect(isoInZone('2026-06-01T12:00:00.000Z', parseZone('America/St_Johns'))).toBe('2026-06-01T09:30:00.000-02:30');
  });

  it.each(['Mars/Olympus', '+19:00', '+05:75', 'yesterday'])('rejects %s in one line', (text) => {
    expect(() => parseZone(text)).toThrow(ZoneError);
    expect(() => parseZone(text)).toThrow(new RegExp(`^--tz '${text.replace('+', '\\+')}'`));
  });
});

describe('reportInZone', () => {
  it('moves every time of the report and leaves what came from the log alone', () => {
    const report = loadReport('incident');
    const zone = parseZone('+02:00');
    const withTimePath = { ...report, top: { ...report.top, paths: [{ value: '2026-03-02T09:03:09.000Z', count: 1 }] } };
    const shown = reportInZone(withTimePath, zone);
    expect(shown.span.first).toBe(isoInZone(report.span.first!, zone));
    expect(shown.timeline.buckets.map((b) => Date.parse(b.start))).toEqual(report.timeline.buckets.map((b) => Date.parse(b.start)));
    expect(shown.timeline.buckets.every((b) => b.start.endsWith('+02:00'))).toBe(true);
    expect(shown.top.paths[0]!.value).toBe('2026-03-02T09:03:09.000Z');
    expect(JSON.stringify(shown)).not.toMatch(/"\d{4}-\d{2}-\d{2}T[^"]*Z"(?!,"count")/);
    // The report itself is untouched.
    expect(report.span.first!.endsWith('Z')).toBe(true);
  });
});

describe("reportInZone and the findings' sentences", () => {
  const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
  const tally = new Tally();
  // 50 OK a minute for an hour, 30 502s a minute from 09:40 to 09:49, all on a path that looks like a time.
  for (let m = 0; m < 60; m++) {
    for (let i = 0; i < 50; i++) tally.addRecord({ status: 200, time: T0 + m * 60_000, format: 'nginx-combined', vendor: 'nginx', path: '/ok' });
    if (m >= 40 && m < 50) {
      for (let i = 0; i < 30; i++) tally.addRecord({ status: 502, time: T0 + m * 60_000, format: 'nginx-combined', vendor: 'nginx', path: '/2026-03-02T09:03:09.000Z' });
    }
  }
  const summary = tally.summarize();
  const report = buildReport(summary, triage(summary), { sources: [] });

  it('words them again in the zone, from their times, and leaves the text from the log alone', () => {
    const shown = reportInZone(report, parseZone('Europe/Berlin'));
    const finding = shown.triage.find((f) => f.code === 502)!;
    expect(finding.headline).toContain('from 10:40 +01:00, ended 10:49 +01:00');
    expect(finding.headline).toContain('/2026-03-02T09:03:09.000Z');
    const sentences = [finding.headline, ...finding.notes].join('\n');
    expect(sentences).not.toContain('UTC');
    expect(sentences).toContain('From 2026-03-02 10:40 +01:00, until 10:49 +01:00');
    // The report keeps its UTC wording, for the JSON.
    const original = report.triage.find((f) => f.code === 502)!;
    expect(original.headline).toContain('from 09:40 UTC, ended 09:49 UTC');
    expect(original.phrases!.headline).toContainEqual({ kind: 'clock', at: '2026-03-02T09:40:00.000Z' });
  });
});
