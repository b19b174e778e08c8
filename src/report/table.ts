import Table from 'cli-table3';
import { BREAKDOWN_CLASSES, breakdownColumn, breakdownNote, breakdownTitle, classShare, topCodesText } from './breakdown-text.js';
import { describeFilter } from './filter-text.js';
import { STATUS_CLASSES, statusClassOf } from '../model/status.js';
import type { ValueCount } from '../model/counts.js';
import type { Finding } from '../model/findings.js';
import type { Report, SourceSummary } from '../model/report.js';
import { escapeControls } from './sanitize.js';
import { createStyle, visibleWidth, type Style } from './style.js';
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
  truncatePath,
  truncateStart,
  wrapItems,
  wrapText,
  SEVERITY_LABELS,
  episodeLines,
  noFindingsText,
  onsetWithoutEpisodes,
} from './format-values.js';
import { listLimits, type ListLimits } from './list-limits.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal columns; every line of the output fits in it. */
  width: number;
  /** --top as given: rows per ranked list (codes, offenders, evidence); undefined keeps each view's own lengths. */
  top?: number;
  view: 'report' | 'triage';
}

const MIN_WIDTH = 40;
const INDENT = '  ';
const LABEL_WIDTH = 14;

interface Context {
  style: Style;
  width: number;
  limits: ListLimits;
}

/** The report for a terminal: sections of short lines and narrow tables, no line wider than `width`. */
export function renderTable(report: Report, options: RenderOptions): string {
  const ctx: Context = {
    style: createStyle(options.color),
    width: Math.max(MIN_WIDTH, Math.floor(options.width) || 80),
    // A terminal has room for three of each finding's lists.
    limits: listLimits(options.view, options.top, 3),
  };
  const blocks = options.view === 'triage' ? triageBlocks(report, ctx) : reportBlocks(report, ctx);
  return `${blocks.filter((block) => block.length > 0).map((block) => block.join('\n')).join('\n\n')}\n`;
}

function reportBlocks(report: Report, ctx: Context): string[][] {
  return [
    title('logcodes report', report, ctx),
    filterLine(report, ctx),
    failedRules(report, ctx),
    summary(report, ctx),
    classesBlock(report, ctx),
    codesBlock(report, ctx),
    breakdownBlock(report, ctx),
    offendersBlock(report, ctx),
    findingsBlock(report, ctx),
    malformedBlock(report, ctx),
  ];
}

function triageBlocks(report: Report, ctx: Context): string[][] {
  return [
    title('logcodes triage', report, ctx),
    filterLine(report, ctx),
    failedRules(report, ctx),
    triageHeadline(report, ctx),
    findingsBlock(report, ctx),
    timelineBlock(report, ctx),
    windowBlock(report, ctx),
    codesBlock(report, ctx),
    breakdownBlock(report, ctx),
    malformedBlock(report, ctx, 1),
  ];
}

/** Every string that came from a log line goes through here before it is printed. */
function safe(text: string): string {
  return escapeControls(text);
}

function heading(text: string, ctx: Context): string {
  const label = ` ${text} `;
  const rule = '─'.repeat(Math.max(0, ctx.width - visibleWidth(label) - 2));
  return `${ctx.style.dim('──')}${ctx.style.bold(label)}${ctx.style.dim(rule)}`;
}

/** A label in a fixed column followed by wrapped text. */
function labelled(label: string, text: string | readonly string[], ctx: Context, paint: (s: string) => string = (s) => s): string[] {
  const textWidth = ctx.width - INDENT.length - LABEL_WIDTH;
  const wrapped = typeof text === 'string' ? wrapText(text, textWidth) : wrapItems(text, textWidth);
  return wrapped.map((line, i) => {
    const head = i === 0 ? ctx.style.dim(label.padEnd(LABEL_WIDTH)) : ' '.repeat(LABEL_WIDTH);
    return `${INDENT}${head}${paint(line)}`;
  });
}

/** Indented, wrapped plain text. */
function paragraph(text: string, ctx: Context, paint: (s: string) => string = (s) => s): string[] {
  return wrapText(text, ctx.width - INDENT.length).map((line) => `${INDENT}${paint(line)}`);
}

function title(name: string, report: Report, ctx: Context): string[] {
  const span =
    report.span.first && report.span.last
      ? `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})`
      : 'no timestamps';
  const line = `${name} · ${span}`;
  return [ctx.style.bold(truncateEnd(line, ctx.width))];
}

function filterLine(report: Report, ctx: Context): string[] {
  return report.filter ? wrapText(`Filter: ${describeFilter(report.filter)}`, ctx.width) : [];
}

function failedRules(report: Report, ctx: Context): string[] {
  const rules = report.failedRules ?? [];
  if (rules.length === 0) return [];
  return wrapText(`--fail-on held: ${rules.map(safe).join(', ')}`, ctx.width).map((l) => ctx.style.severity('high')(l));
}

function summary(report: Report, ctx: Context): string[] {
  const lines = [heading('Summary', ctx)];
  const sources: SourceSummary[] = report.sources.length === 0 ? [{ name: '-', lines: report.lines.total }] : report.sources;
  sources.forEach((source, i) => {
    const detail = [source.format ? safe(source.format) : undefined, `${formatCount(source.lines)} lines`]
      .filter((part) => part !== undefined)
      .join(', ');
    const error = source.error ? ` — error: ${safe(source.error)}` : '';
    const nameWidth = Math.max(8, ctx.width - INDENT.length - LABEL_WIDTH - visibleWidth(detail) - 3);
    const text = `${truncatePath(safe(source.name), nameWidth)} (${detail})${error}`;
    lines.push(...labelled(i === 0 ? (sources.length > 1 ? 'Sources' : 'Source') : '', text, ctx));
    for (const layout of source.inferredLayouts ?? []) {
      lines.push(...labelled('Layout', safe(`${inferredLayoutText(layout)} ${layout.fields.join(' ')}`), ctx));
    }
  });
  const formats = Object.entries(report.formats).map(([name, count]) => `${safe(name)} ${formatCount(count)}`);
  if (formats.length > 0) lines.push(...labelled('Formats', formats, ctx));
  const { total, parsed, malformed, ignored } = report.lines;
  lines.push(
    ...labelled(
      'Lines',
      [
        `${formatCount(total)} total`,
        `${formatCount(parsed)} parsed${requestCount(report) !== parsed ? ` (${formatCount(requestCount(report))} in the window)` : ''}`,
        `${formatCount(malformed)} malformed`,
        `${formatCount(ignored)} ignored`,
      ],
      ctx,
    ),
  );
  if (report.ignoredReasons.length > 0) lines.push(...labelled('Ignored', ignoredItems(report.ignoredReasons), ctx));
  if (report.span.first && report.span.last) {
    lines.push(...labelled('Span', `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})`, ctx));
  }
  const rate = reportRate(report);
  if (rate !== undefined) lines.push(...labelled('Rate', rate, ctx));
  lines.push(
    ...labelled(
      'Errors',
      [
        `4xx ${formatPercent(report.errorRates['4xx'])} (${formatCount(report.classes['4xx'])})`,
        `5xx ${formatPercent(report.errorRates['5xx'])} (${formatCount(report.classes['5xx'])})`,
      ],
      ctx,
    ),
  );
  // A field the log does not carry is left out, not shown as 0 B or 0 ms.
  const bytes = bytesSentText(report);
  if (bytes !== undefined) lines.push(...labelled('Bytes sent', bytes, ctx));
  if (report.latencyMs) lines.push(...labelled('Latency', [...latencyItems(report.latencyMs), latencyCoverageText(report).trim()].filter((item) => item !== ''), ctx));
  return lines;
}

function latencyItems(latency: NonNullable<Report['latencyMs']>): string[] {
  return [`p50 ${formatMs(latency.p50)}`, `p90 ${formatMs(latency.p90)}`, `p99 ${formatMs(latency.p99)}`, `max ${formatMs(latency.max)}`];
}

interface Column {
  header: string;
  align?: 'left' | 'right';
  /** How an over-long cell is shortened; 'none' columns never shrink. */
  shrink?: 'end' | 'middle' | 'none';
}

interface Cell {
  text: string;
  paint?: (text: string) => string;
}

/**
 * A cli-table3 grid sized to the terminal: columns take their natural width,
 * and when that is too wide the widest shrinkable columns give way first.
 * Cells are cut to size before colouring so that no escape code is ever split.
 */
function grid(columns: readonly Column[], rows: readonly Cell[][], ctx: Context): string[] {
  const natural = columns.map((column, i) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[i]?.text ?? ''))),
  );
  // each column has one space of padding either side, plus one border per column and one closing border
  const available = ctx.width - columns.length * 3 - 1;
  const widths = [...natural];
  const shrinkable = columns.map((column) => column.shrink !== 'none');
  let excess = widths.reduce((sum, w) => sum + w, 0) - available;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i += 1) {
      if (!shrinkable[i] || (widths[i] ?? 0) <= 4) continue;
      if (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    }
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  const fit = (text: string, i: number): string => {
    const width = widths[i] ?? 0;
    return columns[i]?.shrink === 'middle' ? truncateMiddle(text, width) : truncateEnd(text, width);
  };
  const table = new Table({
    head: columns.map((column, i) => ctx.style.bold(fit(column.header, i))),
    colWidths: widths.map((w) => w + 2),
    colAligns: columns.map((column) => column.align ?? 'left'),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1, compact: true },
  });
  for (const row of rows) {
    table.push(
      row.map((cell, i) => {
        const text = fit(cell.text, i);
        return cell.paint ? cell.paint(text) : text;
      }),
    );
  }
  return table.toString().split('\n');
}

function classesBlock(report: Report, ctx: Context): string[] {
  const requests = Math.max(1, requestCount(report));
  const present = STATUS_CLASSES.filter((cls) => report.classes[cls] > 0 || cls === '2xx' || cls === '4xx' || cls === '5xx');
  const countWidth = Math.max(5, ...present.map((cls) => formatCount(report.classes[cls]).length));
  const barWidth = Math.max(4, ctx.width - 4 * 3 - 1 - 5 - countWidth - 6);
  const rows = present.map((cls): Cell[] => {
    const share = report.classes[cls] / requests;
    const bar = share > 0 ? '█'.repeat(Math.max(1, Math.round(share * barWidth))) : '';
    const paint = ctx.style.statusClass(cls);
    return [{ text: cls, paint }, { text: formatCount(report.classes[cls]) }, { text: formatPercent(share) }, { text: bar, paint }];
  });
  return [
    heading('Status classes', ctx),
    ...grid(
      [
        { header: 'Class', shrink: 'none' },
        { header: 'Count', align: 'right', shrink: 'none' },
        { header: 'Share', align: 'right', shrink: 'none' },
        { header: '', shrink: 'end' },
      ],
      rows,
      ctx,
    ),
  ];
}

function codesBlock(report: Report, ctx: Context): string[] {
  if (report.codes.length === 0) return [heading('Status codes', ctx), `${INDENT}No requests parsed.`];
  const shown = report.codes.slice(0, ctx.limits.codes);
  const rows = shown.map((row): Cell[] => [
    { text: String(row.code), paint: ctx.style.statusClass(row.class) },
    { text: formatCount(row.count) },
    { text: formatPercent(row.share) },
    ...(report.comparison !== undefined ? [{ text: codeVsBaseline(report.comparison, row.code)! }] : []),
    { text: row.vendor },
    { text: safe(row.meaning) },
  ]);
  const lines = [
    heading('Status codes', ctx),
    ...grid(
      [
        { header: 'Code', shrink: 'none' },
        { header: 'Count', align: 'right', shrink: 'none' },
        { header: 'Share', align: 'right', shrink: 'none' },
        ...(report.comparison !== undefined ? [{ header: 'vs baseline', align: 'right', shrink: 'none' } as const] : []),
        { header: 'Vendor', shrink: 'end' },
        { header: 'Meaning', shrink: 'end' },
      ],
      rows,
      ctx,
    ),
  ];
  const hidden = report.codes.length - shown.length;
  if (hidden > 0) lines.push(...paragraph(`… and ${formatCount(hidden)} more code${hidden === 1 ? '' : 's'} (--top to show more)`, ctx));
  if (report.comparison !== undefined) for (const line of baselineLines(report.comparison, reportRateUnit(report))) lines.push(...paragraph(safe(line), ctx));
  return lines;
}

function breakdownBlock(report: Report, ctx: Context): string[] {
  const breakdown = report.breakdown;
  if (!breakdown) return [];
  const rows = breakdown.rows.map((row): Cell[] => [
    { text: safe(row.value) },
    { text: formatCount(row.requests) },
    ...BREAKDOWN_CLASSES.map((cls) => ({ text: classShare(row, cls), paint: row.classes[cls] > 0 ? ctx.style.statusClass(cls) : undefined })),
    { text: topCodesText(row) },
  ]);
  const columns: Column[] = [
    { header: breakdownColumn(breakdown), shrink: 'middle' },
    { header: 'Requests', align: 'right', shrink: 'none' },
    ...BREAKDOWN_CLASSES.map((cls): Column => ({ header: cls, align: 'right', shrink: 'none' })),
    { header: 'Top codes', shrink: 'end' },
  ];
  return [heading(breakdownTitle(breakdown), ctx), ...(rows.length > 0 ? grid(columns, rows, ctx) : []), ...paragraph(breakdownNote(breakdown), ctx)];
}

function offendersBlock(report: Report, ctx: Context): string[] {
  const groups: Array<[string, ValueCount[]]> = [
    ['Path', report.top.paths],
    ['Host', report.top.hosts],
    ['Client', report.top.clients],
    ['Upstream', report.top.upstreams],
  ];
  const rows: Cell[][] = [];
  for (const [kind, values] of groups) {
    values.slice(0, ctx.limits.offenders).forEach((entry, i) => {
      rows.push([{ text: i === 0 ? kind : '', paint: ctx.style.dim }, { text: formatCount(entry.count) }, { text: safe(entry.value) }]);
    });
  }
  if (rows.length === 0) return [];
  const estimate = topEstimateNote(report);
  return [
    heading('Top offenders (4xx and 5xx)', ctx),
    ...grid(
      [
        { header: '', shrink: 'none' },
        { header: 'Count', align: 'right', shrink: 'none' },
        { header: 'Value', shrink: 'middle' },
      ],
      rows,
      ctx,
    ),
    ...(estimate !== undefined ? paragraph(estimate, ctx) : []),
  ];
}


function findingsBlock(report: Report, ctx: Context): string[] {
  const lines = [heading(`Findings (${formatCount(report.triage.length)})`, ctx)];
  if (report.triage.length === 0) {
    lines.push(...paragraph(noFindingsText(report), ctx, requestCount(report) === 0 ? ctx.style.dim : ctx.style.statusClass('2xx')));
    return lines;
  }
  report.triage.forEach((finding, i) => {
    if (i > 0) lines.push('');
    lines.push(...findingLines(finding, ctx));
  });
  return lines;
}

function findingLines(finding: Finding, ctx: Context): string[] {
  const { style } = ctx;
  const paint = style.severity(finding.severity);
  const vendor = finding.vendor === 'standard' ? '' : ` (${finding.vendor})`;
  const badge = `[${SEVERITY_LABELS[finding.severity].toUpperCase()}]`;
  const head = `${finding.code} ${safe(finding.meaning)}${vendor}`;
  const tally = `${formatCount(finding.count)} · ${formatPercent(finding.share)}`;
  const headRoom = ctx.width - visibleWidth(badge) - visibleWidth(tally) - 3;
  const lines = [
    `${paint(badge)} ${style.bold(style.statusClass(statusClassOf(finding.code))(truncateEnd(head, Math.max(8, headRoom))))}  ${tally}`,
  ];
  for (const line of wrapText(safe(finding.headline), ctx.width - INDENT.length)) lines.push(`${INDENT}${style.bold(line)}`);

  const ev = finding.evidence;
  const episodes = episodeLines(ev.episodes ?? []);
  for (const [i, episode] of episodes.entries()) lines.push(...labelled(i === 0 ? (episodes.length > 1 ? 'Episodes' : 'Episode') : '', episode, ctx));
  const when: string[] = [];
  const onset = onsetWithoutEpisodes(ev);
  if (onset) when.push(`onset ${formatTime(onset)}`);
  if (ev.firstSeen) when.push(`first ${formatTime(ev.firstSeen)}`);
  if (ev.lastSeen) when.push(`last ${formatClock(ev.lastSeen)}`);
  if (episodes.length === 0 && ev.background) when.push(`steady at ${formatPercent(ev.background.share)} of requests`);
  if (when.length > 0) lines.push(...labelled('Seen', when, ctx));
  lines.push(...labelled('Cause', safe(finding.cause), ctx));
  lines.push(...labelled('Look first', safe(finding.lookFirst), ctx));
  lines.push(...labelled('Retry', safe(finding.retry), ctx));
  for (const [i, note] of finding.notes.entries()) lines.push(...labelled(i === 0 ? 'Notes' : '', `• ${safe(note)}`, ctx));

  const limit = ctx.limits.evidence;
  lines.push(...rankedLines('Paths', ev.topPaths, limit, ctx));
  lines.push(...rankedLines('Upstreams', ev.topUpstreams, limit, ctx));
  lines.push(...rankedLines('Hosts', ev.topHosts, limit, ctx));
  lines.push(...rankedLines('Clients', ev.topClients, limit, ctx));
  lines.push(...inlineCounts('Upstream st.', ev.upstreamStatuses, ctx));
  lines.push(...inlineCounts('Origin st.', ev.originStatuses, ctx));
  lines.push(...inlineCounts('Sub-status', ev.subStatuses, ctx));
  lines.push(...inlineCounts('Win32 st.', ev.win32Statuses, ctx));
  for (const signal of ev.signals ?? []) lines.push(...inlineCounts(signal.label, signal.values, ctx));
  if (ev.latencyMs) {
    const timeout = ev.timeoutMs !== undefined ? [`timeout ${formatMs(ev.timeoutMs)}`] : [];
    lines.push(...labelled('Latency', [...latencyItems(ev.latencyMs), ...timeout], ctx));
  } else if (ev.timeoutMs !== undefined) {
    lines.push(...labelled('Timeout', formatMs(ev.timeoutMs), ctx));
  }
  return lines;
}

/** One value per line, count first, long values cut in the middle. */
function rankedLines(label: string, values: readonly ValueCount[], limit: number, ctx: Context): string[] {
  const shown = values.slice(0, limit);
  if (shown.length === 0) return [];
  const countWidth = Math.max(...shown.map((entry) => formatCount(entry.count).length));
  const valueWidth = ctx.width - INDENT.length - LABEL_WIDTH - countWidth - 2;
  return shown.map((entry, i) => {
    const head = i === 0 ? ctx.style.dim(label.padEnd(LABEL_WIDTH)) : ' '.repeat(LABEL_WIDTH);
    return `${INDENT}${head}${formatCount(entry.count).padStart(countWidth)}  ${truncateMiddle(safe(entry.value), valueWidth)}`;
  });
}

function inlineCounts(label: string, values: readonly ValueCount[], ctx: Context): string[] {
  if (values.length === 0) return [];
  const items = values.slice(0, ctx.limits.offenders).map((entry) => `${truncateMiddle(safe(entry.value), 30)} ×${formatCount(entry.count)}`);
  return labelled(label, items, ctx);
}

function malformedBlock(report: Report, ctx: Context, samplesPerReason = 3): string[] {
  const { malformed, total } = report.lines;
  if (malformed === 0 && report.malformedSamples.length === 0) return [];
  const lines = [heading('Malformed lines', ctx)];
  lines.push(...paragraph(`${formatCount(malformed)} of ${formatCount(total)} lines (${formatPercent(malformed / Math.max(1, total))}) matched no format.`, ctx));
  for (const group of malformedGroups(report)) {
    const shown = group.samples.slice(0, samplesPerReason);
    const details = [...new Set(shown.map((sample) => sample.reason))].join('; ');
    const count = `${formatCount(group.lines)} line${group.lines === 1 ? '' : 's'}`;
    lines.push(...labelled('Reason', `${group.code} (${count})${details === '' ? '' : `: ${safe(details)}`}`, ctx));
    for (const sample of shown) {
      const lead = `${INDENT}${' '.repeat(LABEL_WIDTH)}`;
      const textWidth = ctx.width - lead.length;
      const where = `${truncateStart(safe(sample.source), Math.min(24, textWidth - 8))}:${sample.line}`;
      const room = textWidth - visibleWidth(where) - 2;
      // on a narrow terminal the sample gets a line of its own rather than a few characters
      if (room >= 20) lines.push(`${lead}${ctx.style.dim(where)}  ${truncateEnd(safe(sample.text), room)}`);
      else lines.push(`${lead}${ctx.style.dim(where)}`, `${lead}${truncateEnd(safe(sample.text), textWidth)}`);
    }
  }
  return lines;
}

function triageHeadline(report: Report, ctx: Context): string[] {
  const rate = reportRate(report);
  const text = [
    `${formatCount(requestCount(report))} requests`,
    ...(rate !== undefined ? [rate] : []),
    `5xx ${formatPercent(report.errorRates['5xx'])} (${formatCount(report.classes['5xx'])})`,
    `4xx ${formatPercent(report.errorRates['4xx'])} (${formatCount(report.classes['4xx'])})`,
  ].join(' · ');
  return wrapText(text, ctx.width);
}

function timelineBlock(report: Report, ctx: Context): string[] {
  const sketch = sketchErrorTimeline(report, ctx.width - INDENT.length);
  if (!sketch) return [];
  const lines = [heading(`5xx per ${sketch.bucketLabel}`, ctx)];
  if (sketch.max === 0) {
    lines.push(...paragraph(`No 5xx responses in ${formatCount(report.timeline.buckets.length)} buckets.`, ctx));
    return lines;
  }
  lines.push(`${INDENT}${ctx.style.statusClass('5xx')(sketch.spark)}`);
  if (sketch.marker) lines.push(`${INDENT}${sketch.marker}`);
  if (sketch.markerLegend) lines.push(`${INDENT}${sketch.markerLegend}`);
  lines.push(`${INDENT}${ctx.style.dim(sketch.axis)}`);
  return lines;
}

function windowBlock(report: Report, ctx: Context): string[] {
  const window = report.window;
  if (!window) return [];
  const lines = [heading('Window vs baseline', ctx)];
  const range = [window.since ? formatTime(window.since) : 'start', window.until ? formatTime(window.until) : 'end'].join(' → ');
  lines.push(...labelled('Window', range, ctx));
  const baseline = window.baseline;
  if (!baseline) {
    lines.push(...paragraph('No baseline: the log holds nothing before the window.', ctx));
    return lines;
  }
  lines.push(...labelled('Baseline', `${formatTime(baseline.since)} → ${formatTime(baseline.until)}`, ctx));
  const windowRequests = requestCount(report);
  const share = (count: number, of: number): number => (of > 0 ? count / of : 0);
  const rows: Cell[][] = [
    [{ text: 'requests' }, { text: formatCount(windowRequests) }, { text: formatCount(baseline.requests) }],
    ...(['2xx', '3xx', '4xx', '5xx'] as const).map((cls): Cell[] => [
      { text: `${cls} share`, paint: ctx.style.statusClass(cls) },
      { text: `${formatPercent(share(report.classes[cls], windowRequests))} (${formatCount(report.classes[cls])})` },
      { text: `${formatPercent(share(baseline.classes[cls], baseline.requests))} (${formatCount(baseline.classes[cls])})` },
    ]),
  ];
  lines.push(
    ...grid(
      [
        { header: '', shrink: 'none' },
        { header: 'Window', align: 'right', shrink: 'end' },
        { header: 'Baseline', align: 'right', shrink: 'end' },
      ],
      rows,
      ctx,
    ),
  );
  return lines;
}
