import { STATUS_CLASSES, statusClassOf, type StatusClass } from '../model/status.js';
import { BREAKDOWN_CLASSES, breakdownColumn, breakdownNote, breakdownTitle, classShare, topCodesText } from './breakdown-text.js';
import { describeFilter } from './filter-text.js';
import type { ValueCount } from '../model/counts.js';
import { SEVERITIES, type Finding } from '../model/findings.js';
import type { Report, TimelineBucket } from '../model/report.js';
import type { RenderOptions } from './table.js';
import { listLimits } from './list-limits.js';
import { escapeHtml } from './sanitize.js';
import { baselineLines, codeVsBaseline } from './baseline-text.js';
import { topEstimateNote } from './estimate-text.js';
import {
  bucketIndexAt,
  episodeLines,
  noFindingsText,
  onsetWithoutEpisodes,
  episodeStarts,
  formatBucketSpan,
  bytesCoverageText,
  formatBytes,
  latencyCoverageText,
  reportRate,
  reportRateUnit,
  formatClock,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  formatSpan,
  formatTime,
  formatZone,
  requestCount,
  malformedGroups,
  truncateEnd,
  truncateMiddle,
  SEVERITY_LABELS,
} from './format-values.js';

/**
 * Markup built only through the `html` tag: interpolated strings are escaped
 * unless they are already Markup, so a log value can never become markup by
 * someone forgetting to escape it.
 */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Interpolation = Markup | string | number | undefined | null | false | readonly Interpolation[];

function piece(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(piece).join('');
}

function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** A coordinate or length for SVG attributes: short, and never NaN. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}

const CLASS_COLOR: Record<StatusClass, string> = {
  '1xx': '#6272d9',
  '2xx': '#2f9e5b',
  '3xx': '#1f9fb4',
  '4xx': '#d99a00',
  '5xx': '#d64545',
  other: '#8a6fb0',
};
/** Distinct warm hues for the 5xx codes, so 502 and 504 are told apart at a glance. */
const ERROR_PALETTE = ['#dc2626', '#f97316', '#9333ea', '#db2777', '#b45309', '#0ea5e9', '#7f1d1d', '#65a30d'];
/** Long values are cut in the page; the full value stays in the title tooltip and in the JSON report. */
const MAX_VALUE = 160;

// No network at all: no scripts, no fonts, no remote images; inline styles only.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline
 * SVG drawn here, no script and no external resource.
 */
export function renderHtml(report: Report, options: Pick<RenderOptions, 'top' | 'view'>): string {
  const limits = listLimits(options.view, options.top);
  const triageView = options.view === 'triage';
  const sections = triageView
    ? [
        findingsSection(report, limits.evidence),
        errorChartSection(report),
        windowSection(report),
        classChartSection(report),
        codesSection(report, limits.codes, Math.max(limits.codes, limits.offenders)),
        breakdownSection(report),
        malformedSection(report, 1),
        sourcesSection(report),
      ]
    : [
        findingsSection(report, limits.evidence),
        classChartSection(report),
        errorChartSection(report),
        codesSection(report, limits.codes, limits.codes),
        breakdownSection(report),
        offendersSection(report, limits.offenders),
        windowSection(report),
        sourcesSection(report),
        malformedSection(report, 3),
      ];
  const name = triageView ? 'logcodes triage' : 'logcodes report';
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${new Markup(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${name}${spanText(report) ? ` · ${spanText(report)}` : ''}</title>
<style>${new Markup(STYLES)}</style>
</head>
<body>
<header class="page-head">
  <h1>${name}</h1>
  <p class="span">${spanText(report) || 'no timestamps'}</p>
  ${report.filter ? html`<p class="filter">Filter: ${describeFilter(report.filter)}</p>` : html``}
  ${failedRulesBanner(report)}
  ${tiles(report)}
</header>
<main>
${sections}
</main>
<footer>Generated ${formatTime(report.generatedAt)} · ${report.schema}</footer>
</body>
</html>
`;
  return page.text;
}

function spanText(report: Report): string {
  if (!report.span.first || !report.span.last) return '';
  return `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})`;
}

function failedRulesBanner(report: Report): Markup {
  const rules = report.failedRules ?? [];
  if (rules.length === 0) return html``;
  return html`<p class="banner" role="alert"><strong>--fail-on held:</strong> ${rules.join(', ')}</p>`;
}

function tiles(report: Report): Markup {
  const rate = reportRate(report);
  // A figure the log does not carry (a rate without a span, bytes, durations) gets no tile, rather than a 0.
  const items: Array<[string, string, string, string?]> = [
    ['Requests', formatCount(requestCount(report)), `${formatCount(report.lines.total)} lines read`],
    ...(rate !== undefined ? [['Rate', rate, `over ${formatDuration(report.span.seconds)}`] as [string, string, string]] : []),
    ['5xx', formatPercent(report.errorRates['5xx']), `${formatCount(report.classes['5xx'])} responses`, report.classes['5xx'] > 0 ? 'bad' : 'good'],
    ['4xx', formatPercent(report.errorRates['4xx']), `${formatCount(report.classes['4xx'])} responses`, report.classes['4xx'] > 0 ? 'warn' : 'good'],
    ['Findings', formatCount(report.triage.length), report.triage.length === 0 ? 'nothing stands out' : worstSeverity(report.triage), report.triage.length > 0 ? 'bad' : 'good'],
  ];
  if (report.bytes !== undefined) items.push(['Bytes sent', formatBytes(report.bytes), bytesCoverageText(report).trim()]);
  if (report.latencyMs) {
    items.push(['Latency p50', formatMs(report.latencyMs.p50), `p99 ${formatMs(report.latencyMs.p99)}${latencyCoverageText(report)}`]);
  }
  return html`<dl class="tiles">${items.map(
    ([label, value, detail, tone]) =>
      html`<div class="tile${tone ? ` ${tone}` : ''}"><dt>${label}</dt><dd><span class="big">${value}</span><span class="small">${detail}</span></dd></div>`,
  )}</dl>`;
}

function worstSeverity(findings: readonly Finding[]): string {
  const worst = SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity));
  return worst ? `worst: ${SEVERITY_LABELS[worst].toLowerCase()}` : '';
}

function section(id: string, title: string, body: Markup | Markup[]): Markup {
  return html`<section id="${id}"><h2>${title}</h2>${body}</section>\n`;
}

/** A log-derived value, cut to a readable length, with the whole value in a tooltip. */
function logValue(value: string, max = MAX_VALUE): Markup {
  const shown = truncateMiddle(value, max);
  return shown === value ? html`<span class="v">${value}</span>` : html`<span class="v" title="${value}">${shown}</span>`;
}

// ---------------------------------------------------------------- findings

function findingsSection(report: Report, evidenceLimit: number): Markup {
  if (report.triage.length === 0) {
    return section('findings', 'Findings', html`<p class="${requestCount(report) === 0 ? 'no-records' : 'all-clear'}">${noFindingsText(report)}</p>`);
  }
  return section(
    'findings',
    `Findings (${formatCount(report.triage.length)})`,
    html`<div class="cards">${report.triage.map((finding) => findingCard(finding, evidenceLimit))}</div>`,
  );
}

function findingCard(finding: Finding, limit: number): Markup {
  const ev = finding.evidence;
  const episodes = episodeLines(ev.episodes ?? []);
  const when: string[] = [];
  const onset = onsetWithoutEpisodes(ev);
  if (onset) when.push(`onset ${formatTime(onset)}`);
  if (ev.firstSeen) when.push(`first seen ${formatTime(ev.firstSeen)}`);
  if (ev.lastSeen) when.push(`last seen ${formatClock(ev.lastSeen)}`);
  if (episodes.length === 0 && ev.background) when.push(`steady at ${formatPercent(ev.background.share)} of requests, no episode`);
  const lists: Array<[string, ValueCount[]]> = [
    ['Paths', ev.topPaths],
    ['Upstreams', ev.topUpstreams],
    ['Hosts', ev.topHosts],
    ['Clients', ev.topClients],
  ];
  const chips: Array<[string, ValueCount[]]> = [
    ['Upstream status', ev.upstreamStatuses],
    ['Origin status', ev.originStatuses],
    ['Sub-status', ev.subStatuses],
    ['Win32 status', ev.win32Statuses],
    ...(ev.signals ?? []).map((signal): [string, ValueCount[]] => [signal.label, signal.values]),
  ];
  const latency = ev.latencyMs
    ? html`<p class="latency"><span class="label">Latency</span> p50 <b>${formatMs(ev.latencyMs.p50)}</b> · p90 <b>${formatMs(ev.latencyMs.p90)}</b> · p99 <b>${formatMs(ev.latencyMs.p99)}</b> · max <b>${formatMs(ev.latencyMs.max)}</b>${ev.timeoutMs !== undefined ? html` · <span class="timeout">timeout ${formatMs(ev.timeoutMs)}</span>` : ''}</p>`
    : ev.timeoutMs !== undefined
      ? html`<p class="latency"><span class="timeout">timeout ${formatMs(ev.timeoutMs)}</span></p>`
      : html``;
  return html`<article class="card sev-${finding.severity}" data-code="${finding.code}">
<header>
  <span class="badge">${SEVERITY_LABELS[finding.severity]}</span>
  <h3><span class="code c${statusClassOf(finding.code)}">${finding.code}</span> ${finding.meaning}${finding.vendor === 'standard' ? '' : html` <span class="vendor">${finding.vendor}</span>`}</h3>
  <span class="count">${formatCount(finding.count)} <small>(${formatPercent(finding.share)})</small></span>
</header>
<p class="headline">${finding.headline}</p>
${episodes.length > 0 ? html`<ul class="episodes">${episodes.map((episode) => html`<li>${episode}</li>`)}</ul>` : ''}
${when.length > 0 ? html`<p class="when">${when.join(' · ')}</p>` : ''}
<dl class="advice">
  <dt>Cause</dt><dd>${finding.cause}</dd>
  <dt>Look first</dt><dd>${finding.lookFirst}</dd>
  <dt>Retry</dt><dd>${finding.retry}</dd>
</dl>
${finding.notes.length > 0 ? html`<ul class="notes">${finding.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}
${latency}
<div class="evidence">${lists
    .filter(([, entries]) => entries.length > 0)
    .map(
      ([label, entries]) =>
        html`<table class="mini"><thead><tr><th>${label}</th><th class="num">Count</th></tr></thead><tbody>${entries
          .slice(0, limit)
          .map((entry) => html`<tr><td>${logValue(entry.value, 90)}</td><td class="num">${formatCount(entry.count)}</td></tr>`)}</tbody></table>`,
    )}</div>
${chips
  .filter(([, entries]) => entries.length > 0)
  .map(
    ([label, entries]) =>
      html`<p class="chips"><span class="label">${label}</span> ${entries
        .slice(0, limit)
        .map((entry) => html`<span class="chip">${logValue(entry.value, 60)} <b>×${formatCount(entry.count)}</b></span>`)}</p>`,
  )}
</article>
`;
}

// ---------------------------------------------------------------- charts

const CHART = { width: 960, height: 240, left: 52, right: 12, top: 14, bottom: 28 };

interface Stack {
  key: string;
  color: string;
  label: string;
  count: number;
}

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/**
 * A stacked bar per bucket; only non-zero segments are drawn, each with its
 * own tooltip. Onsets become dashed vertical markers.
 */
function stackedBars(
  kind: string,
  buckets: readonly TimelineBucket[],
  stacksOf: (bucket: TimelineBucket) => Stack[],
  markers: ReadonlyArray<{ index: number; label: string }>,
  title: string,
): Markup {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const stacks = buckets.map(stacksOf);
  const max = niceMax(Math.max(0, ...stacks.map((s) => s.reduce((sum, part) => sum + part.count, 0))));
  const slot = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(0.6, slot * (buckets.length > 120 ? 1 : 0.8));
  const scale = (count: number): number => (count / max) * plotHeight;

  const gridLines = [0, 0.5, 1].map((fraction) => {
    const y = top + plotHeight - fraction * plotHeight;
    return html`<line class="grid" x1="${n(left)}" x2="${n(width - right)}" y1="${n(y)}" y2="${n(y)}"/><text class="axis" x="${n(left - 6)}" y="${n(y + 4)}" text-anchor="end">${formatCount(max * fraction)}</text>`;
  });
  const bars = stacks.map((parts, i) => {
    let y = top + plotHeight;
    const x = left + i * slot + (slot - barWidth) / 2;
    const start = buckets[i]?.start ?? '';
    return parts
      .filter((part) => part.count > 0)
      .map((part) => {
        const h = scale(part.count);
        y -= h;
        return html`<rect class="seg" data-key="${part.key}" data-bucket="${i}" x="${n(x)}" y="${n(y)}" width="${n(barWidth)}" height="${n(Math.max(h, 0.5))}" fill="${part.color}"><title>${formatClock(start)} · ${part.label}: ${formatCount(part.count)}</title></rect>`;
      });
  });
  const tickEvery = Math.max(1, Math.ceil(buckets.length / 8));
  const ticks = buckets.map((bucket, i) =>
    i % tickEvery === 0
      ? html`<text class="axis" x="${n(left + i * slot + slot / 2)}" y="${n(height - 8)}" text-anchor="middle">${formatClock(bucket.start)}</text>`
      : '',
  );
  // labels of nearby onsets would overlap, so each one steps down a line
  const markerLines = markers.map(({ index, label }, i) => {
    const x = left + index * slot;
    const flip = x > width - right - 120;
    return html`<g class="marker"><line x1="${n(x)}" x2="${n(x)}" y1="${n(top)}" y2="${n(top + plotHeight)}"/><text x="${n(flip ? x - 4 : x + 4)}" y="${n(top + 10 + (i % 4) * 13)}" text-anchor="${flip ? 'end' : 'start'}">${label}</text></g>`;
  });
  return html`<svg class="chart" data-chart="${kind}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}" preserveAspectRatio="none">
${gridLines}
<g class="bars">${bars}</g>
${markerLines}
${ticks}
</svg>`;
}

function legend(entries: ReadonlyArray<{ color: string; label: string }>): Markup {
  return html`<ul class="legend">${entries.map((entry) => html`<li><i style="background:${entry.color}"></i>${entry.label}</li>`)}</ul>`;
}

/** Starts of 5xx episodes, one marker per bucket, in time order. */
function onsetMarkers(report: Report): Array<{ index: number; label: string }> {
  const starts = report.timeline.buckets.map((bucket) => bucket.start);
  const byIndex = new Map<number, number[]>();
  for (const episode of episodeStarts(report)) {
    const index = bucketIndexAt(starts, episode.at);
    if (index < 0) continue;
    const codes = byIndex.get(index) ?? [];
    for (const code of episode.codes) if (!codes.includes(code)) codes.push(code);
    byIndex.set(index, codes);
  }
  return [...byIndex]
    .sort(([a], [b]) => a - b)
    .map(([index, codes]) => ({ index, label: `▲ ${codes.sort((a, b) => a - b).join(', ')}` }));
}

function classChartSection(report: Report): Markup {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return html``;
  const present = STATUS_CLASSES.filter((cls) => buckets.some((bucket) => bucket.classes[cls] > 0));
  const chart = stackedBars(
    'classes',
    buckets,
    (bucket) => present.map((cls) => ({ key: cls, color: CLASS_COLOR[cls], label: cls, count: bucket.classes[cls] })),
    onsetMarkers(report),
    'Responses per time bucket, stacked by status class',
  );
  return section(
    'classes-over-time',
    `Status classes per ${bucketName(report)}`,
    html`${legend(present.map((cls) => ({ color: CLASS_COLOR[cls], label: cls })))}${chart}`,
  );
}

/** `minute (UTC)`: what one bar covers, and the zone of the axis times, which may differ from the span's. */
function bucketName(report: Report): string {
  const seconds = report.timeline.bucketSeconds;
  const unit = formatBucketSpan(seconds);
  const zone = formatZone(report.timeline.buckets[0]?.start ?? '');
  return zone ? `${unit} (${zone})` : unit;
}

/** 5xx codes seen in the timeline, ascending. */
function serverErrorCodes(buckets: readonly TimelineBucket[]): string[] {
  const codes = new Set<string>();
  for (const bucket of buckets) {
    for (const [code, count] of Object.entries(bucket.codes)) {
      const numeric = Number(code);
      if (numeric >= 500 && numeric <= 599 && count > 0) codes.add(code);
    }
  }
  return [...codes].sort((a, b) => Number(a) - Number(b));
}

function errorChartSection(report: Report): Markup {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return html``;
  const codes = serverErrorCodes(buckets);
  const title = `5xx per ${bucketName(report)}`;
  if (codes.length === 0) return section('errors-over-time', title, html`<p class="all-clear">No 5xx responses.</p>`);
  const color = new Map(codes.map((code, i) => [code, ERROR_PALETTE[i % ERROR_PALETTE.length] ?? '#d64545']));
  const chart = stackedBars(
    'errors',
    buckets,
    (bucket) => codes.map((code) => ({ key: code, color: color.get(code) ?? '#d64545', label: code, count: bucket.codes[code] ?? 0 })),
    onsetMarkers(report),
    '5xx responses per time bucket, stacked by status code',
  );
  return section(
    'errors-over-time',
    title,
    html`${legend(codes.map((code) => ({ color: color.get(code) ?? '#d64545', label: code })))}${chart}`,
  );
}

function codeMixChart(report: Report, limit: number): Markup {
  const rows = report.codes.slice(0, limit);
  if (rows.length === 0) return html``;
  const rowHeight = 26;
  const labelWidth = 260;
  const countWidth = 130;
  const width = 960;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const barSpace = width - labelWidth - countWidth;
  const bars = rows.map((row, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(2, (row.count / max) * barSpace);
    return html`<g class="code-row"><text class="bar-label" x="${n(labelWidth - 10)}" y="${n(y + 17)}" text-anchor="end">${row.code} ${truncateEnd(row.meaning, 30)}</text><rect class="bar" data-code="${row.code}" x="${n(labelWidth)}" y="${n(y + 3)}" width="${n(w)}" height="${n(rowHeight - 8)}" rx="3" fill="${CLASS_COLOR[row.class]}"><title>${row.code} ${row.meaning}: ${formatCount(row.count)} (${formatPercent(row.share)})</title></rect><text class="bar-value" x="${n(labelWidth + w + 8)}" y="${n(y + 17)}">${formatCount(row.count)} · ${formatPercent(row.share)}</text></g>`;
  });
  return html`<svg class="chart codes" data-chart="codes" viewBox="0 0 ${width} ${height}" role="img" aria-label="Requests per status code">${bars}</svg>`;
}

// ---------------------------------------------------------------- tables

function codesSection(report: Report, tableLimit: number, chartLimit: number): Markup {
  if (report.codes.length === 0) return section('codes', 'Status codes', html`<p>No requests parsed.</p>`);
  const rows = report.codes.slice(0, tableLimit);
  const hidden = report.codes.length - rows.length;
  const compared = report.comparison;
  return section(
    'codes',
    'Status codes',
    html`${codeMixChart(report, chartLimit)}
<table class="data"><thead><tr><th>Code</th><th class="num">Count</th><th class="num">Share</th>${compared !== undefined ? html`<th class="num">vs baseline</th>` : ''}<th>Vendor</th><th>Meaning</th></tr></thead><tbody>${rows.map(
      (row) =>
        html`<tr><td><span class="code c${row.class}">${row.code}</span></td><td class="num">${formatCount(row.count)}</td><td class="num">${formatPercent(row.share)}</td>${compared !== undefined ? html`<td class="num">${codeVsBaseline(compared, row.code)!}</td>` : ''}<td>${row.vendor}</td><td>${row.meaning}</td></tr>`,
    )}</tbody></table>${hidden > 0 ? html`<p class="more">…and ${formatCount(hidden)} more code${hidden === 1 ? '' : 's'}.</p>` : ''}${
      compared !== undefined ? html`<ul class="notes">${baselineLines(compared, reportRateUnit(report)).map((line) => html`<li>${line}</li>`)}</ul>` : ''
    }`,
  );
}

function breakdownSection(report: Report): Markup {
  const breakdown = report.breakdown;
  if (!breakdown) return html``;
  const head = html`<tr><th>${breakdownColumn(breakdown)}</th><th class="num">Requests</th>${BREAKDOWN_CLASSES.map((cls) => html`<th class="num">${cls}</th>`)}<th>Top codes</th></tr>`;
  const rows = breakdown.rows.map(
    (row) =>
      html`<tr><td>${logValue(row.value)}</td><td class="num">${formatCount(row.requests)}</td>${BREAKDOWN_CLASSES.map((cls) => html`<td class="num">${classShare(row, cls)}</td>`)}<td>${topCodesText(row)}</td></tr>`,
  );
  return section('breakdown', breakdownTitle(breakdown), html`<table class="data"><thead>${head}</thead><tbody>${rows}</tbody></table><p class="more">${breakdownNote(breakdown)}</p>`);
}

function offendersSection(report: Report, limit: number): Markup {
  const groups: Array<[string, ValueCount[]]> = [
    ['Paths', report.top.paths],
    ['Hosts', report.top.hosts],
    ['Clients', report.top.clients],
    ['Upstreams', report.top.upstreams],
  ];
  const tables = groups
    .filter(([, entries]) => entries.length > 0)
    .map(
      ([label, entries]) =>
        html`<table class="data"><thead><tr><th>${label}</th><th class="num">Count</th></tr></thead><tbody>${entries
          .slice(0, limit)
          .map((entry) => html`<tr><td>${logValue(entry.value)}</td><td class="num">${formatCount(entry.count)}</td></tr>`)}</tbody></table>`,
    );
  if (tables.length === 0) return html``;
  const estimate = topEstimateNote(report);
  return section('offenders', 'Top offenders (4xx and 5xx)', html`<div class="grid2">${tables}</div>${estimate !== undefined ? html`<p class="more">${estimate}</p>` : ''}`);
}

function windowSection(report: Report): Markup {
  const window = report.window;
  if (!window) return html``;
  const range = `${window.since ? formatTime(window.since) : 'start'} → ${window.until ? formatTime(window.until) : 'end'}`;
  const baseline = window.baseline;
  if (!baseline) {
    return section('window', 'Window vs baseline', html`<p>Window ${range}. No baseline: the log holds nothing before the window.</p>`);
  }
  const share = (count: number, of: number): string => `${formatPercent(of > 0 ? count / of : 0)} (${formatCount(count)})`;
  const rows: Array<[string, string, string]> = [
    ['Requests', formatCount(requestCount(report)), formatCount(baseline.requests)],
    ...(['2xx', '3xx', '4xx', '5xx'] as const).map((cls): [string, string, string] => [
      `${cls} share`,
      share(report.classes[cls], requestCount(report)),
      share(baseline.classes[cls], baseline.requests),
    ]),
  ];
  return section(
    'window',
    'Window vs baseline',
    html`<p>Window ${range}; baseline ${formatTime(baseline.since)} → ${formatTime(baseline.until)}.</p>
<table class="data compare"><thead><tr><th></th><th class="num">Window</th><th class="num">Baseline</th></tr></thead><tbody>${rows.map(
      ([label, now, before]) => html`<tr><td>${label}</td><td class="num">${now}</td><td class="num">${before}</td></tr>`,
    )}</tbody></table>`,
  );
}

function sourcesSection(report: Report): Markup {
  const { total, parsed, malformed, ignored } = report.lines;
  return section(
    'sources',
    'Input',
    html`<p class="lines">${formatCount(total)} lines: ${formatCount(parsed)} parsed · ${formatCount(malformed)} malformed · ${formatCount(ignored)} ignored.${
      Object.keys(report.formats).length > 0
        ? html` Formats: ${Object.entries(report.formats).map(([name, count], i) => html`${i > 0 ? ', ' : ''}<b>${name}</b> ${formatCount(count)}`)}.`
        : ''
    }</p>
<table class="data"><thead><tr><th>Source</th><th>Format</th><th class="num">Lines</th><th>Problem</th></tr></thead><tbody>${report.sources.map(
      (source) =>
        html`<tr><td>${logValue(source.name)}</td><td>${source.format ?? ''}</td><td class="num">${formatCount(source.lines)}</td><td class="${source.error ? 'error' : ''}">${source.error ?? ''}</td></tr>`,
    )}</tbody></table>`,
  );
}

function malformedSection(report: Report, samplesPerReason: number): Markup {
  const { malformed, total } = report.lines;
  if (malformed === 0 && report.malformedSamples.length === 0) return html``;
  const groups = malformedGroups(report);
  return section(
    'malformed',
    'Malformed lines',
    html`<p>${formatCount(malformed)} of ${formatCount(total)} lines (${formatPercent(malformed / Math.max(1, total))}) matched no format.</p>
<p class="codes">${groups.map((group, i) => html`${i > 0 ? ' · ' : ''}<code>${group.code}</code> ${formatCount(group.lines)}`)}</p>
<table class="data samples"><thead><tr><th>Code</th><th>Reason</th><th>Where</th><th>Sample</th></tr></thead><tbody>${groups.map((group) =>
      group.samples
        .slice(0, samplesPerReason)
        .map(
          (sample) =>
            html`<tr><td><code>${group.code}</code></td><td>${sample.reason}</td><td class="where">${logValue(sample.source, 60)}:${sample.line}</td><td><code>${logValue(sample.text, 300)}</code></td></tr>`,
        ),
    )}</tbody></table>`,
  );
}

const STYLES = `
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5f6b7a;--card:#fff;--line:#e2e6ec;--grid:#e8ebf0;
--critical:#b91c1c;--high:#dc2626;--medium:#d97706;--low:#0e7490;--info:#64748b;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#12161d;--fg:#e6e9ef;--muted:#9aa5b4;--card:#1b212b;--line:#2b3340;--grid:#2a313c}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page-head,main,footer{max-width:1080px;margin:0 auto;padding:0 20px}
.page-head{padding-top:24px}
h1{font-size:24px;margin:0}
h2{font-size:18px;margin:0 0 12px}
.span{color:var(--muted);margin:2px 0 16px}
.banner{background:#fde8e8;color:#8b1c1c;border:1px solid #f5b5b5;border-radius:8px;padding:8px 12px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 8px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin:0}
.tile dt{color:var(--muted);font-size:13px}
.tile dd{margin:0}
.tile .big{display:block;font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.tile .small{display:block;color:var(--muted);font-size:12px}
.tile.bad .big{color:var(--high)}.tile.warn .big{color:var(--medium)}.tile.good .big{color:#2f9e5b}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 20px;margin:16px 0}
.cards{display:grid;gap:14px}
.card{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:10px;padding:14px 16px;background:var(--card)}
.card.sev-critical{border-left-color:var(--critical)}.card.sev-high{border-left-color:var(--high)}
.card.sev-medium{border-left-color:var(--medium)}.card.sev-low{border-left-color:var(--low)}
.card header{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.card h3{margin:0;font-size:18px;flex:1}
.badge{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff;background:var(--info);border-radius:999px;padding:2px 10px}
.sev-critical .badge{background:var(--critical)}.sev-high .badge{background:var(--high)}.sev-medium .badge{background:var(--medium)}.sev-low .badge{background:var(--low)}
.count{font-weight:650;font-variant-numeric:tabular-nums}.count small{color:var(--muted);font-weight:400}
.headline{font-size:16px;font-weight:600;margin:8px 0 2px}
.when{color:var(--muted);margin:0 0 8px;font-size:14px}
.episodes{margin:0 0 8px;padding-left:18px;font-size:14px}
.advice{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:8px 0}
.advice dt{font-weight:650;color:var(--muted)}.advice dd{margin:0}
.notes{margin:6px 0;padding-left:20px}
.latency,.chips{margin:6px 0;font-size:14px}
.label{color:var(--muted);font-weight:650;margin-right:6px}
.timeout{color:var(--high);font-weight:650}
.chip{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:0 6px;margin:2px 4px 2px 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.evidence{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:10px;margin-top:8px;align-items:start}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:13px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mini td,.mini th{font-size:13px;padding:3px 6px}
.v,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere;word-break:break-word}
.code{font-weight:700;font-variant-numeric:tabular-nums}
.c1xx{color:#6272d9}.c2xx{color:#2f9e5b}.c3xx{color:#1f9fb4}.c4xx{color:#b88200}.c5xx{color:#d64545}.cother{color:#8a6fb0}
.vendor{font-size:12px;border:1px solid var(--line);border-radius:999px;padding:1px 8px;color:var(--muted);vertical-align:middle}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px;align-items:start}
.chart{display:block;width:100%;height:auto;margin-top:4px}
.chart .grid{stroke:var(--grid);stroke-width:1}
.chart .axis{fill:var(--muted);font-size:11px}
.chart .marker line{stroke:var(--fg);stroke-dasharray:4 3;stroke-width:1.2}
.chart .marker text{fill:var(--fg);font-size:11px;font-weight:600}
.chart .bar-label{fill:var(--fg);font-size:13px;font-weight:600}
.chart .bar-value{fill:var(--muted);font-size:13px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:14px;margin:0;padding:0;font-size:13px;color:var(--muted)}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.all-clear{color:#2f9e5b;font-weight:600}
.error{color:var(--high)}
.where{white-space:nowrap}
.more,footer{color:var(--muted);font-size:13px}
footer{padding-bottom:24px}
`;
