import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderTable, type RenderOptions } from '../../src/report/table.js';
import { FIXTURE_NAMES, HOSTILE, IIS_DEFAULT_FIELDS, LISTENER_REASONS, RAW_UNSAFE, builtReport, emptyReport, loadReport, ratesIn, withIgnored, withInferredLayout } from './fixtures.js';

const VIEWS = ['report', 'triage'] as const;

function render(name: (typeof FIXTURE_NAMES)[number], options: Partial<RenderOptions> = {}): string {
  return renderTable(loadReport(name), { color: false, width: 80, top: 10, view: 'report', ...options });
}

/** Columns a line takes; the fixtures hold only characters one column wide once control characters are escaped. */
function columns(line: string): number {
  return Array.from(stripVTControlCharacters(line)).length;
}

describe('renderTable', () => {
  describe.each(FIXTURE_NAMES)('%s fixture', (name) => {
    it.each(VIEWS)('emits no escape code at all without colour (%s view)', (view) => {
      const out = render(name, { view, color: false });
      expect(out).not.toContain('\u001b');
      expect(out).not.toContain('\u009b');
    });

    it.each(VIEWS)('colours its output when asked (%s view)', (view) => {
      const out = render(name, { view, color: true });
      expect(out).toMatch(/\u001b\[\d+m/);
      expect(out).toMatch(/\u001b\[32m200\u001b\[39m/);
      expect(out).toMatch(/\u001b\[3[13]m\[(CRITICAL|HIGH|MEDIUM|LOW)\]|No findings/);
    });

    it.each([
      [80, 'report'],
      [80, 'triage'],
      [60, 'report'],
      [120, 'triage'],
      [40, 'report'],
    ] as const)('keeps every line within %i columns (%s view, with and without colour)', (width, view) => {
      for (const color of [false, true]) {
        const lines = render(name, { width, view, color }).split('\n');
        const tooWide = lines.filter((line) => columns(line) > width);
        expect(tooWide).toEqual([]);
      }
    });
  });

  it('shows the summary, classes, codes with vendor meanings, offenders, findings and malformed lines', () => {
    const report = loadReport('incident');
    const out = render('incident');
    expect(out).toContain('114,864 total');
    expect(out).toContain('37 malformed');
    expect(out).toContain('/var/log/nginx/access.log.1.gz');
    expect(out).toContain('unexpected end of gzip stream');
    for (const row of report.codes.slice(0, 10)) expect(out).toMatch(new RegExp(`│ ${row.code} .*│ ${row.vendor} +│ ${row.meaning} +│`));
    expect(out).toContain(`and ${report.codes.length - 10} more codes`);
    expect(out).toMatch(/│ Upstream │ +1,702 │ 10\.0\.2\.15:8080/);
    expect(out).toContain('[CRITICAL] 502 Bad Gateway');
    expect(out).toContain('[MEDIUM] 499 Client Closed Request (nginx)');
    expect(out).toContain('timeout 60.0 s');
    expect(out).toContain('502, 200 ×301');
    expect(out).toContain(':20881');
    expect(out).toContain('--fail-on held: 5xx>2%');
  });

  it('says why lines were ignored, most first, and only when some were', () => {
    const out = renderTable(withIgnored(LISTENER_REASONS), { color: false, width: 80, top: 10, view: 'report' });
    const lines = out.split('\n');
    const at = lines.findIndex((line) => line.startsWith('  Ignored'));
    expect(lines[at - 1]).toContain('1,235 ignored');
    expect(lines.slice(at, at + 2).join('\n')).toMatch(
      /^ {2}Ignored +SSL listener: no HTTP status \(1,200\)\n {16}TCP listener: no HTTP status \(34\) · blank line \(1\)$/,
    );
    expect(renderTable(withIgnored([]), { color: false, width: 80, top: 10, view: 'report' })).not.toMatch(/^ {2}Ignored/m);
  });

  it('says under the source that its IIS field layout was inferred, and which it was', () => {
    const out = renderTable(withInferredLayout(), { color: false, width: 120, top: 10, view: 'report' });
    const lines = out.split('\n');
    const at = lines.findIndex((line) => line.startsWith('  Layout'));
    expect(lines[at - 1]).toMatch(/^ {2}Source +access\.log \(iis-w3c, 8,086 lines\)$/);
    const text = lines.slice(at, at + 3).map((line) => line.slice(16)).join(' ');
    expect(text).toBe(
      `iis-w3c fields inferred from the line shape for 8,085 records (no #Fields: line before them; a #Fields: line, when present, wins): ${IIS_DEFAULT_FIELDS.join(' ')}`,
    );
    expect(render('clean')).not.toMatch(/^ {2}Layout/m);
  });

  it('groups malformed lines by code with the count of each, most first', () => {
    const out = render('incident');
    const at = (text: string): number => out.indexOf(text);
    expect(out).toContain('status-missing (30 lines): no status field');
    expect(out).toContain('line-too-long (4 lines): line longer than 65536 bytes');
    expect(at('status-missing (30')).toBeLessThan(at('line-too-long (4'));
    expect(at('line-too-long (4')).toBeLessThan(at('status-invalid (3'));
  });

  it('obeys --top for ranked lists', () => {
    const out = render('incident', { top: 3 });
    expect(out).toContain('and 12 more codes');
    expect(out).not.toContain('/wp-login.php   ');
    expect(out).not.toMatch(/│ +97 │ \/static/);
  });

  it('in the triage view puts findings first, then the 5xx timeline with every episode marked, then the window comparison', () => {
    const report = loadReport('incident');
    const out = render('incident', { view: 'triage' });
    const findings = out.indexOf('Findings (4)');
    const timeline = out.indexOf('5xx per minute');
    const window = out.indexOf('Window vs baseline');
    expect(findings).toBeGreaterThan(0);
    expect(timeline).toBeGreaterThan(findings);
    expect(window).toBeGreaterThan(timeline);

    const lines = out.split('\n');
    const sparkIndex = lines.findIndex((line) => /^ {2}[▁▂▃▄▅▆▇█]+$/.test(line));
    const spark = Array.from((lines[sparkIndex] ?? '').trim());
    expect(spark).toHaveLength(report.timeline.buckets.length);
    const perMinute = report.timeline.buckets.map((bucket) => bucket.classes['5xx']);
    expect(spark[perMinute.indexOf(Math.max(...perMinute))]).toBe('█');
    // the 502 episode starts at 14:03, the 14th minute of a log starting at 13:50; the 504 one at 14:05
    const marker = lines[sparkIndex + 1] ?? '';
    expect(marker.indexOf('▲')).toBe(2 + 13);
    expect(marker.lastIndexOf('▲')).toBe(2 + 15);
    // Two carets two columns apart leave no room for labels beside them: they go on a line of their own.
    expect(lines[sparkIndex + 2]).toBe('  ▲ 14:03 (502) · 14:05 (504)');
    expect(out).toContain('Episode       14:03–14:19 (17 min) · 2,070 · 3.2% of requests · peak 312 at');
    expect(out).toMatch(/│ 5xx share │ +2\.3% \(2,612\) │ +<0\.1% \(45\) │/);
    expect(out).toMatch(/│ requests +│ +114,825 │ +111,204 │/);
  });

  it('counts the window by its classes when --since/--until left lines outside it', () => {
    const report = loadReport('incident');
    // 1,000 parsed lines before the window: read and parsed, but not counted in classes
    report.lines = { ...report.lines, total: report.lines.total + 1000, parsed: report.lines.parsed + 1000 };
    const out = renderTable(report, { color: false, width: 80, top: 10, view: 'triage' });
    expect(out).toMatch(/│ requests +│ +114,825 │ +111,204 │/);
    expect(out).toContain('114,825 requests');
    const summary = renderTable(report, { color: false, width: 100, top: 10, view: 'report' });
    expect(summary).toContain('115,825 parsed (114,825 in the window)');
    expect(summary).toMatch(/│ 2xx +│ +89,211 │ +77\.7% │/);
  });

  it.each(VIEWS)('renders an empty input (%s view)', (view) => {
    const out = renderTable(emptyReport(), { color: false, width: 80, top: 10, view });
    expect(out).toContain('no timestamps');
    expect(out).toContain('No requests parsed.');
    expect(out.split('\n').filter((line) => columns(line) > 80)).toEqual([]);
  });

  it('narrows a day of minute buckets to the terminal width', () => {
    const report = loadReport('incident');
    const template = report.timeline.buckets[0];
    if (!template) throw new Error('incident fixture has buckets');
    const start = Date.parse('2026-11-21T00:00:00Z');
    report.timeline.buckets = Array.from({ length: 1440 }, (_, i) => ({
      ...template,
      start: new Date(start + i * 60_000).toISOString(),
      classes: { ...template.classes, '5xx': i === 900 ? 50 : 1 },
    }));
    const out = renderTable(report, { color: false, width: 80, top: 10, view: 'triage' });
    const spark = out.split('\n').find((line) => /^ {2}[▁▂▃▄▅▆▇█]+$/.test(line)) ?? '';
    expect(columns(spark)).toBeLessThanOrEqual(80);
    expect(columns(spark)).toBeGreaterThan(40);
    expect(out).toContain('5xx per 20 minutes');
    expect(out.split('\n').filter((line) => columns(line) > 80)).toEqual([]);
  });

  it('says so when there is nothing to report', () => {
    const out = render('clean', { view: 'triage' });
    expect(out).toContain('No findings');
    expect(out).not.toContain('Window vs baseline');
    expect(out).not.toContain('Malformed lines');
    expect(out).toContain('No 5xx responses');
    expect(out).toContain('08:00:00 → 08:14:59 +01:00');
  });

  describe('hostile log values', () => {
    it.each(VIEWS)('never writes a control character, escape sequence or bidi override raw (%s view)', (view) => {
      for (const color of [false, true]) {
        // with colour on, the only escapes allowed are the renderer's own SGR colour codes
        const out = render('hostile', { view, color }).replace(/\u001b\[\d+m/g, '');
        expect(out).not.toMatch(RAW_UNSAFE);
      }
    });

    it('shows them as visible escapes instead', () => {
      const out = render('hostile');
      expect(out).toContain('/admin\\x1b[31mRED\\x1b[0m');
      expect(out).toContain('/x\\x1b]0;owned-title\\x07y');
      expect(out).toContain('/line1\\nline2\\r\\ninjected: yes');
      expect(out).toContain('/files/\\u202egnp.exe\\u202c?\\u2066x\\u2069');
      expect(out).toContain('/c1\\x9b31mX\\x85\\x08back');
      expect(out).toContain(HOSTILE.pipes);
    });

    it('cuts long paths with an ellipsis, keeping both ends', () => {
      const out = render('hostile');
      expect(out).toMatch(/\/segment-0-abcdefghij\/segment-\S*…\S*\/end\.html/);
    });
  });
});

describe('renderTable: source names', () => {
  it('keeps the base name of a long path whole in the summary', () => {
    const report = loadReport('incident');
    report.sources = [
      { name: '/srv/logs/archive/2026/03/02/edge-proxy-eu-west-1/nginx-incident.log', lines: 10, format: 'nginx-upstreaminfo' },
      { name: 'fixtures/incident/nginx-incident.log', lines: 5, format: 'nginx-upstreaminfo' },
    ];
    const out = renderTable(report, { color: false, width: 80, view: 'report' });
    const lines = out.split('\n').filter((line) => line.includes('nginx-incident.log'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/\/nginx-incident\.log \(nginx-upstreaminfo, [\d,]+ lines\)$/);
  });
});

describe('renderTable: fields the log does not carry', () => {
  it('leaves out bytes and latency a log has none of, and says how many requests logged them when some did', () => {
    const without = renderTable(builtReport({ perMinute: 30 }), { color: false, width: 100, view: 'report' });
    expect(without).not.toContain('Bytes sent');
    expect(without).not.toMatch(/Latency|0 B\b|0 ms/);
    const empty = renderTable(builtReport({ perMinute: 30, bytes: () => 0 }), { color: false, width: 100, view: 'report' });
    expect(empty).toMatch(/Bytes sent +0 B\n/);
    const some = renderTable(builtReport({ perMinute: 30, bytes: (i) => (i % 4 === 0 ? 1000 : undefined), durations: true }), {
      color: false,
      width: 100,
      view: 'report',
    });
    expect(some).toMatch(/Bytes sent +900 kB \(900 of 3,600 requests logged a size\)/);
    expect(some).toMatch(/Latency +p50 40 ms · .* · max 30\.0 s\n/);
  });

  it('gives no rate for a log of one instant', () => {
    const report = { ...loadReport('clean'), span: { first: '2026-11-20T08:00:00Z', last: '2026-11-20T08:00:00Z', seconds: 0, requestsPerSecond: 0 } };
    for (const view of VIEWS) expect(renderTable(report, { color: false, width: 80, view })).not.toMatch(/Rate|\/s\b|\/min\b/);
  });
});

describe('renderTable: rates', () => {
  it.each([
    [30, 'min'],
    [600, 's'],
  ] as const)('writes every rate of a report at %i requests a minute per %s, the findings and the baseline too', (perMinute, unit) => {
    const report = builtReport({ perMinute });
    for (const view of VIEWS) {
      const out = renderTable(report, { color: false, width: 100, view });
      const rates = ratesIn(out);
      // The summary or headline rate, a finding's peak and background, the baseline's rates.
      expect(rates.length, out).toBeGreaterThanOrEqual(view === 'report' ? 5 : 4);
      expect(rates.filter(([, u]) => u !== unit), out).toEqual([]);
    }
  });
});
