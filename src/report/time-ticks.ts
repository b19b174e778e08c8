/**
 * The marks of a time axis at round times: whole minutes, hours or days in the zone the axis
 * shows, a step chosen by the span so that a chart gets a handful of them.
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
/** Steps in minutes that read as round: 10:15, 10:30; 06:00, 12:00; each day, each Monday. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, DAY_MINUTES, 2 * DAY_MINUTES, WEEK_MINUTES, 2 * WEEK_MINUTES, 4 * WEEK_MINUTES];
/** 1970-01-05, the first Monday of the epoch: weeks start on Mondays. */
const FIRST_MONDAY_MINUTES = 4 * DAY_MINUTES;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimeTick {
  /** The instant, epoch ms. */
  at: number;
  /** `10:15`; `Mar 3` at a midnight, or at every tick when the step is a day or more. */
  label: string;
  /** Where on the axis, from 0 (its start) to 1 (its end). */
  position: number;
}

export interface TimeAxis {
  startMs: number;
  endMs: number;
  /** Minutes per tick. */
  stepMinutes: number;
  ticks: TimeTick[];
}

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|Z)$/;

/** Minutes east of UTC that an ISO time states (`+05:30`), 0 for `Z` or none. */
export function offsetMinutesOf(iso: string): number {
  const match = OFFSET.exec(iso);
  if (!match || match[1] === undefined) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The axis under a timeline of buckets `bucketSeconds` wide, starting at `starts` (ISO, ascending,
 * with the offset the times are shown in; it may change within the run, at daylight saving). It
 * runs from the first bucket's start to the last one's end, with at most `maxTicks` ticks at
 * round local times no finer than a bucket; undefined without a readable start.
 */
export function timeAxis(starts: readonly string[], bucketSeconds: number, maxTicks: number): TimeAxis | undefined {
  const instants = starts.map((iso) => Date.parse(iso));
  const first = instants[0];
  const last = instants.at(-1);
  if (first === undefined || last === undefined || instants.some(Number.isNaN)) return undefined;
  const startMs = first;
  const endMs = last + Math.max(1, bucketSeconds) * 1000;
  const offsets = starts.map(offsetMinutesOf);
  /** The offset in force at an instant: that of the last bucket starting at or before it. */
  const offsetAt = (ms: number): number => {
    let offset = offsets[0] ?? 0;
    for (let i = 0; i < instants.length && instants[i]! <= ms; i += 1) offset = offsets[i]!;
    return offset;
  };
  const spanMinutes = (endMs - startMs) / MINUTE_MS;
  const bucketMinutes = bucketSeconds / 60;
  const stepMinutes =
    STEPS.find((step) => step >= bucketMinutes && spanMinutes / step <= maxTicks) ??
    Math.ceil(spanMinutes / maxTicks / WEEK_MINUTES) * WEEK_MINUTES;
  return { startMs, endMs, stepMinutes, ticks: ticksOf(startMs, endMs, stepMinutes, offsetAt) };
}

function ticksOf(startMs: number, endMs: number, stepMinutes: number, offsetAt: (ms: number) => number): TimeTick[] {
  // Steps of a week count from a Monday; the others from midnight, which every step divides.
  const origin = stepMinutes % WEEK_MINUTES === 0 ? FIRST_MONDAY_MINUTES : 0;
  const localStart = startMs / MINUTE_MS + offsetAt(startMs);
  const ticks: TimeTick[] = [];
  for (let local = Math.ceil((localStart - origin) / stepMinutes) * stepMinutes + origin; ; local += stepMinutes) {
    // The wall-clock minute `local` as an instant: with the offset in force then, which a change of
    // daylight saving between the axis start and the tick may have moved.
    let at = (local - offsetAt(startMs)) * MINUTE_MS;
    at = (local - offsetAt(at)) * MINUTE_MS;
    if (at > endMs) break;
    // A wall-clock time the clocks skipped when they went forward names no instant.
    if (at < startMs || at / MINUTE_MS + offsetAt(at) !== local) continue;
    ticks.push({ at, label: tickLabel(local, stepMinutes), position: (at - startMs) / (endMs - startMs) });
  }
  return ticks;
}

function tickLabel(localMinutes: number, stepMinutes: number): string {
  const wall = new Date(localMinutes * MINUTE_MS);
  if (stepMinutes >= DAY_MINUTES || localMinutes % DAY_MINUTES === 0) return `${MONTHS[wall.getUTCMonth()]} ${wall.getUTCDate()}`;
  return wall.toISOString().slice(11, 16);
}
