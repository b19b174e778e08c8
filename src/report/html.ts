import { STATUS_CLASSES } from '../model/status.js';
import { BREAKDOWN_CLASSES, breakdownColumn, breakdownNote, breakdownTitle, classShare, topCodesText } from './breakdown-text.js';
import { describeFilter } from './filter-text.js';
import type { ValueCount } from '../model/counts.js';
import { SEVERITIES, type Finding } from '../model/findings.js';
import type { Report, TimelineBucket } from '../model/report.js';
import type { RenderOptions } from './table.js';
import { listLimits } from './list-limits.js';
import { html, Markup } from './markup.js';
import { CodeColors } from './html-colors.js';
import { codeBars, legend, onsetMarkers, timeChart } from './html-charts.js';
import { reportSubject } from './subject.js';
import { baselineLines, codeVsBaseline } from './baseline-text.js';
import { topEstimateNote } from './estimate-text.js';
import {
  episodeLines,
  noFindingsText,
  onsetWithoutEpisodes,
  formatBucketSpan,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  formatRate,
  formatSpan,
  formatTime,
  formatZone,
  requestCount,
  malformedGroups,
  truncateMiddle,
  SEVERITY_LABELS,
} from './format-values.js';

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
  const colors = new CodeColors(report);
  // An incident page starts with when it happened; the findings say what, right after.
  const sections = triageView
    ? [
        errorChartSection(report, colors),
        findingsSection(report, limits.evidence, colors),
        windowSection(report),
        classChartSection(report, colors),
        codesSection(report, limits.codes, Math.max(limits.codes, limits.offenders), colors),
        breakdownSection(report),
        malformedSection(report, 1),
        sourcesSection(report),
      ]
    : [
        findingsSection(report, limits.evidence, colors),
        classChartSection(report, colors),
        errorChartSection(report, colors),
        codesSection(report, limits.codes, limits.codes, colors),
        breakdownSection(report),
        offendersSection(report, limits.offenders),
        windowSection(report),
        sourcesSection(report),
        malformedSection(report, 3),
      ];
  const name = triageView ? 'logcodes triage' : 'logcodes report';
  const subject = reportSubject(report);
  const title = [subject, name, spanText(report)].filter((part) => part !== '').join(' · ');
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${new Markup(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new Markup(STYLES)}${new Markup(colors.css())}</style>
</head>
<body>
<header class="page-head">
  <h1>${name}${subject !== '' ? html`<span class="subject">${subject}</span>` : ''}</h1>
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
  const items: Array<[string, string, string, string?]> = [
    ['Requests', formatCount(requestCount(report)), `${formatCount(report.lines.total)} lines read`],
    ['Rate', formatRate(report.span.requestsPerSecond), report.span.seconds > 0 ? `over ${formatDuration(report.span.seconds)}` : ''],
    ['5xx', formatPercent(report.errorRates['5xx']), `${formatCount(report.classes['5xx'])} responses`, report.classes['5xx'] > 0 ? 'bad' : 'good'],
    ['4xx', formatPercent(report.errorRates['4xx']), `${formatCount(report.classes['4xx'])} responses`, report.classes['4xx'] > 0 ? 'warn' : 'good'],
    ['Findings', String(report.triage.length), report.triage.length === 0 ? 'nothing stands out' : worstSeverity(report.triage), report.triage.length > 0 ? 'bad' : 'good'],
    ['Bytes sent', formatBytes(report.bytes), report.latencyMs ? `p50 ${formatMs(report.latencyMs.p50)} · p99 ${formatMs(report.latencyMs.p99)}` : ''],
  ];
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

/**
 * A table in a box of its own that scrolls sideways when the table is wider than the screen, so
 * the page itself never does; focusable, so a keyboard can scroll it too.
 */
function scrollBox(label: string, table: Markup): Markup {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}">${table}</div>`;
}

/** A file name that breaks only after a slash on a narrow screen, the base name whole: 'fixtures/incident/' then 'nginx-incident.log'. */
function pathValue(name: string): Markup {
  const shown = truncateMiddle(name, MAX_VALUE);
  const parts = shown.split('/');
  const body = html`${parts.map((part, i) => (i < parts.length - 1 ? html`<span>${part}/</span><wbr>` : html`<span>${part}</span>`))}`;
  return shown === name ? html`<span class="v path">${body}</span>` : html`<span class="v path" title="${name}">${body}</span>`;
}

/** A log-derived value, cut to a readable length, with the whole value in a tooltip. */
function logValue(value: string, max = MAX_VALUE): Markup {
  const shown = truncateMiddle(value, max);
  return shown === value ? html`<span class="v">${value}</span>` : html`<span class="v" title="${value}">${shown}</span>`;
}

// ---------------------------------------------------------------- findings

function findingsSection(report: Report, evidenceLimit: number, colors: CodeColors): Markup {
  if (report.triage.length === 0) {
    return section('findings', 'Findings', html`<p class="${requestCount(report) === 0 ? 'no-records' : 'all-clear'}">${noFindingsText(report)}</p>`);
  }
  return section(
    'findings',
    `Findings (${report.triage.length})`,
    html`<div class="cards">${report.triage.map((finding) => findingCard(finding, evidenceLimit, colors))}</div>`,
  );
}

function findingCard(finding: Finding, limit: number, colors: CodeColors): Markup {
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
  <h3><span class="code ${colors.codeClass(finding.code)}">${finding.code}</span> ${finding.meaning}${finding.vendor === 'standard' ? '' : html` <span class="vendor">${finding.vendor}</span>`}</h3>
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

function classChartSection(report: Report, colors: CodeColors): Markup {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return html``;
  const present = STATUS_CLASSES.filter((cls) => buckets.some((bucket) => bucket.classes[cls] > 0));
  const chart = timeChart(
    'classes',
    report.timeline,
    (bucket) => present.map((cls) => ({ key: cls, color: colors.classClass(cls), label: cls, count: bucket.classes[cls] })),
    onsetMarkers(report),
    'Responses per time bucket, stacked by status class',
  );
  return section(
    'classes-over-time',
    `Status classes per ${bucketName(report)}`,
    html`${legend(present.map((cls) => ({ color: colors.classClass(cls), label: cls })))}${chart}`,
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
function serverErrorCodes(buckets: readonly TimelineBucket[]): number[] {
  const codes = new Set<number>();
  for (const bucket of buckets) {
    for (const [code, count] of Object.entries(bucket.codes)) {
      const numeric = Number(code);
      if (numeric >= 500 && numeric <= 599 && count > 0) codes.add(numeric);
    }
  }
  return [...codes].sort((a, b) => a - b);
}

function errorChartSection(report: Report, colors: CodeColors): Markup {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return html``;
  const codes = serverErrorCodes(buckets);
  const title = `5xx per ${bucketName(report)}`;
  if (codes.length === 0) return section('errors-over-time', title, html`<p class="all-clear">No 5xx responses.</p>`);
  const chart = timeChart(
    'errors',
    report.timeline,
    (bucket) => codes.map((code) => ({ key: String(code), color: colors.codeClass(code), label: String(code), count: bucket.codes[String(code)] ?? 0 })),
    onsetMarkers(report),
    '5xx responses per time bucket, stacked by status code',
  );
  return section('errors-over-time', title, html`${legend(codes.map((code) => ({ color: colors.codeClass(code), label: String(code) })))}${chart}`);
}

// ---------------------------------------------------------------- tables

function codesSection(report: Report, tableLimit: number, chartLimit: number, colors: CodeColors): Markup {
  if (report.codes.length === 0) return section('codes', 'Status codes', html`<p>No requests parsed.</p>`);
  const rows = report.codes.slice(0, tableLimit);
  const hidden = report.codes.length - rows.length;
  const compared = report.comparison;
  return section(
    'codes',
    'Status codes',
    html`${codeBars(report, chartLimit, colors)}
${scrollBox('Status codes', html`<table class="data"><thead><tr><th>Code</th><th class="num">Count</th><th class="num">Share</th>${compared !== undefined ? html`<th class="num">vs baseline</th>` : ''}<th>Vendor</th><th>Meaning</th></tr></thead><tbody>${rows.map(
      (row) =>
        html`<tr><td><span class="code ${colors.codeClass(row.code)}">${row.code}</span></td><td class="num">${formatCount(row.count)}</td><td class="num">${formatPercent(row.share)}</td>${compared !== undefined ? html`<td class="num">${codeVsBaseline(compared, row.code)!}</td>` : ''}<td>${row.vendor}</td><td>${row.meaning}</td></tr>`,
    )}</tbody></table>`)}${hidden > 0 ? html`<p class="more">…and ${hidden} more code${hidden === 1 ? '' : 's'}.</p>` : ''}${
      compared !== undefined ? html`<ul class="notes">${baselineLines(compared).map((line) => html`<li>${line}</li>`)}</ul>` : ''
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
  return section('breakdown', breakdownTitle(breakdown), html`${scrollBox(breakdownTitle(breakdown), html`<table class="data"><thead>${head}</thead><tbody>${rows}</tbody></table>`)}<p class="more">${breakdownNote(breakdown)}</p>`);
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
        scrollBox(
          label,
          html`<table class="data"><thead><tr><th>${label}</th><th class="num">Count</th></tr></thead><tbody>${entries
            .slice(0, limit)
            .map((entry) => html`<tr><td>${logValue(entry.value)}</td><td class="num">${formatCount(entry.count)}</td></tr>`)}</tbody></table>`,
        ),
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
${scrollBox(
      'Window vs baseline',
      html`<table class="data compare"><thead><tr><th></th><th class="num">Window</th><th class="num">Baseline</th></tr></thead><tbody>${rows.map(
        ([label, now, before]) => html`<tr><td>${label}</td><td class="num">${now}</td><td class="num">${before}</td></tr>`,
      )}</tbody></table>`,
    )}`,
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
${scrollBox(
      'Sources',
      html`<table class="data"><thead><tr><th>Source</th><th>Format</th><th class="num">Lines</th><th>Problem</th></tr></thead><tbody>${report.sources.map(
        (source) =>
          html`<tr><td>${pathValue(source.name)}</td><td>${source.format ?? ''}</td><td class="num">${formatCount(source.lines)}</td><td class="${source.error ? 'error' : ''}">${source.error ?? ''}</td></tr>`,
      )}</tbody></table>`,
    )}`,
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
${scrollBox(
      'Malformed samples',
      html`<table class="data samples"><thead><tr><th>Code</th><th>Reason</th><th>Where</th><th>Sample</th></tr></thead><tbody>${groups.map((group) =>
        group.samples
          .slice(0, samplesPerReason)
          .map(
            (sample) =>
              html`<tr><td><code>${group.code}</code></td><td>${sample.reason}</td><td class="where">${logValue(sample.source, 60)}:${sample.line}</td><td><code>${logValue(sample.text, 300)}</code></td></tr>`,
          ),
      )}</tbody></table>`,
    )}`,
  );
}

// Phone first: one column, a tight frame; a wider screen gets room and side-by-side grids.
const STYLES = `
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5f6b7a;--card:#fff;--line:#e2e6ec;--grid:#e8ebf0;
--critical:#b91c1c;--high:#dc2626;--medium:#d97706;--low:#0e7490;--info:#64748b;--good:#2f9e5b;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#12161d;--fg:#e6e9ef;--muted:#9aa5b4;--card:#1b212b;--line:#2b3340;--grid:#2a313c;--good:#4ade80}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:break-word}
.page-head,main,footer{max-width:1080px;margin:0 auto;padding:0 10px}
.page-head{padding-top:14px}
h1{font-size:20px;line-height:1.25;margin:0}
h1 .subject{display:block;font-size:16px;font-weight:600;color:var(--muted);overflow-wrap:anywhere}
h2{font-size:16px;margin:0 0 8px}
.span{color:var(--muted);margin:2px 0 10px}
.filter{margin:0 0 8px}
.banner{background:#fde8e8;color:#8b1c1c;border:1px solid #f5b5b5;border-radius:8px;padding:8px 12px}
.tiles{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:6px;margin:0 0 4px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:5px 8px;margin:0;min-width:0}
.tile dt{color:var(--muted);font-size:12px}
.tile dd{margin:0}
.tile .big{display:block;font-size:17px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}
.tile .small{display:block;color:var(--muted);font-size:11px;line-height:1.3}
.tile.bad .big{color:var(--high)}.tile.warn .big{color:var(--medium)}.tile.good .big{color:var(--good)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px;margin:10px 0;min-width:0}
.cards{display:grid;gap:10px}
.card{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:8px;padding:8px 10px;background:var(--card);min-width:0}
.card.sev-critical{border-left-color:var(--critical)}.card.sev-high{border-left-color:var(--high)}
.card.sev-medium{border-left-color:var(--medium)}.card.sev-low{border-left-color:var(--low)}
.card header{display:flex;align-items:center;gap:4px 8px;flex-wrap:wrap}
.card h3{margin:0;font-size:16px;flex:1 1 auto}
.badge{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff;background:var(--info);border-radius:999px;padding:1px 8px}
.sev-critical .badge{background:var(--critical)}.sev-high .badge{background:var(--high)}.sev-medium .badge{background:var(--medium)}.sev-low .badge{background:var(--low)}
.count{font-weight:650;font-variant-numeric:tabular-nums}.count small{color:var(--muted);font-weight:400}
.headline{font-size:15px;font-weight:600;margin:6px 0 2px}
.when{color:var(--muted);margin:0 0 6px;font-size:13px}
.episodes{margin:0 0 6px;padding-left:16px;font-size:13px}
.advice{margin:6px 0}
.advice dt{font-weight:650;color:var(--muted);float:left;clear:left;margin-right:6px}
.advice dd{margin:0 0 3px}
.notes{margin:4px 0;padding-left:18px;font-size:13px}
.latency,.chips{margin:4px 0;font-size:13px}
.label{color:var(--muted);font-weight:650;margin-right:6px}
.timeout{color:var(--high);font-weight:650}
.chip{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:0 6px;margin:2px 4px 2px 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.evidence{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:4px 10px;margin-top:6px;align-items:start}
.evidence .mini:first-child{grid-column:1/-1}
.scroll{overflow-x:auto;max-width:100%;margin:6px 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:3px 6px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mini td,.mini th{font-size:12px;padding:2px 4px}
.v,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere;word-break:break-word}
.v.path>span{white-space:nowrap}
.code{font-weight:700;font-variant-numeric:tabular-nums}
.vendor{font-size:11px;border:1px solid var(--line);border-radius:999px;padding:0 6px;color:var(--muted);vertical-align:middle}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:0 14px;align-items:start}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 12px;margin:0 0 4px;padding:0;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px;background:currentColor}
.timechart{display:grid;grid-template-columns:auto minmax(0,1fr);column-gap:6px;margin:4px 0 0}
.yaxis{display:flex;flex-direction:column;justify-content:space-between;text-align:right;font-size:11px;color:var(--muted);line-height:1;height:140px}
.yaxis span:first-child{margin-top:-.4em}.yaxis span:last-child{margin-bottom:-.4em}
.plot{position:relative;height:140px}
.chart{display:block}
.chart.time{position:absolute;inset:0;width:100%;height:100%;overflow:visible}
.chart .grid{stroke:var(--grid);stroke-width:1}
.chart .tickmark{stroke:var(--muted);stroke-width:1}
.chart .marker line{stroke:var(--fg);stroke-dasharray:4 3;stroke-width:1.2}
.marks{position:absolute;inset:0;pointer-events:none}
.mark{position:absolute;margin-left:3px;font-size:11px;font-weight:600;white-space:nowrap;background:var(--card);padding:0 2px;border-radius:3px}
.mark.flip{margin:0 3px 0 0}
.xaxis{grid-column:2;position:relative;height:18px;font-size:11px;color:var(--muted)}
.tick{position:absolute;top:2px;transform:translateX(-50%);white-space:nowrap}
.codebars{display:grid;grid-template-columns:minmax(0,max-content) minmax(40px,1fr) max-content;column-gap:8px;align-items:center;margin:0 0 8px}
.codebars .bl{grid-column:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:13px;max-width:12em}
.codebars .bv{grid-column:3;font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap;text-align:right}
.codebars .chart{grid-column:2;width:100%;height:100%}
/* a malformed sample is a long line: on a phone each sample row is stacked, its text on a line of its own */
.samples thead{display:none}
.samples,.samples tbody{display:block}
.samples tr{display:block;border-bottom:1px solid var(--line);padding:3px 0}
.samples td{display:inline;border:0;padding:0 8px 0 0}
.samples td:last-child{display:block;padding:0}
.all-clear{color:var(--good);font-weight:600}
.error{color:var(--high)}
.where{white-space:nowrap}
.more,footer{color:var(--muted);font-size:12px}
footer{padding-bottom:16px}
@media (min-width:640px){
body{font-size:15px;line-height:1.5}
.page-head,main,footer{padding:0 20px}
.page-head{padding-top:24px}
h1{font-size:24px}h1 .subject{font-size:18px}h2{font-size:18px;margin-bottom:12px}
.span{margin-bottom:16px}
.tiles{grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:8px}
.tile{border-radius:10px;padding:10px 14px}.tile dt{font-size:13px}.tile .big{font-size:24px}.tile .small{font-size:12px}
section{border-radius:12px;padding:16px 20px;margin:16px 0}
.cards{gap:14px}
.card{border-left-width:6px;border-radius:10px;padding:14px 16px}
.card h3{font-size:18px}
.headline{font-size:16px;margin-top:8px}
.advice{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:8px 0}
.advice dt{float:none;margin:0}.advice dd{margin:0}
.notes,.episodes,.latency,.chips,.when{font-size:14px}
.evidence{grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:10px}
.evidence .mini:first-child{grid-column:auto}
th{font-size:13px}th,td{padding:4px 8px}
.mini td,.mini th{font-size:13px;padding:3px 6px}
.v,code{font-size:13px}
.yaxis,.plot{height:190px}
.codebars .bl{max-width:20em}
.samples{display:table}.samples tbody{display:table-row-group}.samples thead{display:table-header-group}.samples tr{display:table-row;padding:0}
.samples td,.samples td:last-child{display:table-cell;border-bottom:1px solid var(--line);padding:4px 8px}
}
@media (max-width:479px){.tick.odd{display:none}}
`;
