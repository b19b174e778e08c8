import { describe, expect, it } from 'vitest';
import { COMPACT_BUDGET, renderCompactMarkdown } from '../../src/report/markdown-compact.js';
import { formatCount, formatPercent, SEVERITY_LABELS } from '../../src/report/format-values.js';
import type { Report } from '../../src/model/report.js';
import { FIXTURE_NAMES, RAW_UNSAFE, emptyReport, loadReport } from './fixtures.js';
import { AUTOLINK, outsideCodeSpans } from './markdown-spans.js';

const VIEWS = ['report', 'triage'] as const;
const FINDING_LINE = /^- \*(CRITICAL|HIGH|MEDIUM|LOW|INFO)\* /;

/** Findings shown (each by its headline line) and the number the last line says were left out. */
function accounted(out: string): { shown: number; left: number } {
  const lines = out.split('\n');
  const more = lines.map((line) => /^- …and ([\d,]+) more findings?/.exec(line)).find((match) => match !== null);
  return { shown: lines.filter((line) => FINDING_LINE.test(line)).length, left: more ? Number(more[1]!.replace(/,/g, '')) : 0 };
}

/** The incident fixture with its findings repeated until they are `count`, each with a long cause. */
function manyFindings(count: number): Report {
  const report = loadReport('incident');
  const base = report.triage;
  report.triage = Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, cause: `${base[i % base.length]!.cause} `.repeat(6) }));
  return report;
}

describe('renderCompactMarkdown', () => {
  describe.each(FIXTURE_NAMES)('%s fixture', (name) => {
    it.each(VIEWS)('fits a chat message: no table, no heading, within the budget (%s view)', (view) => {
      const out = renderCompactMarkdown(loadReport(name), { view });
      expect(out.length).toBeLessThanOrEqual(COMPACT_BUDGET);
      expect(out).not.toMatch(/^\s*\|/m);
      expect(out).not.toMatch(/^#/m);
      expect(out.startsWith(`*logcodes ${view}* · `)).toBe(true);
    });

    it.each(VIEWS)('writes no raw control characters, and no HTML, stray backtick or autolink outside code spans (%s view)', (view) => {
      const out = renderCompactMarkdown(loadReport(name), { view });
      expect(out).not.toMatch(RAW_UNSAFE);
      for (const line of out.split('\n')) {
        const prose = outsideCodeSpans(line);
        expect(prose, line).not.toMatch(/<(?![0-9])/);
        expect(prose, line).not.toContain('`');
        expect(prose, line).not.toMatch(AUTOLINK);
      }
    });
  });

  it('gives the most severe finding its episodes, cause, where to look and retry advice, and every finding its headline', () => {
    const report = loadReport('incident');
    const out = renderCompactMarkdown(report, { view: 'triage' });
    const first = report.triage[0]!;
    expect(out).toContain(`- *${SEVERITY_LABELS[first.severity].toUpperCase()}* ${first.code} `);
    const block = out.slice(out.indexOf(`- *${SEVERITY_LABELS[first.severity].toUpperCase()}*`)).split('\n');
    expect(block.slice(1, 6).map((line) => /^ {2}- (Episode|Cause|Look first|Retry)/.exec(line)?.[1])).toEqual(
      expect.arrayContaining(['Episode', 'Cause', 'Look first', 'Retry']),
    );
    expect(accounted(out)).toEqual({ shown: report.triage.length, left: 0 });
  });

  it('puts the top codes on one line, as many as --top asks', () => {
    const report = loadReport('incident');
    const line = (top?: number): string => renderCompactMarkdown(report, { view: 'report', top }).split('\n').find((l) => l.startsWith('*Top codes:* '))!;
    const [a, b, c] = report.codes;
    expect(line()).toContain(`${a!.code} ${a!.meaning} ${formatCount(a!.count)} (${formatPercent(a!.share)}) · ${b!.code} `);
    expect(line().split(' · ')).toHaveLength(5 + 1);
    expect(line(2)).not.toContain(` ${c!.code} ${c!.meaning}`);
    expect(line(2)).toContain(`and ${report.codes.length - 2} more`);
  });

  it('stays within the budget with forty long findings, counting those left out', () => {
    const report = manyFindings(40);
    const out = renderCompactMarkdown(report, { view: 'triage' });
    expect(out.length).toBeLessThanOrEqual(COMPACT_BUDGET);
    const { shown, left } = accounted(out);
    expect(shown).toBeGreaterThan(3);
    expect(left).toBeGreaterThan(0);
    expect(shown + left).toBe(40);
    // The causes repeated six times do not fit whole: the headlines come first.
    expect(out).toContain('  - Look first: ');
  });

  it('stays within the budget when the source names and the filter are long', () => {
    const report = manyFindings(8);
    report.sources = Array.from({ length: 30 }, (_, i) => ({ name: `/var/log/${'nested/'.repeat(20)}access-${'x'.repeat(300)}-${i}.log`, lines: 10 }));
    report.filter = { path: Array.from({ length: 50 }, (_, i) => `/api/${'y'.repeat(40)}/${i}/*`), excluded: 3 };
    report.failedRules = Array.from({ length: 30 }, (_, i) => `50${i % 10}>${i}%`);
    const out = renderCompactMarkdown(report, { view: 'report' });
    expect(out.length).toBeLessThanOrEqual(COMPACT_BUDGET);
    expect(out.split('\n')[0]).toContain('and 28 more');
    expect(accounted(out).shown).toBeGreaterThan(0);
  });

  it('says when there is nothing to judge', () => {
    const out = renderCompactMarkdown(emptyReport(), { view: 'triage' });
    expect(out).toContain('no timestamps');
    expect(out).toContain('- No records to judge');
    expect(out).not.toMatch(/NaN|undefined|Infinity/);
  });
});
