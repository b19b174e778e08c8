import { charWidth, visibleWidth } from './style.js';
import type { MalformedSample } from '../model/counts.js';
import type { Severity } from '../model/findings.js';
import type { MalformedCode } from '../model/malformed.js';
import type { IgnoredReason, InferredLayout, Report } from '../model/report.js';
import type { Episode } from '../model/findings.js';

/** Formatting shared by every renderer: numbers, shares, durations, sizes, times, and fitting text into columns. */

// Made on first use: the first Intl formatter of a process loads ICU data, some 25 ms
// that runs which never print a count (JSON output, explain) should not pay at startup.
let integerFormat: Intl.NumberFormat | undefined;

export function formatCount(value: number): string {
  integerFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return integerFormat.format(value);
}

/** A share in 0..1 as a percentage; tiny non-zero shares say so instead of rounding to 0. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const percent = share * 100;
  if (percent < 0.1) return '<0.1%';
  if (percent >= 99.95 && share < 1) return '>99.9%';
  return `${percent >= 10 ? percent.toFixed(1).replace(/\.0$/, '') : percent.toFixed(1)}%`;
}

/**
 * The unit of every rate in one context (a report in any renderer, a live view): one unit, so that
 * no table or page sets `12/s` beside `0.3/min`.
 */
export type RateUnit = 's' | 'min' | 'h';

const UNIT_SECONDS: Readonly<Record<RateUnit, number>> = { s: 1, min: 60, h: 3600 };

/**
 * The unit for a context whose overall rate is `perSecond`: per second from one a second up, per
 * minute from one a minute, else per hour, so that the context's main rate reads as 1 or more.
 * Smaller rates in it (a background of 5xx) then take decimals rather than another unit.
 */
export function rateUnitFor(perSecond: number): RateUnit {
  if (!(perSecond > 0) || perSecond >= 1) return 's';
  return perSecond * 60 >= 1 ? 'min' : 'h';
}

/** The rate unit of a report, by the rate of all its requests; every renderer picks the same. */
export function reportRateUnit(report: Pick<Report, 'span'>): RateUnit {
  return rateUnitFor(report.span.requestsPerSecond);
}

/** A rate in `unit`: `1,204/s`, `59.5/min`, `12/min`, `0.052/s`. */
export function formatRate(perSecond: number, unit: RateUnit): string {
  const value = perSecond * UNIT_SECONDS[unit];
  let text: string;
  if (!(value > 0)) text = '0';
  else if (value >= 100) text = formatCount(Math.round(value));
  else if (value >= 1) text = value.toFixed(1).replace(/\.0$/, '');
  else if (value < 0.001) text = '<0.001';
  else text = String(Number(value.toPrecision(2)));
  return `${text}/${unit}`;
}

/** The request rate of a report in its unit, or undefined when its span has no length to divide by. */
export function reportRate(report: Pick<Report, 'span'>): string | undefined {
  return report.span.seconds > 0 ? formatRate(report.span.requestsPerSecond, reportRateUnit(report)) : undefined;
}

/** A span of seconds as `2h 05m`, `4m 07s` or `12s`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${two(hours)}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(secs)}s`;
  return `${secs}s`;
}

/** A latency in milliseconds: `850 ms`, `1.25 s`, `60.0 s`. */
export function formatMs(ms: number): string {
  if (ms <= 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 600_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/**
 * ` (3,000 of 5,951 requests logged a size)` when only some of the report's requests carried a
 * field, '' when all did: a sum or a percentile over part of the log says so.
 */
function coverage(records: number, report: Pick<Report, 'classes'>, what: string): string {
  const requests = requestCount(report);
  return records < requests ? ` (${formatCount(records)} of ${formatCount(requests)} requests logged ${what})` : '';
}

/** The coverage of the report's byte sum: '' when every request logged a size. */
export function bytesCoverageText(report: Pick<Report, 'bytes' | 'bytesRecords' | 'classes'>): string {
  return report.bytes !== undefined ? coverage(report.bytesRecords ?? requestCount(report), report, 'a size') : '';
}

/** Bytes sent, `1.20 MB` with its coverage; undefined when no record carried a size (unknown, not `0 B`). */
export function bytesSentText(report: Pick<Report, 'bytes' | 'bytesRecords' | 'classes'>): string | undefined {
  if (report.bytes === undefined) return undefined;
  return `${formatBytes(report.bytes)}${bytesCoverageText(report)}`;
}

/** The coverage of the report's latency percentiles: '' when every request logged a duration. */
export function latencyCoverageText(report: Pick<Report, 'latencyMs' | 'classes'>): string {
  return report.latencyMs !== undefined ? coverage(report.latencyMs.count, report, 'a duration') : '';
}

/** Decimal units, as `ls -h --si` and most dashboards print them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ${BYTE_UNITS[unit]}`;
}

const ISO_PARTS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

interface TimeParts {
  date: string;
  minute: string;
  seconds: string;
  zone: string;
}

function timeParts(iso: string): TimeParts | undefined {
  const match = ISO_PARTS.exec(iso);
  if (!match) return undefined;
  const zone = match[4] === undefined ? '' : match[4] === 'Z' || /^[+-]00:?00$/.test(match[4]) ? 'UTC' : match[4];
  return { date: match[1] ?? '', minute: match[2] ?? '', seconds: match[3] ?? '', zone };
}

/**
 * A timestamp as the log gave it, without the `T` and fractions:
 * `2026-11-21 14:03:07 UTC`, or `... +02:00` when the log had an offset.
 */
export function formatTime(iso: string): string {
  const parts = timeParts(iso);
  if (!parts) return iso;
  return `${parts.date} ${parts.minute}${parts.seconds}${parts.zone ? ` ${parts.zone}` : ''}`;
}

/** A minute with its date and zone, without seconds: `2026-11-21 14:03 UTC`, `... +02:00`. */
export function formatMinute(iso: string): string {
  const parts = timeParts(iso);
  if (!parts) return iso;
  return `${parts.date} ${parts.minute}${parts.zone ? ` ${parts.zone}` : ''}`;
}

/** A minute as `14:03 UTC` (or `14:03 +02:00`): a clock that says its zone, for sentences. */
export function formatClockWithZone(iso: string): string {
  const parts = timeParts(iso);
  if (!parts) return iso;
  return `${parts.minute}${parts.zone ? ` ${parts.zone}` : ''}`;
}

/** The zone of a timestamp as shown by {@link formatTime}: `UTC`, `+02:00`, or '' when it has none. */
export function formatZone(iso: string): string {
  return timeParts(iso)?.zone ?? '';
}

/** Hour and minute only (`14:03`), for timeline labels and onsets within a known day. */
export function formatClock(iso: string): string {
  return timeParts(iso)?.minute ?? iso;
}

/** `first → last`, dropping the repeated date when both fall on the same day. */
export function formatSpan(first: string, last: string): string {
  const a = timeParts(first);
  const b = timeParts(last);
  if (!a || !b) return `${first} → ${last}`;
  if (a.date === b.date && a.zone === b.zone) {
    return `${a.date} ${a.minute}${a.seconds} → ${b.minute}${b.seconds}${a.zone ? ` ${a.zone}` : ''}`;
  }
  return `${formatTime(first)} → ${formatTime(last)}`;
}

export const ELLIPSIS = '…';

/** Cuts text to at most `width` columns, ending in an ellipsis when cut. */
export function truncateEnd(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return out + ELLIPSIS;
}

/**
 * Cuts text to at most `width` columns by removing its middle: for paths and
 * URLs both the start (the route) and the end (the resource) say something.
 */
export function truncateMiddle(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 1) return truncateEnd(text, width);
  const chars = Array.from(text);
  const budget = width - 1;
  const headBudget = Math.ceil(budget * 0.6);
  let head = '';
  let headWidth = 0;
  for (const char of chars) {
    const w = charWidth(char);
    if (headWidth + w > headBudget) break;
    head += char;
    headWidth += w;
  }
  let tail = '';
  let tailWidth = 0;
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const char = chars[i] ?? '';
    const w = charWidth(char);
    if (headWidth + tailWidth + w > budget) break;
    tail = char + tail;
    tailWidth += w;
  }
  return head + ELLIPSIS + tail;
}

/**
 * Wraps plain text (no colour codes) at spaces to lines of at most `width`
 * columns; a word longer than a line is cut into pieces.
 */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
      let rest = word;
      while (visibleWidth(rest) > limit) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        const piece = takeColumns(rest, limit);
        lines.push(piece);
        rest = rest.slice(piece.length);
      }
      if (line === '') line = rest;
      else if (visibleWidth(line) + 1 + visibleWidth(rest) <= limit) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

function takeColumns(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width && out !== '') break;
    out += char;
    used += w;
  }
  return out;
}

const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * A series as a one-line sparkline. Zero is a space-like low bar and any
 * non-zero value shows at least the second level, so a single error in a
 * quiet minute stays visible next to a large peak.
 */
export function formatSparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((value) => {
      if (value <= 0 || max === 0) return SPARK_LEVELS[0];
      const level = 1 + Math.round((value / max) * (SPARK_LEVELS.length - 2));
      return SPARK_LEVELS[Math.min(SPARK_LEVELS.length - 1, level)];
    })
    .join('');
}

/** Merge factors that give round column spans over minute or second buckets (5, 10, 15, 30, 60 ...). */
const NICE_FACTORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];

/**
 * Narrows a series to at most `columns` points for display by merging runs of
 * neighbouring buckets (summing them), a round number of buckets per column.
 * Returns each column's first bucket index.
 */
export function mergeColumns(values: readonly number[], columns: number): { values: number[]; starts: number[] } {
  const needed = Math.max(1, Math.ceil(values.length / Math.max(1, columns)));
  const per = NICE_FACTORS.find((factor) => factor >= needed) ?? Math.ceil(needed / 1440) * 1440;
  const merged: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < values.length; i += per) {
    starts.push(i);
    merged.push(values.slice(i, i + per).reduce((sum, v) => sum + v, 0));
  }
  return { values: merged, starts };
}

/** What one bucket or column covers: `minute`, `20 minutes`, `hour`, `6 hours`, `15 seconds`. */
export function formatBucketSpan(seconds: number): string {
  const plural = (count: number, unit: string): string => (count === 1 ? unit : `${count} ${unit}s`);
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** Index of the bucket (by ISO start, ascending) that contains the instant `iso`, or -1. */
export function bucketIndexAt(bucketStarts: readonly string[], iso: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return -1;
  let found = -1;
  for (let i = 0; i < bucketStarts.length; i += 1) {
    const start = Date.parse(bucketStarts[i] ?? '');
    if (Number.isNaN(start) || start > at) break;
    found = i;
  }
  return found;
}

export interface MalformedGroup {
  code: MalformedCode;
  /** Malformed lines with this code in the whole input. */
  lines: number;
  /** The samples kept of them, which may be none: samples are the first lines only. */
  samples: MalformedSample[];
}

/**
 * Malformed lines by reason code, most lines first, each with its samples. A code only the
 * samples know (a report with no counts) comes after, in order of first appearance.
 */
export function malformedGroups(report: Pick<Report, 'malformedCodes' | 'malformedSamples'>): MalformedGroup[] {
  const groups = new Map<MalformedCode, MalformedGroup>();
  for (const [code, lines] of Object.entries(report.malformedCodes) as Array<[MalformedCode, number]>) {
    groups.set(code, { code, lines, samples: [] });
  }
  for (const sample of report.malformedSamples) {
    const group = groups.get(sample.code);
    if (group === undefined) groups.set(sample.code, { code: sample.code, lines: 0, samples: [sample] });
    else group.samples.push(sample);
  }
  for (const group of groups.values()) group.lines = Math.max(group.lines, group.samples.length);
  return [...groups.values()];
}

/** Each reason lines were ignored, with its lines: 'TCP listener: no HTTP status (2)'. */
export function ignoredItems(reasons: readonly IgnoredReason[]): string[] {
  return reasons.map((reason) => `${reason.reason} (${formatCount(reason.lines)})`);
}

/**
 * What a source's inferred layout says, before the field names: that they were read from the shape
 * of so many records of its format, for want of the #Fields: line, which is read instead when present.
 */
export function inferredLayoutText(layout: InferredLayout): string {
  const records = `${formatCount(layout.records)} record${layout.records === 1 ? '' : 's'}`;
  return `${layout.format} fields inferred from the line shape for ${records} (no #Fields: line before them; a #Fields: line, when present, wins):`;
}

/** Cuts text to at most `width` columns from the left: for file names, whose end says the most. */
/**
 * A file name cut to `width` in its folders, never in its base name: 'fixtures/…/nginx-incident.log'.
 * The base name is what tells rotated files apart, so it stays whole even when it alone is wider.
 */
export function truncatePath(path: string, width: number): string {
  if (visibleWidth(path) <= width) return path;
  const slash = path.lastIndexOf('/');
  if (slash < 0) return path;
  const base = path.slice(slash);
  const room = width - visibleWidth(base) - 1;
  if (room <= 0) return `…${base}`;
  return `${truncateEnd(path.slice(0, slash), room + 1)}${base}`;
}

export function truncateStart(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  const chars = Array.from(text);
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const char = chars[i] ?? '';
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out = char + out;
    used += w;
  }
  return ELLIPSIS + out;
}

/**
 * Packs items (`p50 3 ms`, `peak 14:07`) into lines of at most `width`
 * columns, breaking only between items so a value never parts from its unit.
 */
export function wrapItems(items: readonly string[], width: number, separator = ' · '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line === '') line = item;
    else if (visibleWidth(line) + visibleWidth(separator) + visibleWidth(item) <= width) line += `${separator}${item}`;
    else {
      lines.push(line);
      line = item;
    }
    if (visibleWidth(line) > width) {
      const pieces = wrapText(line, width);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

export interface TimelineSketch {
  /** One sparkline character per column. */
  spark: string;
  /** Carets under the columns where 5xx episodes start, labelled `▲ HH:MM (codes)` where the labels fit. */
  marker?: string;
  /** The labels as one line, when they do not all fit beside their carets. */
  markerLegend?: string;
  /** First and last bucket, and the peak. */
  axis: string;
  /** What one column covers: `minute`, or e.g. `20 minutes` when buckets were merged to fit. */
  bucketLabel: string;
  max: number;
}

/** The per-bucket 5xx counts as a sparkline of at most `columns` characters, with the earliest 5xx onset marked. */
export function sketchErrorTimeline(report: Report, columns: number): TimelineSketch | undefined {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return undefined;
  const { values, starts } = mergeColumns(
    buckets.map((bucket) => bucket.classes['5xx']),
    columns,
  );
  const perColumn = report.timeline.bucketSeconds * (starts.length > 1 ? (starts[1] ?? 1) : 1);
  const bucketLabel = formatBucketSpan(perColumn);
  const max = Math.max(...values);
  const peakColumn = values.indexOf(max);
  const axis = truncateEnd(
    `${formatClock(buckets[0]?.start ?? '')} … ${formatClock(buckets[buckets.length - 1]?.start ?? '')}` +
      `${formatZone(buckets[0]?.start ?? '') ? ` ${formatZone(buckets[0]?.start ?? '')}` : ''}` +
      ` · peak ${formatCount(max)} at ${formatClock(buckets[starts[peakColumn] ?? 0]?.start ?? '')}`,
    columns,
  );
  const sketch: TimelineSketch = { spark: formatSparkline(values), axis, bucketLabel, max };
  const marker = episodeMarkerLine(report, starts, columns);
  if (marker !== undefined) {
    sketch.marker = marker.line;
    if (marker.legend !== undefined) sketch.markerLegend = marker.legend;
  }
  return sketch;
}

/**
 * A line of carets under the columns where 5xx episodes start, with labels where they fit:
 * `▲ 13:00 502, 504   ▲ 19:30 502`.
 */
function episodeMarkerLine(report: Report, starts: readonly number[], columns: number): { line: string; legend?: string } | undefined {
  const bucketStarts = report.timeline.buckets.map((b) => b.start);
  const marks: Array<{ column: number; label: string }> = [];
  for (const episode of episodeStarts(report)) {
    const bucket = bucketIndexAt(bucketStarts, episode.at);
    if (bucket < 0) continue;
    let column = -1;
    for (let i = 0; i < starts.length; i += 1) if ((starts[i] ?? 0) <= bucket) column = i;
    if (column < 0) continue;
    const label = `${episode.underway ? 'underway' : formatClock(episode.at)} (${episode.codes.join(', ')})`;
    const same = marks.find((m) => m.column === column);
    if (same) same.label = `${same.label.slice(0, -1)}, ${episode.codes.join(', ')})`;
    else marks.push({ column, label });
  }
  if (marks.length === 0) return undefined;
  const line = Array.from({ length: columns }, () => ' ');
  for (const { column } of marks) line[column] = '▲';
  // Each label right of its caret, when every one fits before the next caret; else a legend line.
  const fits = marks.every(({ column, label }, i) => column + 2 + label.length <= (marks[i + 1]?.column ?? columns + 1) - 1);
  if (fits) {
    for (const { column, label } of marks) for (let c = 0; c < label.length; c++) line[column + 2 + c] = label[c]!;
    return { line: line.join('').trimEnd() };
  }
  return { line: line.join('').trimEnd(), legend: truncateEnd(`▲ ${marks.map((m) => m.label).join(' · ')}`, columns) };
}

/** Where 5xx episodes start, grouped by minute, in time order. */
export function episodeStarts(report: Report): Array<{ at: string; codes: number[]; underway: boolean }> {
  const byStart = new Map<string, { at: string; codes: number[]; underway: boolean }>();
  for (const finding of report.triage) {
    if (finding.code < 500 || finding.code > 599) continue;
    for (const episode of episodesOf(finding.evidence)) {
      const known = byStart.get(episode.start);
      if (known) known.codes.push(finding.code);
      else byStart.set(episode.start, { at: episode.start, codes: [finding.code], underway: episode.startedBeforeLog });
    }
  }
  return [...byStart.values()]
    .filter((e) => !Number.isNaN(Date.parse(e.at)))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((e) => ({ ...e, codes: e.codes.sort((x, y) => x - y) }));
}

/**
 * A finding's episodes. A report written before episodes were part of the contract has only an
 * onset: that is shown as the start of an episode whose end it does not know.
 */
function episodesOf(evidence: Report['triage'][number]['evidence']): Array<Pick<Episode, 'start' | 'startedBeforeLog'>> {
  if (evidence.episodes !== undefined) return evidence.episodes;
  return evidence.onset !== undefined ? [{ start: evidence.onset, startedBeforeLog: false }] : [];
}

/** The onset of a report that has no episodes (written before they were part of the contract). */
export function onsetWithoutEpisodes(evidence: Report['triage'][number]['evidence']): string | undefined {
  return evidence.episodes === undefined ? evidence.onset : undefined;
}

/** Minutes between two ISO minute starts, both counted. */
function minutesSpanned(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000) + 1;
}

/**
 * One episode in a line: `13:00–13:44 (45 min) · 6,547 · 21% of requests · peak 190 at 13:12`,
 * with `underway at the start` or `ongoing` where it applies.
 */
export function formatEpisode(episode: Episode): string {
  const minutes = minutesSpanned(episode.start, episode.end);
  const length = minutes < 120 ? `${minutes} min` : formatDuration(minutes * 60);
  const from = episode.startedBeforeLog ? `underway at the start → ${formatClock(episode.end)}` : `${formatClock(episode.start)}–${formatClock(episode.end)}`;
  const state = episode.ongoing ? ' · ongoing' : '';
  return `${from} (${length}) · ${formatCount(episode.count)} · ${formatPercent(episode.share)} of requests · peak ${formatCount(episode.peakCount)} at ${formatClock(episode.peak)}${state}${episodeLead(episode)}`;
}

/** ` · upstream 10.0.3.12:8080 (94%)`: what most of the episode hit, upstream first, then host, then path. */
function episodeLead(episode: Episode): string {
  const top = episode.top;
  if (top === undefined || episode.count <= 0) return '';
  for (const [label, values] of [['upstream', top.upstreams], ['host', top.hosts], ['path', top.paths]] as const) {
    const lead = values[0];
    if (lead !== undefined && lead.count >= 0.5 * episode.count) {
      return ` · ${label} ${truncateMiddle(lead.value, 48)} (${formatPercent(Math.min(1, lead.count / episode.count))})`;
    }
  }
  return '';
}

/** Episodes a renderer lists before it counts the rest. */
export const EPISODES_SHOWN = 5;

/** The episode lines of a finding, the rest counted: `+3 more episodes`. */
export function episodeLines(episodes: readonly Episode[], limit = EPISODES_SHOWN): string[] {
  const lines = episodes.slice(0, limit).map(formatEpisode);
  if (episodes.length > limit) lines.push(`+${episodes.length - limit} more episodes`);
  return lines;
}

/** What the findings section says when there are none: an empty window is no clean bill of health. */
export function noFindingsText(report: Pick<Report, 'classes'>): string {
  return requestCount(report) === 0
    ? 'No records to judge: no request was read (in the window, if one was given), so this says nothing about health.'
    : 'No findings: no server-side error pattern stands out.';
}

/**
 * The requests the report's counts cover. With --since/--until that is the
 * window only, while lines.parsed still counts every parsed line read, so the
 * classes (which every request falls in exactly once) are the measure.
 */
export function requestCount(report: Pick<Report, 'classes'>): number {
  return Object.values(report.classes).reduce((sum, count) => sum + count, 0);
}

/** How every renderer names a severity; the terminal and Markdown shout it in capitals. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
