import type { Report, TimelineBucket } from '../model/report.js';
import type { CodeColors } from './html-colors.js';
import { bucketIndexAt, episodeStarts, formatClock, formatCount, formatPercent } from './format-values.js';
import { html, n, type Markup } from './markup.js';
import { timeAxis } from './time-ticks.js';

/**
 * The page's charts. Each one is an SVG whose viewBox is the data (a slot per time bucket, a row
 * per code) stretched to the width of its box, so it fits any screen; its text (axis labels,
 * onset labels, code names) is HTML around it, which keeps its size when the chart shrinks to a
 * phone's width. Lines keep their width too (non-scaling strokes).
 */

export interface Stack {
  key: string;
  /** The CSS class of its colour ({@link CodeColors}): the legend and the tables use the same. */
  color: string;
  label: string;
  count: number;
}

/** At most this many time ticks; a narrow screen shows every other one when there are more than {@link NARROW_TICKS}. */
const MAX_TICKS = 8;
const NARROW_TICKS = 5;
/** Height of the bars' viewBox: a bar of the axis maximum is 100 high. */
const PLOT = 100;

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** Percent along an axis, for an inline `left:`. */
function percent(fraction: number): string {
  return `${n(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/**
 * Stacked bars over time, one per bucket at its place in time (a gap in the log stays a gap),
 * only the non-zero segments drawn, each with its own tooltip. Onsets are dashed markers; the
 * x axis is marked at round times.
 */
export function timeChart(
  kind: string,
  timeline: Report['timeline'],
  stacksOf: (bucket: TimelineBucket) => Stack[],
  markers: ReadonlyArray<{ start: string; label: string }>,
  title: string,
): Markup {
  const { buckets, bucketSeconds } = timeline;
  const axis = timeAxis(
    buckets.map((bucket) => bucket.start),
    bucketSeconds,
    MAX_TICKS,
  );
  if (axis === undefined) return html``;
  const bucketMs = Math.max(1, bucketSeconds) * 1000;
  const slots = Math.max(1, Math.round((axis.endMs - axis.startMs) / bucketMs));
  const slotOf = (iso: string): number => (Date.parse(iso) - axis.startMs) / bucketMs;
  const stacks = buckets.map(stacksOf);
  const max = niceMax(Math.max(0, ...stacks.map((parts) => parts.reduce((sum, part) => sum + part.count, 0))));
  const barWidth = slots > 120 ? 1 : 0.8;

  const bars = stacks.map((parts, i) => {
    const start = buckets[i]?.start ?? '';
    const x = slotOf(start) + (1 - barWidth) / 2;
    let y = PLOT;
    return parts
      .filter((part) => part.count > 0)
      .map((part) => {
        const h = (part.count / max) * PLOT;
        y -= h;
        return html`<rect class="seg ${part.color}" data-key="${part.key}" data-bucket="${i}" x="${n(x)}" y="${n(y)}" width="${n(barWidth)}" height="${n(Math.max(h, 0.5))}" fill="currentColor"><title>${formatClock(start)} · ${part.label}: ${formatCount(part.count)}</title></rect>`;
      });
  });
  const grid = [0, 0.5, 1].map((fraction) => {
    const y = PLOT - fraction * PLOT;
    return html`<line class="grid" x1="0" x2="${slots}" y1="${n(y)}" y2="${n(y)}" vector-effect="non-scaling-stroke"/>`;
  });
  const narrow = axis.ticks.length > NARROW_TICKS;
  // Each label is centred on its time, at the edges too: the y axis and the section's padding leave room.
  const ticks = axis.ticks.map(
    (tick, i) =>
      html`<span class="tick${narrow && i % 2 === 1 ? ' odd' : ''}" data-at="${new Date(tick.at).toISOString()}" style="left:${percent(tick.position)}">${tick.label}</span>`,
  );
  const tickMarks = axis.ticks.map((tick) => {
    const x = tick.position * slots;
    return html`<line class="tickmark" x1="${n(x)}" x2="${n(x)}" y1="${PLOT}" y2="${PLOT - 4}" vector-effect="non-scaling-stroke"/>`;
  });
  // Labels of nearby onsets would overlap, so each one steps down a line; near the right edge they run leftwards.
  const markerLines = markers.map(({ start }) => {
    const x = slotOf(start);
    return html`<g class="marker"><line x1="${n(x)}" x2="${n(x)}" y1="0" y2="${PLOT}" vector-effect="non-scaling-stroke"/></g>`;
  });
  const markerLabels = markers.map(({ start, label }, i) => {
    const fraction = slotOf(start) / slots;
    const place = fraction > 0.7 ? `right:${percent(1 - fraction)}` : `left:${percent(fraction)}`;
    return html`<span class="mark${fraction > 0.7 ? ' flip' : ''}" style="${place};top:${(i % 4) * 15}px">${label}</span>`;
  });
  return html`<figure class="timechart">
<div class="yaxis" aria-hidden="true"><span>${formatCount(max)}</span><span>${formatCount(max / 2)}</span><span>0</span></div>
<div class="plot"><svg class="chart time" data-chart="${kind}" viewBox="0 0 ${slots} ${PLOT}" preserveAspectRatio="none" role="img" aria-label="${title}">
${grid}
<g class="bars">${bars}</g>
${markerLines}
${tickMarks}
</svg>${markerLabels.length > 0 ? html`<div class="marks" aria-hidden="true">${markerLabels}</div>` : ''}</div>
<div class="xaxis" aria-hidden="true">${ticks}</div>
</figure>`;
}

export function legend(entries: ReadonlyArray<{ color: string; label: string }>): Markup {
  return html`<ul class="legend">${entries.map((entry) => html`<li><i class="${entry.color}"></i>${entry.label}</li>`)}</ul>`;
}

/** Starts of 5xx episodes, one marker per bucket, in time order, each at its bucket's start. */
export function onsetMarkers(report: Report): Array<{ start: string; label: string }> {
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
    .map(([index, codes]) => ({ start: starts[index] ?? '', label: `▲ ${codes.sort((a, b) => a - b).join(', ')}` }));
}

/**
 * The requests per code as horizontal bars: the code and its meaning left, the count and share
 * right, both HTML; between them one SVG with a row per code, as wide as the screen leaves.
 */
export function codeBars(report: Report, limit: number, colors: CodeColors): Markup {
  const rows = report.codes.slice(0, limit);
  if (rows.length === 0) return html``;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const labels = rows.map(
    (row, i) =>
      html`<span class="bl" style="grid-row:${i + 1}" title="${row.code} ${row.meaning}"><b class="code ${colors.codeClass(row.code)}">${row.code}</b> ${row.meaning}</span><span class="bv" style="grid-row:${i + 1}">${formatCount(row.count)} · ${formatPercent(row.share)}</span>`,
  );
  const bars = rows.map(
    (row, i) =>
      html`<rect class="bar ${colors.codeClass(row.code)}" data-code="${row.code}" x="0" y="${n(i + 0.2)}" width="${n(Math.max(0.5, (row.count / max) * 100))}" height="0.6" fill="currentColor"><title>${row.code} ${row.meaning}: ${formatCount(row.count)} (${formatPercent(row.share)})</title></rect>`,
  );
  return html`<div class="codebars" style="grid-template-rows:repeat(${rows.length},26px)">${labels}<svg class="chart codes" data-chart="codes" viewBox="0 0 100 ${rows.length}" preserveAspectRatio="none" style="grid-row:1 / span ${rows.length}" role="img" aria-label="Requests per status code">${bars}</svg></div>`;
}
