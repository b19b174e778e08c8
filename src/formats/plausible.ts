/**
 * The ranges a parsed value must fall in to be counted as what it claims to be. A fuzzed, corrupted
 * or hostile line can carry any number where a status, a time, a size or a duration belongs
 * (1e309, a 30-digit timestamp, a status of 65536): parsed as such, it would become a million
 * distinct "codes", a report window of 8,000 years, or Infinity bytes. Out of range, a status or a
 * time makes the line malformed, with a reason; a size or a duration is treated as absent.
 */

/** A status is a three-digit integer; 600-999 are counted under 'other'. */
export const MIN_STATUS = 100;
export const MAX_STATUS = 999;

/** No web server in use wrote an access log before this: 1990-01-01T00:00:00Z. */
export const EARLIEST_TIME_MS = Date.UTC(1990, 0, 1);
/** How far ahead of this machine's clock a log's clock may run (skew, a time zone written wrong). */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** A request that took longer than a year did not: the field holds something else. */
export const MAX_DURATION_MS = 365 * 24 * 60 * 60 * 1000;
/** Bytes beyond this cannot be added up exactly, and no response is that large. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;

export function statusIsPlausible(status: number): boolean {
  return status >= MIN_STATUS && status <= MAX_STATUS && Math.floor(status) === status;
}

/**
 * Whether an epoch-ms time lies between EARLIEST_TIME_MS and a day past the clock. The clock is read
 * again only when a time passes the bound read before, so a follow that runs for days keeps up.
 */
export class TimeBounds {
  private latest: number;

  constructor(private readonly now: () => number = Date.now) {
    this.latest = now() + FUTURE_SLACK_MS;
  }

  accepts(time: number): boolean {
    if (time >= EARLIEST_TIME_MS && time <= this.latest) return true;
    if (!(time > this.latest) || !Number.isFinite(time)) return false;
    this.latest = this.now() + FUTURE_SLACK_MS;
    return time <= this.latest;
  }
}

/** A time for a message: its ISO form when Date can write it, else the number. */
export function describeTime(time: number): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? String(time) : date.toISOString();
}
