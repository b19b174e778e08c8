import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/model/report.js';
import { FIXTURE_NAMES, HOSTILE, emptyReport, loadReport, type FixtureName } from './fixtures.js';
import { repoRoot, runLogcodes } from '../cli/run.js';

const CHROMIUM = '/usr/bin/chromium';
const TOP = 10;

function render(name: FixtureName, view: 'report' | 'triage' = 'report'): string {
  return renderHtml(loadReport(name), { top: TOP, view });
}

describe('renderHtml as text', () => {
  it.each(FIXTURE_NAMES)('is one self-contained page with a CSP that forbids the network (%s)', (name) => {
    const page = render(name);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    const tags = page.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(20);
    expect(tags.filter((tag) => /\s(?:src|href|action|xlink:href|on[a-z]+)\s*=/i.test(tag))).toEqual([]);
    expect(page).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/@import/i);
    expect(page).not.toMatch(/<(?:script|link|iframe|object|embed|img)\b/i);
  });

  it('counts malformed lines by code and names the code of each sample', () => {
    const page = render('incident');
    expect(page).toContain('<code>status-missing</code> 30 · <code>line-too-long</code> 4');
    expect(page).toContain('<tr><td><code>line-too-long</code></td><td>line longer than 65536 bytes</td>');
  });

  it('compares the window with its baseline, counting the window by its classes', () => {
    const report = loadReport('incident');
    report.lines = { ...report.lines, total: report.lines.total + 1000, parsed: report.lines.parsed + 1000 };
    const page = renderHtml(report, { top: TOP, view: 'triage' });
    expect(page).toContain('<tr><td>Requests</td><td class="num">114,825</td><td class="num">111,204</td></tr>');
    expect(page).toContain('<tr><td>5xx share</td><td class="num">2.3% (2,612)</td><td class="num">&lt;0.1% (45)</td></tr>');
    // An incident page starts with when it happened.
    expect(page.indexOf('id="errors-over-time"')).toBeLessThan(page.indexOf('id="findings"'));
    expect(page.indexOf('id="findings"')).toBeLessThan(page.indexOf('id="window"'));
  });

  it('names the sources, with the labels of merged summaries, and the span in the title', () => {
    expect(render('incident')).toContain('<title>access.log, access.log.1.gz · logcodes report · 2026-11-21 13:50:00 → 14:19:59 UTC (29m 59s)</title>');
    const merged = loadReport('clean');
    merged.sources = [
      { name: '/var/log/nginx/access.log (host=web1)', lines: 10 },
      { name: '/var/log/nginx/access.log (host=web2)', lines: 12 },
    ];
    const page = renderHtml(merged, { top: TOP, view: 'triage' });
    expect(page).toMatch(/<title>access\.log \(host=web1\), access\.log \(host=web2\) · logcodes triage · /);
    expect(page).toContain('<h1>logcodes triage<span class="subject">access.log (host=web1), access.log (host=web2)</span></h1>');
  });

  it('gives a code one colour class wherever it is drawn, and each 5xx code its own', () => {
    const page = render('incident', 'triage');
    const report = loadReport('incident');
    // Every element that names a code: code spans, chart segments and bars, legend entries.
    const named = [
      ...[...page.matchAll(/class="code (\S+)">(\d{3})</g)].map((m) => [m[2], m[1]]),
      ...[...page.matchAll(/class="(?:seg|bar) (\S+)" data-(?:key|code)="(\d{3})"/g)].map((m) => [m[2], m[1]]),
      ...[...page.matchAll(/<li><i class="(\S+)"><\/i>(\d{3})<\/li>/g)].map((m) => [m[2], m[1]]),
    ];
    const classes = new Map<string, Set<string>>();
    for (const [code, cls] of named) classes.set(code!, (classes.get(code!) ?? new Set()).add(cls!));
    const serverErrors = report.codes.filter((row) => row.class === '5xx').map((row) => row.code);
    for (const code of serverErrors) expect(classes.has(String(code)), String(code)).toBe(true);
    for (const [code, used] of classes) expect([...used], code).toEqual([`k${code}`]);
    const rules = new Map([...page.matchAll(/\.k(\d+)\{color:(#[0-9a-f]{6})\}/g)].map((m) => [Number(m[1]), m[2]]));
    expect(new Set(serverErrors.map((code) => rules.get(code))).size).toBe(serverErrors.length);
  });

  it.each(['report', 'triage'] as const)('renders an empty input (%s view)', (view) => {
    const page = renderHtml(emptyReport(), { top: TOP, view });
    expect(page).toContain('no timestamps');
    expect(page).not.toContain('<svg');
    expect(page).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('escapes every hostile value', () => {
    const page = render('hostile');
    expect(page).toContain('&lt;script&gt;window.__pwned=1;document.title=&quot;pwned&quot;&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    expect(page).toContain('/admin\\x1b[31mRED\\x1b[0m');
    expect(page).toContain('/files/\\u202egnp.exe');
    expect(page).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

/** Counts drawn from the fixture itself, independent of the renderer. */
function expectedShapes(report: Report): { classSegments: number; errorSegments: number; codeBars: number; errorOnsets: number } {
  let classSegments = 0;
  let errorSegments = 0;
  for (const bucket of report.timeline.buckets) {
    classSegments += Object.values(bucket.classes).filter((count) => count > 0).length;
    errorSegments += Object.entries(bucket.codes).filter(([code, count]) => Number(code) >= 500 && Number(code) <= 599 && count > 0).length;
  }
  const onsetMinutes = new Set(
    report.triage
      .filter((f) => f.code >= 500 && f.code <= 599)
      // A stored report from before episodes has only an onset, which the chart marks the same way.
      .flatMap((f) => (f.evidence.episodes ?? (f.evidence.onset ? [{ start: f.evidence.onset }] : [])).map((e) => e.start.slice(0, 16))),
  );
  return { classSegments, errorSegments, codeBars: Math.min(TOP, report.codes.length), errorOnsets: onsetMinutes.size };
}

describe('renderHtml in headless Chromium', () => {
  let browser: Browser | undefined;
  let dir = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is required at ${CHROMIUM} for the HTML report test: install it with \`apt-get install -y chromium\``);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'logcodes-html-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the page from a file:// URL and records every request it makes. */
  async function open(html: string, file: string, viewport = { width: 1200, height: 900 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    if (!browser) throw new Error('browser not started');
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const path = join(dir, file);
    writeFileSync(path, html);
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, requests, errors };
  }

  it.each([
    ['incident', 'report'],
    ['incident', 'triage'],
    ['clean', 'report'],
    ['hostile', 'report'],
  ] as const)('renders the %s fixture (%s view) offline with its charts drawn', async (name, view) => {
    const report = loadReport(name);
    const { page, requests, errors } = await open(render(name, view), `${name}-${view}.html`);
    try {
      expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
      expect(requests.filter((url) => /^https?:/i.test(url))).toEqual([]);
      expect(errors).toEqual([]);

      const expected = expectedShapes(report);
      const shapes = await page.evaluate(() => {
        const boxes = (selector: string): Array<{ width: number; height: number }> =>
          Array.from(document.querySelectorAll(selector)).map((el) => {
            const box = el.getBoundingClientRect();
            return { width: box.width, height: box.height };
          });
        return {
          classSegments: boxes('svg[data-chart="classes"] rect.seg'),
          errorSegments: boxes('svg[data-chart="errors"] rect.seg'),
          codeBars: boxes('svg[data-chart="codes"] rect.bar'),
          errorOnsets: document.querySelectorAll('svg[data-chart="errors"] .marker').length,
          charts: boxes('svg.chart'),
          cards: Array.from(document.querySelectorAll('article.card')).map((card) => card.className),
        };
      });
      expect(shapes.classSegments).toHaveLength(expected.classSegments);
      expect(shapes.errorSegments).toHaveLength(expected.errorSegments);
      expect(shapes.codeBars).toHaveLength(view === 'triage' ? Math.min(TOP, report.codes.length) : expected.codeBars);
      expect(shapes.errorOnsets).toBe(expected.errorSegments > 0 ? expected.errorOnsets : 0);
      for (const box of [...shapes.classSegments, ...shapes.errorSegments, ...shapes.codeBars, ...shapes.charts]) {
        expect(box.width).toBeGreaterThan(0);
        expect(box.height).toBeGreaterThan(0);
      }
      expect(shapes.cards).toEqual(report.triage.map((finding) => `card sev-${finding.severity}`));

      await page.screenshot({ path: join(tmpdir(), `logcodes-html-${name}-${view}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('does not run scripts or handlers planted in log values, even without the CSP', async () => {
    const withCsp = render('hostile');
    const withoutCsp = withCsp.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutCsp).not.toContain('Content-Security-Policy');
    for (const [label, html] of [
      ['with CSP', withCsp],
      ['without CSP', withoutCsp],
    ] as const) {
      const { page, requests, errors } = await open(html, `hostile-${label.replace(/ /g, '-')}.html`);
      try {
        const state = await page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: number }).__pwned,
          title: document.title,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
          withHandlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
          text: document.body.textContent ?? '',
        }));
        expect(state.pwned, label).toBeUndefined();
        expect(state.title, label).not.toContain('pwned');
        expect(state.scripts, label).toBe(0);
        expect(state.images, label).toBe(0);
        expect(state.withHandlers, label).toBe(0);
        expect(state.text, label).toContain(HOSTILE.script);
        expect(state.text, label).toContain(HOSTILE.img);
        expect(errors, label).toEqual([]);
        expect(requests.filter((url) => !url.startsWith('file:')), label).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  /** What a page shows at its width: whether it scrolls sideways, how tall it is, where the sections are. */
  async function measure(page: Page) {
    return page.evaluate(() => {
      const top = (selector: string): number => document.querySelector(selector)?.getBoundingClientRect().top ?? Number.NaN;
      // Every box that reaches past the right edge, except inside a table's own scrolling box.
      const outside = Array.from(document.body.querySelectorAll('*'))
        .filter((el) => el.closest('.scroll') === null)
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && (box.right > window.innerWidth + 0.5 || box.left < -0.5);
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      const chart = document.querySelector('svg[data-chart="errors"]')!.getBoundingClientRect();
      const section = document.querySelector('#errors-over-time')!.getBoundingClientRect();
      const ticks = Array.from(document.querySelectorAll('#errors-over-time .tick'))
        .map((el) => ({ label: el.textContent ?? '', box: el.getBoundingClientRect() }))
        .filter((tick) => tick.box.width > 0)
        .map((tick) => ({ label: tick.label, left: tick.box.left, right: tick.box.right, center: (tick.box.left + tick.box.right) / 2 }));
      return {
        viewport: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
        title: document.title,
        outside,
        timeline: { top: top('#errors-over-time'), bottom: section.bottom },
        findings: top('#findings'),
        chart: { left: chart.left, width: chart.width, height: chart.height, sectionWidth: section.width },
        ticks,
        tables: document.querySelectorAll('table.data').length,
        boxedTables: document.querySelectorAll('.scroll > table.data').length,
      };
    });
  }

  /** Each code's colour as drawn in the legend, the charts, the code bars, the tables and the cards. */
  async function colorsByCode(page: Page): Promise<Record<string, string[]>> {
    return page.evaluate(() => {
      const seen: Record<string, Set<string>> = {};
      const add = (code: string | null | undefined, color: string): void => {
        if (!code) return;
        (seen[code.trim()] ??= new Set()).add(color);
      };
      for (const li of document.querySelectorAll('#errors-over-time .legend li')) add(li.textContent, getComputedStyle(li.querySelector('i')!).backgroundColor);
      for (const rect of document.querySelectorAll('svg[data-chart="errors"] rect.seg')) add(rect.getAttribute('data-key'), getComputedStyle(rect).fill);
      for (const rect of document.querySelectorAll('svg[data-chart="codes"] rect.bar')) add(rect.getAttribute('data-code'), getComputedStyle(rect).fill);
      for (const code of document.querySelectorAll('.codebars .code, table.data .code, article.card h3 .code')) add(code.textContent, getComputedStyle(code).color);
      return Object.fromEntries(Object.entries(seen).map(([code, colors]) => [code, [...colors]]));
    });
  }

  describe('a triage page of the nginx incident log, on a phone and on a desktop', () => {
    const log = `${repoRoot}fixtures/incident/nginx-incident.log`;
    let page = '';
    let report: Report | undefined;

    beforeAll(async () => {
      const html = await runLogcodes(['triage', '-o', 'html', log]);
      expect(html.code).toBe(0);
      page = html.stdout;
      report = JSON.parse((await runLogcodes(['triage', '-o', 'json', log])).stdout) as Report;
    });

    it.each([
      [400, 800],
      [1280, 900],
    ])('fits a %i px wide screen: no sideways scroll, the timeline first, round ticks, one colour per code', async (width, height) => {
      const { page: tab, errors } = await open(page, `incident-triage-${width}.html`, { width, height });
      try {
        expect(errors).toEqual([]);
        const shown = await measure(tab);
        expect(shown.scrollWidth).toBeLessThanOrEqual(shown.viewport);
        expect(shown.outside).toEqual([]);
        expect(shown.boxedTables).toBe(shown.tables);
        expect(shown.title).toMatch(/^nginx-incident\.log · logcodes triage · 2026-03-02 09:00:00 → 10:39:59 UTC/);

        // The 5xx timeline opens the page, above the findings, and on a phone within its first screen.
        expect(shown.timeline.top).toBeLessThan(shown.findings);
        expect(shown.timeline.bottom).toBeLessThanOrEqual(height);
        // The chart takes the width its section leaves (less the y axis), whatever the screen.
        expect(shown.chart.width).toBeGreaterThan(shown.chart.sectionWidth * 0.75);
        expect(shown.chart.height).toBeGreaterThan(100);

        // Ticks on round times, evenly spaced, apart from each other, and inside the screen.
        const minutes = shown.ticks.map((tick) => {
          const match = /^(\d{2}):(\d{2})$/.exec(tick.label);
          expect(match, tick.label).not.toBeNull();
          return Number(match![1]) * 60 + Number(match![2]);
        });
        expect(minutes.length).toBeGreaterThanOrEqual(3);
        const step = minutes[1]! - minutes[0]!;
        expect([1, 2, 5, 10, 15, 30, 60]).toContain(step);
        for (const [i, minute] of minutes.entries()) {
          expect(minute % step).toBe(0);
          if (i > 0) {
            expect(minute - minutes[i - 1]!).toBe(step);
            expect(shown.ticks[i]!.center - shown.ticks[i - 1]!.center).toBeCloseTo(shown.ticks[1]!.center - shown.ticks[0]!.center, 0);
            expect(shown.ticks[i]!.left).toBeGreaterThan(shown.ticks[i - 1]!.right);
          }
        }
        // Where a tick stands is when it is: the log's span, from the first bucket's start to the last one's end.
        const buckets = report!.timeline.buckets;
        const start = Date.parse(buckets[0]!.start);
        const end = Date.parse(buckets.at(-1)!.start) + report!.timeline.bucketSeconds * 1000;
        const first = Date.parse(`${buckets[0]!.start.slice(0, 11)}${shown.ticks[0]!.label}:00Z`);
        expect(shown.ticks[0]!.center).toBeCloseTo(shown.chart.left + ((first - start) / (end - start)) * shown.chart.width, 0);

        const colors = await colorsByCode(tab);
        const serverErrors = report!.triage.filter((finding) => finding.code >= 500).map((finding) => String(finding.code));
        for (const code of serverErrors) expect(colors[code], code).toHaveLength(1);
        for (const [code, drawn] of Object.entries(colors)) expect(drawn, code).toHaveLength(1);
        expect(new Set(serverErrors.map((code) => colors[code]![0])).size).toBe(serverErrors.length);

        await tab.screenshot({ path: join(tmpdir(), `logcodes-html-incident-triage-${width}.png`), fullPage: true });
      } finally {
        await tab.close();
      }
    });

    it('is far shorter on a phone than it was: under 1.5 times its height on a desktop', async () => {
      const heights: number[] = [];
      for (const width of [400, 1280]) {
        const { page: tab } = await open(page, `incident-height-${width}.html`, { width, height: 800 });
        try {
          heights.push((await measure(tab)).height);
        } finally {
          await tab.close();
        }
      }
      const [phone, desktop] = heights as [number, number];
      // Before the page was responsive it was 10,427 px tall at 400 px and 5,364 px at 1280 px.
      expect(phone).toBeLessThan(desktop * 1.5);
      expect(phone).toBeLessThan(8000);
    });
  });

  it.each(FIXTURE_NAMES.flatMap((name) => (['report', 'triage'] as const).map((view) => [name, view] as const)))(
    'does not scroll sideways on a phone: the %s fixture (%s view)',
    async (name, view) => {
      const { page: tab } = await open(render(name, view), `${name}-${view}-phone.html`, { width: 360, height: 740 });
      try {
        const shown = await tab.evaluate(() => ({ viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth }));
        expect(shown.scrollWidth).toBeLessThanOrEqual(shown.viewport);
      } finally {
        await tab.close();
      }
    },
  );
});

