import { STATUS_CLASSES, statusClassOf, type CodeVendor } from '../model/status.js';
import { filterOptionsText } from './filter-text.js';
import type { ClassCounts } from '../model/counts.js';
import type { Finding } from '../model/findings.js';
import type { Report } from '../model/report.js';
import type { LiveWindowSnapshot } from '../tally/live-window.js';
import { escapeControls } from './sanitize.js';
import { createStyle, visibleWidth, type Style } from './style.js';
import { formatCount, formatDuration, formatPercent, formatRate, formatSparkline, rateUnitFor, truncateEnd, type RateUnit } from './format-values.js';
import { headlineText } from './phrase-text.js';

/** One status code row of the live view; the meaning comes from the code registry, vendor-aware. */
export interface LiveCodeRow {
  code: number;
  count: number;
  vendor: CodeVendor;
  meaning: string;
}

/** A current 5xx (or server-side signal) finding, reduced to what fits on a live screen. */
export interface LiveFinding
  extends Pick<Finding, 'code' | 'vendor' | 'meaning' | 'severity' | 'count' | 'share' | 'headline' | 'lookFirst' | 'retry'> {
  /**
   * 'ongoing': its latest episode is still elevated and the code is arriving now; 'ended': its
   * latest episode is over; 'steady': a level with no episode.
   */
  state: 'ongoing' | 'ended' | 'steady';
  /** Clock time (HH:MM) the latest episode ended, when it has. */
  endedAt?: string;
  /** Clock time (HH:MM:SS) of the latest record with this code. */
  lastSeen?: string;
}

/** Everything the live view shows, as plain data: from the live window (rates) and the report (meanings, findings). */
export interface LiveViewState {
  /** Source names (a path, or 'stdin'). */
  sources: string[];
  formats: string[];
  elapsedSeconds: number;
  lines: { total: number; parsed: number; malformed: number; ignored: number };
  requests: number;
  /** Averaged over the last few seconds. */
  requestsPerSecondNow: number;
  requestsPerSecondOverall: number;
  /** The one unit of the view's rates, the findings' included: by the whole run's rate. */
  rateUnit: RateUnit;
  classesLastMinute: ClassCounts;
  classesOverall: ClassCounts;
  topCodesLastMinute: LiveCodeRow[];
  topCodesOverall: LiveCodeRow[];
  findings: LiveFinding[];
  /** Findings left out of `findings` for room. */
  moreFindings: number;
  /** 5xx per second, oldest first, the last entry being the current second. */
  serverErrorsPerSecond: number[];
  /** A state change worth showing, e.g. a followed file being rotated or missing. */
  notice?: string;
  /** The filter options applied, as typed (--status 5xx); every figure is of the records they keep. */
  filter?: string;
}

/** Most findings the live view lists. */
const LIVE_FINDINGS = 3;

/**
 * Whether a finding is happening now. Its latest episode must still be elevated at the last record
 * and its code must be arriving in the live window's last minute: a stream that went quiet has no
 * ongoing incident to show, only one that ended.
 */
function liveState(finding: Report['triage'][number], arrivingNow: boolean): Pick<LiveFinding, 'state' | 'endedAt'> {
  const episodes = finding.evidence.episodes ?? [];
  const latest = episodes[episodes.length - 1];
  if (latest === undefined) return { state: 'steady' };
  if (latest.ongoing && arrivingNow) return { state: 'ongoing' };
  const end = latest.ongoing && finding.evidence.lastSeen !== undefined ? finding.evidence.lastSeen : latest.end;
  return { state: 'ended', endedAt: end.slice(11, 16) };
}

/** The live view's data: rates and mixes from the window (fresh each frame), meanings and findings from the report. */
export function liveViewState(
  snapshot: LiveWindowSnapshot,
  report: Report,
  inputs: readonly { name: string; lines: number }[],
  notice?: string,
): LiveViewState {
  const meanings = new Map(report.codes.map((row) => [row.code, row]));
  const withMeaning = (rows: readonly { code: number; count: number }[]): LiveCodeRow[] =>
    rows.map(({ code, count }) => {
      const known = meanings.get(code);
      return { code, count, vendor: known?.vendor ?? 'standard', meaning: known?.meaning ?? '' };
    });
  // The live view is about the present: ongoing findings first, then those that ended, then steady levels.
  const recentCodes = new Set(snapshot.lastMinute.codes.map((row) => row.code));
  const rateUnit = rateUnitFor(snapshot.overall.perSecond);
  const rank = { ongoing: 0, ended: 1, steady: 2 } as const;
  const described = report.triage.map((f, order) => ({ f, order, ...liveState(f, recentCodes.has(f.code)) }));
  described.sort((a, b) => rank[a.state] - rank[b.state] || a.order - b.order);
  const findings: LiveFinding[] = described.slice(0, LIVE_FINDINGS).map(({ f, state, endedAt }) => {
    const finding: LiveFinding = {
      code: f.code,
      vendor: f.vendor,
      meaning: f.meaning,
      severity: f.severity,
      count: f.count,
      share: f.share,
      // Worded again in the view's rate unit, which follows the run's pace rather than the log's.
      headline: headlineText(f, rateUnit),
      lookFirst: f.lookFirst,
      retry: f.retry,
      state,
    };
    if (endedAt !== undefined) finding.endedAt = endedAt;
    if (f.evidence.lastSeen !== undefined) finding.lastSeen = f.evidence.lastSeen.slice(11, 19);
    return finding;
  });
  const formats = Object.entries(report.formats)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  const total = inputs.reduce((sum, input) => sum + input.lines, 0);
  const state: LiveViewState = {
    sources: inputs.map((input) => input.name),
    formats,
    elapsedSeconds: (snapshot.at - snapshot.startedAt) / 1000,
    lines: { total, parsed: snapshot.overall.requests, malformed: report.lines.malformed, ignored: report.lines.ignored },
    requests: snapshot.overall.requests,
    requestsPerSecondNow: snapshot.recent.perSecond,
    requestsPerSecondOverall: snapshot.overall.perSecond,
    rateUnit,
    classesLastMinute: snapshot.lastMinute.classes,
    classesOverall: snapshot.overall.classes,
    topCodesLastMinute: withMeaning(snapshot.lastMinute.codes),
    topCodesOverall: withMeaning(snapshot.overall.codes),
    findings,
    moreFindings: Math.max(0, report.triage.length - findings.length),
    serverErrorsPerSecond: snapshot.serverErrorsPerSecond,
  };
  if (notice) state.notice = notice;
  if (report.filter) state.filter = filterOptionsText(report.filter);
  return state;
}

export interface ScreenSize {
  columns: number;
  rows: number;
}

interface Segment {
  text: string;
  paint?: (text: string) => string;
}

/** A screen line and how readily it is given up when rows are short (0 = kept longest). */
interface Row {
  segments: Segment[];
  priority: number;
}

const TOP_CODES = 5;
const CODE_COLUMN_MIN_WIDTH = 34;
const LABEL_WIDTH = 10;
/** Wide enough for 99,999,999 before the column shifts. */
const COUNT_WIDTH = 10;

/**
 * The live terminal view as lines: each fits `columns`, there are never more
 * than `rows`, and without colour there is no escape sequence at all. When
 * rows are short the least urgent lines go first (whole-run details before the
 * current 5xx picture). Every string from the state is sanitized, since paths
 * and headlines can carry bytes from the log.
 */
export function renderLiveView(state: LiveViewState, size: ScreenSize, color: boolean): string[] {
  const columns = Math.floor(size.columns);
  const maxRows = Math.floor(size.rows);
  if (columns <= 0 || maxRows <= 0) return [];
  const style = createStyle(color);
  const rows: Row[] = [
    headerRow(state, style),
    requestsRow(state, style),
    classRow('Last min', state.classesLastMinute, style, 1),
    classRow('Whole run', state.classesOverall, style, 4),
    sparklineRow(state.serverErrorsPerSecond, columns, style),
    ...codeRows(state, columns, style),
    ...findingRows(state.findings, state.moreFindings, style),
  ];
  if (state.notice) rows.push({ segments: [{ text: `! ${state.notice}`, paint: style.bold }], priority: 0 });
  return fitRows(rows, maxRows).map((row) => fitLine(row.segments, columns));
}

function headerRow(state: LiveViewState, style: Style): Row {
  const parts = ['logcodes live'];
  if (state.sources.length > 0) parts.push(state.sources.join(', '));
  if (state.formats.length > 0) parts.push(state.formats.join(', '));
  if (state.filter) parts.push(state.filter);
  parts.push(formatDuration(state.elapsedSeconds));
  return {
    segments: [{ text: parts.join(' · '), paint: style.bold }, { text: '  Ctrl-C: final report', paint: style.dim }],
    priority: 0,
  };
}

function requestsRow(state: LiveViewState, style: Style): Row {
  const segments: Segment[] = [
    { text: pad('Requests', LABEL_WIDTH) },
    { text: `now ${formatRate(state.requestsPerSecondNow, state.rateUnit)}`, paint: style.bold },
    { text: ` · run ${formatRate(state.requestsPerSecondOverall, state.rateUnit)} · ${formatCount(state.requests)} total` },
  ];
  if (state.lines.malformed > 0) segments.push({ text: ` · ${formatCount(state.lines.malformed)} malformed`, paint: style.dim });
  return { segments, priority: 0 };
}

function classRow(label: string, classes: ClassCounts, style: Style, priority: number): Row {
  const total = STATUS_CLASSES.reduce((sum, cls) => sum + classes[cls], 0);
  const segments: Segment[] = [{ text: pad(label, LABEL_WIDTH) }];
  if (total === 0) {
    segments.push({ text: 'no requests', paint: style.dim });
    return { segments, priority };
  }
  for (const cls of STATUS_CLASSES) {
    // 1xx and unparseable statuses are rare: shown only when present.
    if ((cls === '1xx' || cls === 'other') && classes[cls] === 0) continue;
    segments.push({ text: `${cls} ${formatPercent(classes[cls] / total)}`, paint: style.statusClass(cls) }, { text: '  ' });
  }
  return { segments, priority };
}

function sparklineRow(series: readonly number[], columns: number, style: Style): Row {
  // One bar per second: the bars are counts, not rates, so the view's rate unit stays the only one.
  const label = pad('5xx', LABEL_WIDTH);
  // Room for the suffix at its widest (the whole series' peak and length), so it is never cut.
  const widest = suffix(Math.max(0, ...series), series.length);
  const room = Math.max(1, columns - LABEL_WIDTH - widest.length);
  const shown = series.slice(Math.max(0, series.length - room));
  const peak = Math.max(0, ...shown);
  const spark = formatSparkline(shown);
  return {
    segments: [
      { text: label },
      { text: spark, paint: peak > 0 ? style.statusClass('5xx') : style.dim },
      { text: suffix(peak, shown.length), paint: style.dim },
    ],
    priority: 1,
  };
}

function suffix(peak: number, seconds: number): string {
  return `  peak ${formatCount(peak)} in 1 s, last ${formatDuration(seconds)}`;
}

function codeCell(row: LiveCodeRow, width: number, style: Style): Segment[] {
  // A space always separates code and count, however large the count grows.
  const count = ` ${formatCount(row.count).padStart(COUNT_WIDTH)}`;
  const meaning = row.vendor === 'standard' ? row.meaning : `${row.meaning} (${row.vendor})`;
  const room = Math.max(0, width - 3 - count.length - 2);
  const text = truncateEnd(escapeControls(meaning), room);
  return [
    { text: String(row.code).padStart(3), paint: style.statusClass(statusClassOf(row.code)) },
    { text: `${count}  ${text}${' '.repeat(Math.max(0, room - visibleWidth(text)))}` },
  ];
}

function codeRows(state: LiveViewState, columns: number, style: Style): Row[] {
  const recent = state.topCodesLastMinute.slice(0, TOP_CODES);
  const overall = state.topCodesOverall.slice(0, TOP_CODES);
  if (recent.length === 0 && overall.length === 0) return [];
  const rows: Row[] = [{ segments: [{ text: '' }], priority: 3 }];
  const sideBySide = columns >= CODE_COLUMN_MIN_WIDTH * 2 + 3;
  if (sideBySide) {
    const width = Math.floor((columns - 3) / 2);
    rows.push({
      segments: [
        { text: pad('Top codes, last minute', width), paint: style.bold },
        { text: ' │ ' },
        { text: 'whole run', paint: style.bold },
      ],
      priority: 2,
    });
    const count = Math.max(recent.length, overall.length);
    for (let i = 0; i < count; i++) {
      const left = recent[i];
      const right = overall[i];
      rows.push({
        segments: [
          ...(left ? codeCell(left, width, style) : [{ text: ' '.repeat(width) }]),
          { text: ' │ ' },
          ...(right ? codeCell(right, width, style) : []),
        ],
        // The top rows matter most; later ones give way first.
        priority: 2 + i,
      });
    }
    return rows;
  }
  rows.push({ segments: [{ text: 'Top codes, last minute', paint: style.bold }], priority: 2 });
  for (const [i, row] of recent.entries()) rows.push({ segments: codeCell(row, columns, style), priority: 2 + i });
  if (overall.length > 0) {
    rows.push({ segments: [{ text: 'Top codes, whole run', paint: style.bold }], priority: 5 });
    for (const [i, row] of overall.entries()) rows.push({ segments: codeCell(row, columns, style), priority: 5 + i });
  }
  return rows;
}

/** `ongoing · `, `ended 13:44, last seen 13:44:31 · `, `steady · `: what the finding is doing now. */
function findingState(finding: LiveFinding, style: Style): Segment {
  if (finding.state === 'ongoing') return { text: 'ongoing · ', paint: style.severity(finding.severity) };
  const last = finding.lastSeen !== undefined ? `, last seen ${finding.lastSeen}` : '';
  if (finding.state === 'ended') return { text: `ended ${finding.endedAt ?? ''}${last} · `, paint: style.dim };
  return { text: `steady${last} · `, paint: style.dim };
}

function findingRows(findings: readonly LiveFinding[], more: number, style: Style): Row[] {
  if (findings.length === 0) return [];
  const rows: Row[] = [
    { segments: [{ text: '' }], priority: 3 },
    { segments: [{ text: 'Findings', paint: style.bold }], priority: 1 },
  ];
  findings.forEach((finding, i) => {
    const meaning = finding.vendor === 'standard' ? finding.meaning : `${finding.meaning} (${finding.vendor})`;
    const paint = style.severity(finding.severity);
    const badge: Segment = { text: `[${finding.severity.toUpperCase()}] `, paint };
    // A headline that starts with the code already names it and counts it.
    const selfContained = finding.headline.startsWith(`${finding.code} `);
    rows.push({
      segments: selfContained
        ? [badge, findingState(finding, style), { text: finding.headline, paint: style.bold }]
        : [
            badge,
            findingState(finding, style),
            { text: `${finding.code} ${meaning}`, paint: style.bold },
            { text: ` ×${formatCount(finding.count)} (${formatPercent(finding.share)})` },
            { text: finding.headline ? ` — ${finding.headline}` : '' },
          ],
      priority: 1 + i,
    });
    rows.push({ segments: [{ text: '    look first: ', paint: style.dim }, { text: finding.lookFirst }], priority: 2 + i });
    rows.push({ segments: [{ text: '    retry: ', paint: style.dim }, { text: finding.retry }], priority: 3 + i });
  });
  if (more > 0) rows.push({ segments: [{ text: `+${formatCount(more)} more finding${more === 1 ? '' : 's'} in the final report`, paint: style.dim }], priority: 2 });
  return rows;
}

/** Drops the least urgent rows (latest first among equals) until the rest fit. */
function fitRows(rows: Row[], maxRows: number): Row[] {
  const kept = [...rows];
  while (kept.length > maxRows) {
    let drop = 0;
    for (let i = 0; i < kept.length; i++) if (kept[i]!.priority >= kept[drop]!.priority) drop = i;
    kept.splice(drop, 1);
  }
  return kept;
}

/** Joins segments, sanitized, painted, and cut to `width` columns (an ellipsis marks a cut). */
function fitLine(segments: readonly Segment[], width: number): string {
  let out = '';
  let used = 0;
  for (const segment of segments) {
    const text = escapeControls(segment.text);
    const w = visibleWidth(text);
    const paint = segment.paint ?? ((t: string): string => t);
    if (used + w <= width) {
      out += paint(text);
      used += w;
      continue;
    }
    const cut = truncateEnd(text, width - used);
    out += paint(cut);
    break;
  }
  return out;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}
