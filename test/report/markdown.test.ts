import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { FIXTURE_NAMES, RAW_UNSAFE, emptyReport, loadReport, type FixtureName } from './fixtures.js';
import { AUTOLINK, outsideCodeSpans } from './markdown-spans.js';

const VIEWS = ['report', 'triage'] as const;

function render(name: FixtureName, view: 'report' | 'triage' = 'report', top = 10): string {
  return renderMarkdown(loadReport(name), { top, view });
}

/** Splits a GFM table row into cells the way a GFM parser does: a backslash escapes the next character. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i += 1) {
    const char = row[i];
    if (char === '\\') {
      cell += char + (row[i + 1] ?? '');
      i += 1;
    } else if (char === '|') {
      out.push(cell);
      cell = '';
    } else cell += char;
  }
  out.push(cell);
  // the leading and trailing pipes leave an empty first and last piece
  return out.slice(1, -1).map((c) => c.trim());
}

function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

describe('renderMarkdown', () => {
  describe.each(FIXTURE_NAMES)('%s fixture', (name) => {
    it.each(VIEWS)('keeps every table rectangular (%s view)', (view) => {
      const found = tables(render(name, view));
      expect(found.length).toBeGreaterThan(0);
      for (const table of found) {
        const [head, separator, ...rows] = table;
        const width = cells(head ?? '').length;
        expect(width).toBeGreaterThan(1);
        expect(cells(separator ?? '').every((c) => /^-{3,}:?$/.test(c))).toBe(true);
        for (const row of rows) {
          expect(row.endsWith(' |'), row).toBe(true);
          expect(cells(row), row).toHaveLength(width);
        }
      }
    });

    it.each(VIEWS)('writes no raw control characters, and no HTML, stray backtick or autolink outside code spans (%s view)', (view) => {
      const out = render(name, view);
      expect(out).not.toMatch(RAW_UNSAFE);
      for (const line of out.split('\n')) {
        if (/^```(text)?$/.test(line)) continue;
        const prose = outsideCodeSpans(line);
        // '<0.1%' is text in GFM: an HTML tag needs a letter after '<'
        expect(prose, line).not.toMatch(/<(?![0-9])/);
        expect(prose, line).not.toContain('`');
        expect(prose, line).not.toMatch(AUTOLINK);
      }
    });
  });

  it('counts malformed lines by code and names the code of each sample', () => {
    const out = render('incident');
    expect(out).toContain('status-missing 30 · line-too-long 4 · status-invalid 3');
    expect(out).toContain('| Code | Reason | Where | Sample |');
    expect(out).toMatch(/\| line-too-long \| line longer than 65536 bytes \| `\/var\/log\/nginx\/access\.log`:31007 \|/);
  });

  it('shows the sections of the report view', () => {
    const report = loadReport('incident');
    const out = render('incident');
    for (const title of ['## Summary', '## Status classes', '## Status codes', '## Top offenders (4xx and 5xx)', '## Findings (4)', '## Malformed lines']) {
      expect(out).toContain(title);
    }
    expect(out.indexOf('## Summary')).toBeLessThan(out.indexOf('## Findings'));
    for (const row of report.codes.slice(0, 10)) {
      expect(out).toContain(`| ${row.code} | ${row.count.toLocaleString('en-US')} |`);
    }
    expect(out).toContain('| 499 | 412 | 0.4% | nginx | Client Closed Request |');
    expect(out).toContain('### CRITICAL: 502 Bad Gateway — 2,112 (1.8%)');
    expect(out).toContain('- **Latency:** p50 60.0 s, p90 60.0 s, p99 60.0 s, max 60.0 s; timeout 60.0 s');
    expect(out).toContain('| Upstream status | `502, 200` | 301 |');
    expect(out).toContain('| no status field | `/var/log/nginx/access.log`:20881 |');
    expect(out).toContain('> **--fail-on held:** 5xx&gt;2%');
  });

  it('puts findings, the timeline and the window comparison first in the triage view', () => {
    const out = render('incident', 'triage');
    const findings = out.indexOf('## Findings');
    const timeline = out.indexOf('## 5xx per minute');
    const window = out.indexOf('## Window vs baseline');
    const codes = out.indexOf('## Status codes');
    expect(findings).toBeGreaterThan(0);
    expect(timeline).toBeGreaterThan(findings);
    expect(window).toBeGreaterThan(timeline);
    expect(codes).toBeGreaterThan(window);
    const block = /```text\n([\s\S]*?)\n```/.exec(out)?.[1]?.split('\n') ?? [];
    expect(Array.from(block[0] ?? '')).toHaveLength(30);
    expect((block[1] ?? '').indexOf('▲')).toBe(13);
    expect(block[2]).toBe('▲ 14:03 (502) · 14:05 (504)');
    expect(out).toContain('- **Episodes:**\n  - 14:06–14:11 (6 min) · 150 · 0.7% of requests · peak 37 at 14:11\n  - 14:15–14:19 (5 min) · 140 · 0.8% of requests · peak 35 at 14:17 · ongoing');
    expect(out).toContain('| 5xx share | 2.3% (2,612) | <0.1% (45) |');
  });

  it('escapes hostile values so they show as themselves', () => {
    const out = render('hostile');
    // Inside a code span HTML is text and backslashes are literal; a '|' is escaped for the table.
    expect(out).toContain('| Path | `<script>window.__pwned=1;document.title="pwned"</script>` | 9 |');
    expect(out).toContain('| Path | `` /a\\|b\\|\\|c`code` `` | 3 |');
    expect(out).toContain('| Path | `/admin\\x1b[31mRED\\x1b[0m` | 5 |');
    expect(out).toContain('| Path | `/line1\\nline2\\r\\ninjected: yes` | 2 |');
    expect(out).toContain('`/files/\\u202egnp.exe');
    expect(out).toMatch(/\| Path \| `\/segment-0-abcdefghij\/\S*…\S*\/end\.html` \| 1 \|/);
  });

  it('writes the summary as a list, with no table whose header row is empty', () => {
    const out = renderMarkdown(loadReport('incident'), { view: 'report' });
    expect(out).not.toMatch(/^\|\s*\|\s*\|$/m);
    const summary = out.slice(out.indexOf('## Summary'), out.indexOf('## Status classes'));
    expect(summary).toMatch(/^- \*\*Lines:\*\* [\d,]+ total, /m);
    expect(summary).not.toContain('|');
  });

  it('counts the window by its classes when --since/--until left lines outside it', () => {
    const report = loadReport('incident');
    report.lines = { ...report.lines, total: report.lines.total + 1000, parsed: report.lines.parsed + 1000 };
    const triage = renderMarkdown(report, { top: 10, view: 'triage' });
    expect(triage).toContain('| Requests | 114,825 | 111,204 |');
    expect(triage).toContain('| 2xx share | 77.7% (89,211) | 82.6% (91,850) |');
    const full = renderMarkdown(report, { top: 10, view: 'report' });
    expect(full).toContain('115,825 parsed (114,825 in the window)');
    expect(full).toContain('| 2xx | 89,211 | 77.7% |');
  });

  it.each(VIEWS)('renders an empty input (%s view)', (view) => {
    const out = renderMarkdown(emptyReport(), { top: 10, view });
    expect(out).toContain('no timestamps');
    expect(out).toContain('No requests parsed.');
  });

  it('obeys --top', () => {
    const out = render('incident', 'report', 2);
    expect(out).toContain('…and 13 more codes.');
    expect(out).toContain('| Path | `/api/v2/cart/items` | 823 |');
    expect(out).not.toContain('| Path | `/api/v2/search` | 611 |');
  });
});
