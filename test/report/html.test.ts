import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/model/report.js';
import { FIXTURE_NAMES, HOSTILE, builtReport, emptyReport, loadReport, ratesIn, type FixtureName } from './fixtures.js';

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
    expect(page.indexOf('id="findings"')).toBeLessThan(page.indexOf('id="errors-over-time"'));
    expect(page.indexOf('id="errors-over-time"')).toBeLessThan(page.indexOf('id="window"'));
  });

  it('has no tile for bytes, latency or a rate the log does not give, rather than a 0', () => {
    const tiles = (page: string): string[] => [...page.matchAll(/<div class="tile[^"]*"><dt>([^<]+)<\/dt>/g)].map((match) => match[1]!);
    expect(tiles(renderHtml(builtReport({ perMinute: 30 }), { top: TOP, view: 'report' }))).toEqual(['Requests', 'Rate', '5xx', '4xx', 'Findings']);
    const full = renderHtml(builtReport({ perMinute: 30, bytes: (i) => (i % 2 === 0 ? 10 : undefined), durations: true }), { top: TOP, view: 'report' });
    expect(tiles(full)).toEqual(['Requests', 'Rate', '5xx', '4xx', 'Findings', 'Bytes sent', 'Latency p50']);
    expect(full).toContain('<span class="big">18.0 kB</span><span class="small">(1,800 of 3,600 requests logged a size)</span>');
    expect(tiles(renderHtml(emptyReport(), { top: TOP, view: 'report' }))).not.toContain('Rate');
  });

  it.each([
    [30, 'min'],
    [600, 's'],
  ] as const)('writes every rate of a report at %i requests a minute per %s', (perMinute, unit) => {
    for (const view of ['report', 'triage'] as const) {
      const rates = ratesIn(renderHtml(builtReport({ perMinute }), { top: TOP, view }));
      expect(rates.length).toBeGreaterThanOrEqual(4);
      expect(rates.filter(([, u]) => u !== unit)).toEqual([]);
    }
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
  async function open(html: string, file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    if (!browser) throw new Error('browser not started');
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
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
});
