import { STATUS_CLASSES } from '../model/status.js';
import { BREAKDOWN_CLASSES, breakdownColumn, breakdownNote, breakdownTitle, classShare, topCodesText } from './breakdown-text.js';
import { describeFilter } from './filter-text.js';
import type { ValueCount } from '../model/counts.js';
import type { Finding } from '../model/findings.js';
import type { Report } from '../model/report.js';
import type { RenderOptions } from './table.js';
import { listLimits } from './list-limits.js';
import { markdownCode, markdownProse } from './sanitize.js';
import { baselineLines, codeVsBaseline } from './baseline-text.js';
import { topEstimateNote } from './estimate-text.js';
import {
  bytesSentText,
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
  ignoredItems,
  inferredLayoutText,
  requestCount,
  malformedGroups,
  sketchErrorTimeline,
  truncateEnd,
  truncateMiddle,
  SEVERITY_LABELS,
  episodeLines,
  noFindingsText,
  onsetWithoutEpisodes,
} from './format-values.js';

/** Long paths stay readable in a chat window; the full value is in the JSON report. */
const MAX_VALUE = 120;
const TIMELINE_COLUMNS = 72;


/**
 * The report as GitHub-flavoured Markdown, for tickets, mail and chat. Every
 * log-derived value is a code span, so that it cannot break a table, inject HTML
 * or become a link.
 */
export function renderMarkdown(report: Report, options: Pick<RenderOptions, 'top' | 'view'>): string {
  const limits = listLimits(options.view, options.top);
  const blocks =
    options.view === 'triage'
      ? [
          title('logcodes triage', report),
          findings(report, limits.evidence),
          timeline(report),
          windowComparison(report),
          codes(report, limits.codes),
          breakdownSection(report),
          malformed(report, 1),
        ]
      : [
          title('logcodes report', report),
          summary(report),
          classes(report),
          codes(report, limits.codes),
          breakdownSection(report),
          offenders(report, limits.offenders),
          findings(report, limits.evidence),
          malformed(report, 3),
        ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/** A log-derived value, first cut to a readable length, as a code span: never a link, never markup. */
function value(text: string, max = MAX_VALUE): string {
  return markdownCode(truncateMiddle(text, max));
}

/** Escapes text that came with the report; triage wording may quote log values, whose links are broken. */
function text(body: string): string {
  return markdownProse(body);
}

function table(head: readonly string[], align: readonly ('l' | 'r')[], rows: readonly string[][]): string {
  const separator = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, separator, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function title(name: string, report: Report): string {
  const parts = [
    report.span.first && report.span.last
      ? `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})`
      : 'no timestamps',
    `${formatCount(requestCount(report))} request${requestCount(report) === 1 ? '' : 's'}${reportRate(report) !== undefined ? ` (${reportRate(report)})` : ''}`,
    `5xx ${formatPercent(report.errorRates['5xx'])}`,
    `4xx ${formatPercent(report.errorRates['4xx'])}`,
  ];
  const lines = [`# ${name}`, '', parts.join(' · ')];
  if (report.filter) lines.push('', `Filter: \`${describeFilter(report.filter).replace(/`/g, "'")}\``);
  const rules = report.failedRules ?? [];
  if (rules.length > 0) lines.push('', `> **--fail-on held:** ${rules.map((rule) => text(rule)).join(', ')}`);
  return lines.join('\n');
}

function summary(report: Report): string {
  const rows: string[][] = [];
  for (const source of report.sources) {
    const detail = [source.format ? text(source.format) : undefined, `${formatCount(source.lines)} lines`]
      .filter((part) => part !== undefined)
      .join(', ');
    const error = source.error ? ` — **error:** ${text(source.error)}` : '';
    rows.push(['Source', `${value(source.name)} (${detail})${error}`]);
    for (const layout of source.inferredLayouts ?? []) rows.push(['Layout', `${text(inferredLayoutText(layout))} ${markdownCode(layout.fields.join(' '))}`]);
  }
  const formats = Object.entries(report.formats).map(([name, count]) => `${text(name)} ${formatCount(count)}`);
  if (formats.length > 0) rows.push(['Formats', formats.join(', ')]);
  const { total, parsed, malformed: bad, ignored } = report.lines;
  rows.push([
    'Lines',
    `${formatCount(total)} total, ${formatCount(parsed)} parsed${requestCount(report) !== parsed ? ` (${formatCount(requestCount(report))} in the window)` : ''}, ${formatCount(bad)} malformed, ${formatCount(ignored)} ignored`,
  ]);
  if (report.ignoredReasons.length > 0) rows.push(['Ignored', text(ignoredItems(report.ignoredReasons).join(', '))]);
  if (report.span.first && report.span.last) {
    rows.push(['Span', `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})`]);
  }
  const rate = reportRate(report);
  if (rate !== undefined) rows.push(['Request rate', rate]);
  rows.push([
    'Error rates',
    `4xx ${formatPercent(report.errorRates['4xx'])} (${formatCount(report.classes['4xx'])}), 5xx ${formatPercent(report.errorRates['5xx'])} (${formatCount(report.classes['5xx'])})`,
  ]);
  // A field the log does not carry is left out, not shown as 0 B or 0 ms.
  const bytes = bytesSentText(report);
  if (bytes !== undefined) rows.push(['Bytes sent', bytes]);
  if (report.latencyMs) rows.push(['Latency', `${latency(report.latencyMs)}${latencyCoverageText(report)}`]);
  // A list, not a two-column table: a table needs a header row, and this one would have an empty one.
  return `## Summary\n\n${rows.map(([label, text]) => `- **${label}:** ${text}`).join('\n')}`;
}

function latency(summary: NonNullable<Report['latencyMs']>): string {
  return `p50 ${formatMs(summary.p50)}, p90 ${formatMs(summary.p90)}, p99 ${formatMs(summary.p99)}, max ${formatMs(summary.max)}`;
}

function classes(report: Report): string {
  const requests = Math.max(1, requestCount(report));
  const rows = STATUS_CLASSES.filter((cls) => report.classes[cls] > 0).map((cls) => [
    cls,
    formatCount(report.classes[cls]),
    formatPercent(report.classes[cls] / requests),
  ]);
  if (rows.length === 0) return '## Status classes\n\nNo requests parsed.';
  return `## Status classes\n\n${table(['Class', 'Count', 'Share'], ['l', 'r', 'r'], rows)}`;
}

function codes(report: Report, limit: number): string {
  if (report.codes.length === 0) return '## Status codes\n\nNo requests parsed.';
  const compared = report.comparison;
  const rows = report.codes
    .slice(0, limit)
    .map((row) => [
      String(row.code),
      formatCount(row.count),
      formatPercent(row.share),
      ...(compared !== undefined ? [codeVsBaseline(compared, row.code)!] : []),
      row.vendor,
      text(row.meaning),
    ]);
  const hidden = report.codes.length - Math.min(limit, report.codes.length);
  const more = hidden > 0 ? `\n\n…and ${formatCount(hidden)} more code${hidden === 1 ? '' : 's'}.` : '';
  const headers = ['Code', 'Count', 'Share', ...(compared !== undefined ? ['vs baseline'] : []), 'Vendor', 'Meaning'];
  const aligns = ['l', 'r', 'r', ...(compared !== undefined ? ['r'] : []), 'l', 'l'];
  const against = compared !== undefined ? `\n\n${baselineLines(compared, reportRateUnit(report)).map((line) => `- ${text(line)}`).join('\n')}` : '';
  return `## Status codes\n\n${table(headers, aligns as Parameters<typeof table>[1], rows)}${more}${against}`;
}

function breakdownSection(report: Report): string {
  const breakdown = report.breakdown;
  if (!breakdown) return '';
  const rows = breakdown.rows.map((row) => [value(row.value), formatCount(row.requests), ...BREAKDOWN_CLASSES.map((cls) => classShare(row, cls)), topCodesText(row)]);
  const header = [breakdownColumn(breakdown), 'Requests', ...BREAKDOWN_CLASSES, 'Top codes'];
  const grid = rows.length > 0 ? `${table(header, ['l', 'r', 'r', 'r', 'r', 'r', 'l'], rows)}\n\n` : '';
  return `## ${breakdownTitle(breakdown)}\n\n${grid}${breakdownNote(breakdown)}`;
}

function offenders(report: Report, limit: number): string {
  const groups: Array<[string, ValueCount[]]> = [
    ['Path', report.top.paths],
    ['Host', report.top.hosts],
    ['Client', report.top.clients],
    ['Upstream', report.top.upstreams],
  ];
  const rows: string[][] = [];
  for (const [kind, entries] of groups) {
    for (const entry of entries.slice(0, limit)) rows.push([kind, value(entry.value), formatCount(entry.count)]);
  }
  if (rows.length === 0) return '';
  const estimate = topEstimateNote(report);
  return `## Top offenders (4xx and 5xx)\n\n${table(['Kind', 'Value', 'Count'], ['l', 'l', 'r'], rows)}${estimate !== undefined ? `\n\n${estimate}` : ''}`;
}

function findings(report: Report, evidenceLimit: number): string {
  if (report.triage.length === 0) return `## Findings\n\n${noFindingsText(report)}`;
  return [`## Findings (${formatCount(report.triage.length)})`, ...report.triage.map((finding) => findingBlock(finding, evidenceLimit))].join('\n\n');
}

function findingBlock(finding: Finding, limit: number): string {
  const ev = finding.evidence;
  const vendor = finding.vendor === 'standard' ? '' : ` (${finding.vendor})`;
  const lines = [
    `### ${SEVERITY_LABELS[finding.severity].toUpperCase()}: ${finding.code} ${text(finding.meaning)}${vendor} — ${formatCount(finding.count)} (${formatPercent(finding.share)})`,
    '',
    `**${text(finding.headline)}**`,
    '',
  ];
  const episodes = episodeLines(ev.episodes ?? []);
  if (episodes.length === 1) lines.push(`- **Episode:** ${episodes[0]}`);
  else if (episodes.length > 1) lines.push(`- **Episodes:**`, ...episodes.map((episode) => `  - ${episode}`));
  const when: string[] = [];
  const onset = onsetWithoutEpisodes(ev);
  if (onset) when.push(`onset ${formatTime(onset)}`);
  if (ev.firstSeen) when.push(`first seen ${formatTime(ev.firstSeen)}`);
  if (ev.lastSeen) when.push(`last seen ${formatClock(ev.lastSeen)}`);
  if (episodes.length === 0 && ev.background) when.push(`steady at ${formatPercent(ev.background.share)} of requests, no episode`);
  if (when.length > 0) lines.push(`- **Seen:** ${when.join(', ')}`);
  lines.push(`- **Cause:** ${text(finding.cause)}`);
  lines.push(`- **Look first:** ${text(finding.lookFirst)}`);
  lines.push(`- **Retry:** ${text(finding.retry)}`);
  if (ev.latencyMs) {
    const timeout = ev.timeoutMs !== undefined ? `; timeout ${formatMs(ev.timeoutMs)}` : '';
    lines.push(`- **Latency:** ${latency(ev.latencyMs)}${timeout}`);
  } else if (ev.timeoutMs !== undefined) {
    lines.push(`- **Timeout:** ${formatMs(ev.timeoutMs)}`);
  }
  for (const note of finding.notes) lines.push(`- ${text(note)}`);

  const evidence: Array<[string, ValueCount[]]> = [
    ['Path', ev.topPaths],
    ['Upstream', ev.topUpstreams],
    ['Host', ev.topHosts],
    ['Client', ev.topClients],
    ['Upstream status', ev.upstreamStatuses],
    ['Origin status', ev.originStatuses],
    ['Sub-status', ev.subStatuses],
    ['Win32 status', ev.win32Statuses],
    ...(ev.signals ?? []).map((signal): [string, ValueCount[]] => [signal.label, signal.values]),
  ];
  const rows: string[][] = [];
  for (const [kind, entries] of evidence) {
    for (const entry of entries.slice(0, limit)) rows.push([kind, value(entry.value), formatCount(entry.count)]);
  }
  if (rows.length > 0) lines.push('', table(['Evidence', 'Value', 'Count'], ['l', 'l', 'r'], rows));
  return lines.join('\n');
}

function timeline(report: Report): string {
  const sketch = sketchErrorTimeline(report, TIMELINE_COLUMNS);
  if (!sketch) return '';
  if (sketch.max === 0) return `## 5xx per ${sketch.bucketLabel}\n\nNo 5xx responses.`;
  // a code block keeps the columns aligned; its content is generated, never taken from a log line
  const body = [sketch.spark, ...(sketch.marker ? [sketch.marker] : []), ...(sketch.markerLegend ? [sketch.markerLegend] : []), sketch.axis].join('\n');
  return `## 5xx per ${sketch.bucketLabel}\n\n\`\`\`text\n${body}\n\`\`\``;
}

function windowComparison(report: Report): string {
  const window = report.window;
  if (!window) return '';
  const range = `${window.since ? formatTime(window.since) : 'start'} → ${window.until ? formatTime(window.until) : 'end'}`;
  const baseline = window.baseline;
  if (!baseline) return `## Window vs baseline\n\nWindow ${range}. No baseline: the log holds nothing before the window.`;
  const share = (count: number, of: number): string => `${formatPercent(of > 0 ? count / of : 0)} (${formatCount(count)})`;
  const rows = [
    ['Requests', formatCount(requestCount(report)), formatCount(baseline.requests)],
    ...(['2xx', '3xx', '4xx', '5xx'] as const).map((cls) => [
      `${cls} share`,
      share(report.classes[cls], requestCount(report)),
      share(baseline.classes[cls], baseline.requests),
    ]),
  ];
  return [
    '## Window vs baseline',
    '',
    `Window ${range}; baseline ${formatTime(baseline.since)} → ${formatTime(baseline.until)}.`,
    '',
    table(['', 'Window', 'Baseline'], ['l', 'r', 'r'], rows),
  ].join('\n');
}

function malformed(report: Report, samplesPerReason: number): string {
  const { malformed: count, total } = report.lines;
  if (count === 0 && report.malformedSamples.length === 0) return '';
  const lines = [
    '## Malformed lines',
    '',
    `${formatCount(count)} of ${formatCount(total)} lines (${formatPercent(count / Math.max(1, total))}) matched no format.`,
  ];
  const rows: string[][] = [];
  const groups = malformedGroups(report);
  for (const group of groups) {
    for (const sample of group.samples.slice(0, samplesPerReason)) {
      rows.push([group.code, text(sample.reason), `${value(sample.source, 60)}:${sample.line}`, value(truncateEnd(sample.text, MAX_VALUE))]);
    }
  }
  if (groups.length > 0) {
    lines.push('', groups.map((group) => `${group.code} ${formatCount(group.lines)}`).join(' · '));
  }
  if (rows.length > 0) lines.push('', table(['Code', 'Reason', 'Where', 'Sample'], ['l', 'l', 'l', 'l'], rows));
  return lines.join('\n');
}
