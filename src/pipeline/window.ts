/**
 * --since / --until: the time window a report or triage looks at.
 *
 * Accepted forms:
 *   ISO 8601 with a zone      2026-11-21T14:05:00Z, 2026-11-21T14:05+03:30
 *   ISO 8601 without a zone   2026-11-21 14:05      (in the log's own UTC offset)
 *   a time of day             14:05, 14:05:30       (on the log's last day, in its offset)
 *   relative to the log's end -2h, -90m, -30s, -1d  (or to now when the end is unknown)
 *   a unix timestamp          1732197900 (seconds) or 1732197900000 (ms)
 */
export interface TimeReference {
  /** Last record time of the input (epoch ms), when known. */
  endMs?: number;
  /** UTC offset in minutes the log uses, when known. */
  tzOffsetMinutes?: number;
  nowMs: number;
}

export interface TimeWindow {
  sinceMs?: number;
  untilMs?: number;
}

const RELATIVE = /^-(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins|h|hr|hrs|hour|hours|d|day|days|w)$/i;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_NO_ZONE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** True when the spec's meaning depends on where the log ends (relative or time-of-day). */
export function needsLogEnd(spec: string): boolean {
  const text = spec.trim();
  return RELATIVE.test(text) || TIME_OF_DAY.test(text) || ISO_NO_ZONE.test(text);
}

/** Parses one --since/--until value; throws an Error with a one-line message when it cannot. */
export function parseTimeSpec(spec: string, ref: TimeReference): number {
  const text = spec.trim();
  const offsetMs = (ref.tzOffsetMinutes ?? 0) * 60_000;

  const relative = RELATIVE.exec(text);
  if (relative) {
    const unit = relative[2]!.toLowerCase()[0]!;
    return (ref.endMs ?? ref.nowMs) - Number(relative[1]) * UNIT_MS[unit]!;
  }

  const timeOfDay = TIME_OF_DAY.exec(text);
  if (timeOfDay) {
    const [hours, minutes, seconds] = [Number(timeOfDay[1]), Number(timeOfDay[2]), Number(timeOfDay[3] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) throw new Error(`'${spec}' is not a time of day`);
    // The calendar day of the log's last record, as the log's own clock shows it.
    const localEnd = new Date((ref.endMs ?? ref.nowMs) + offsetMs);
    const localMidnight = Date.UTC(localEnd.getUTCFullYear(), localEnd.getUTCMonth(), localEnd.getUTCDate());
    return localMidnight + ((hours * 60 + minutes) * 60 + seconds) * 1000 - offsetMs;
  }

  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{12,13}$/.test(text)) return Number(text);

  const noZone = ISO_NO_ZONE.exec(text);
  if (noZone) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = noZone;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    if (Number.isNaN(utc)) throw new Error(`'${spec}' is not a valid date`);
    return utc - offsetMs;
  }

  if (ISO_WITH_ZONE.test(text)) {
    const parsed = Date.parse(text.replace(' ', 'T'));
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new Error(
    `cannot read '${spec}' as a time: use ISO 8601 (2026-11-21T14:05Z), HH:MM on the log's last day, or a relative time like -2h`,
  );
}

export function resolveWindow(since: string | undefined, until: string | undefined, ref: TimeReference): TimeWindow {
  const window: TimeWindow = {};
  if (since !== undefined) window.sinceMs = parseTimeSpec(since, ref);
  if (until !== undefined) window.untilMs = parseTimeSpec(until, ref);
  if (window.sinceMs !== undefined && window.untilMs !== undefined && window.untilMs <= window.sinceMs) {
    throw new Error(`--until (${new Date(window.untilMs).toISOString()}) is not after --since (${new Date(window.sinceMs).toISOString()})`);
  }
  return window;
}

export type WindowPlace = 'inside' | 'baseline' | 'outside';

/** The hour before --since is the baseline triage compares the window with. */
export const BASELINE_MS = 3_600_000;

export function placeInWindow(timeMs: number, window: TimeWindow): WindowPlace {
  if (timeMs < 0) return 'inside';
  if (window.untilMs !== undefined && timeMs >= window.untilMs) return 'outside';
  if (window.sinceMs !== undefined && timeMs < window.sinceMs) {
    return timeMs >= window.sinceMs - BASELINE_MS ? 'baseline' : 'outside';
  }
  return 'inside';
}
